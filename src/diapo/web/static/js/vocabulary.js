// The names the page offers (formats, resolutions, aspects, music styles), read from the
// server's /api/vocabulary so the page never keeps a copy of its own that could disagree.

import { language, t } from "./i18n.js";

let vocab = null;

const LABELS = { mp4: "MP4 (H.264)" };

function option(value, label, selected) {
  const node = document.createElement("option");
  node.value = value;
  node.textContent = label;
  if (selected) node.selected = true;
  return node;
}

/** Fetch the vocabulary once through `api`; the page's menus are built from it. */
export async function loadVocabulary(api) {
  vocab = await api.vocabulary();
  return vocab;
}

/** Fill the export menus and the aspect buttons. */
export function buildMenus({ format, resolution, aspects }) {
  const groups = [
    ["video", "groupVideo"],
    ["still", "groupStill"],
    ["audio", "groupAudio"],
  ];
  format.replaceChildren(
    ...groups.map(([key, label]) => {
      const group = document.createElement("optgroup");
      group.dataset.i18nLabel = label;
      group.label = t(label);
      group.append(
        ...vocab.formats[key].map((f) => option(f, LABELS[f] || f.toUpperCase(), f === "mp4")),
      );
      return group;
    }),
  );
  resolution.replaceChildren(
    ...vocab.resolutions.map((r, i) => option(r, r, i === 0)),
  );
  aspects.replaceChildren(
    ...Object.entries(vocab.aspects).map(([ar, size]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.aspect = ar;
      const icon = document.createElement("span");
      icon.className = "ar";
      icon.setAttribute("aria-hidden", "true");
      // The icon keeps the aspect's shape, 16 px on its longer side.
      const scale = 16 / Math.max(size.w, size.h);
      icon.style.width = `${Math.round(size.w * scale)}px`;
      icon.style.height = `${Math.round(size.h * scale)}px`;
      button.append(icon, ar);
      return button;
    }),
  );
}

/** The vocabulary as the server sent it (null until loaded). */
export function vocabulary() {
  return vocab;
}

/** A transition's name in the page's language. */
export function transitionName(kind) {
  const titles = vocab?.transition_titles?.[kind];
  return titles ? titles[language()] || titles.en : kind;
}

/** An ending's name in the page's language ("fade", "cut", "card"). */
export function endingName(kind) {
  const titles = vocab?.ending_titles?.[kind];
  return titles ? titles[language()] || titles.en : kind;
}

/** A built-in music style's name in the page's language. */
export function musicName(style) {
  const titles = vocab?.music_titles?.[style];
  return titles ? titles[language()] || titles.en : style;
}

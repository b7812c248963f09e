// The export panel's "For…" menu: platform presets from the server's /api/vocabulary
// (aspect, largest size, longest video, bitrate and file-size cap), never a copy of our own.

import { language, t } from "./i18n.js";
import { vocabulary } from "./vocabulary.js";

function limit(seconds) {
  return seconds % 60 === 0 && seconds >= 120 ? `${seconds / 60} min` : `${seconds} s`;
}

function title(preset) {
  return preset.titles[language()] || preset.titles.en;
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Fill (or refill, in the page's language) the menu; the chosen platform stays chosen. */
export function fillPresetMenu(select) {
  const presets = vocabulary()?.presets || {};
  const chosen = select.value;
  const none = document.createElement("option");
  none.value = "";
  none.textContent = t("presetNone");
  const options = Object.entries(presets).map(([name, p]) => {
    const node = document.createElement("option");
    node.value = name;
    node.textContent = `${capitalised(title(p))} · ${p.aspect} · ≤ ${limit(p.max_seconds)}`;
    return node;
  });
  select.replaceChildren(none, ...options);
  select.value = chosen in presets ? chosen : "";
}

/** The export's output with the chosen platform, if one is chosen. */
export function withPreset(output, select) {
  return select.value ? { ...output, preset: select.value } : output;
}

/** A warning for a price whose video is longer than its platform takes ("" when it fits). */
export function presetWarning(quote) {
  const preset = quote.preset && vocabulary()?.presets?.[quote.preset];
  if (!preset || quote.duration_ms <= preset.max_seconds * 1000) return "";
  return t("presetTooLong", {
    seconds: Math.round(quote.duration_ms / 1000),
    title: title(preset),
    limit: preset.max_seconds,
  });
}

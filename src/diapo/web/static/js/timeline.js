// The timeline: photo strip in draft order (drag, keyboard moves, remove, duration) and tracks.

import { t } from "./i18n.js";
import { musicName, transitionName, vocabulary } from "./vocabulary.js";
import { describe, factsLine, flagBadges } from "./mediafacts.js";
import { touchReorder } from "./touchdrag.js";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** The pieces of a draft the page shows, read defensively (the draft is the server's). */
export function readDraft(draft) {
  const tracks = draft?.t || [];
  const video = tracks.find((tr) => tr.tt === 0)?.sg || [];
  const audio = tracks.filter((tr) => tr.tt === 1).flatMap((tr) => tr.sg || []);
  const text = tracks.filter((tr) => tr.tt === 7).flatMap((tr) => tr.sg || []);
  let total = 0;
  video.forEach((seg, i) => {
    total += seg.d;
    if (i > 0 && seg.m?.tr) total -= seg.m.tr.d || 0;
  });
  for (const seg of [...audio, ...text]) {
    if (!video.length) total = Math.max(total, (seg.m?.at || 0) + seg.d);
  }
  const title = text.find((seg) => seg.m?.role === "title")?.m?.text || "";
  return { video, audio, text, total, title, aspect: draft?.c?.ar || null };
}

function seconds(ms) {
  const s = Math.round(ms / 100) / 10;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

export class Timeline {
  /** `send(commandName, ...args)` applies an edit through the chat. */
  constructor({ strip, tracks, tray, trayList, addAll, meta, send }) {
    this.strip = strip;
    this.tracks = tracks;
    this.tray = tray;
    this.trayList = trayList;
    this.addAll = addAll;
    this.meta = meta;
    this.send = send;
    this.dragFrom = null;
    this.busy = false;
    this.lastState = null;
    // Mouse drags use HTML drag and drop (on each card); a finger presses and holds.
    touchReorder(strip, {
      canStart: () => !this.busy,
      onMove: (from, to) => this.send("move", from, to),
    });
  }

  setBusy(busy) {
    this.busy = busy;
    this.strip.classList.toggle("busy", busy);
    for (const control of this.strip.querySelectorAll("button, input")) control.disabled = busy;
    for (const control of this.tray.querySelectorAll("button")) control.disabled = busy;
  }

  render(state) {
    this.lastState = state;
    const media = new Map((state?.media || []).map((m) => [m.media_id, m]));
    const { video, audio, text, total, aspect } = readDraft(state?.draft);
    const focused = document.activeElement?.dataset?.focusKey;
    this.strip.replaceChildren(...video.map((seg, i) => this.card(seg, i, video.length, media)));
    this.strip.hidden = video.length === 0;
    this.strip.dataset.aspect = aspect || "16:9";
    this.meta.textContent = video.length
      ? t("total", { n: video.length, s: seconds(total), ar: aspect })
      : "";
    this.renderTracks(audio, text, total, media);
    this.renderTray(video, media);
    if (focused) this.strip.querySelector(`[data-focus-key="${focused}"]`)?.focus();
    this.setBusy(this.busy);
  }

  card(seg, i, count, media) {
    const n = i + 1;
    const item = media.get(seg.m?.src);
    const label = seg.m?.kind === "clip" ? t("clipN", { n }) : t("photoN", { n });
    const li = el("li", {
      class: "frame",
      draggable: "true",
      "data-index": String(n),
      "data-media-id": seg.m?.src || "",
      "aria-label": `${label}: ${seg.m?.name || item?.name || ""}`,
    });
    const thumb = item?.thumbnail_url
      ? el("img", { src: item.thumbnail_url, alt: "", draggable: "false" })
      : el("span", { class: "thumb-missing", "aria-hidden": "true" });
    const badge = el("span", { class: "badge", text: String(n), "aria-hidden": "true" });
    const kind = seg.m?.kind === "clip" ? el("span", { class: "kind", text: "▶" }) : null;
    const cap = seg.m?.cap?.text ? el("span", { class: "cap", text: seg.m.cap.text }) : null;
    const remove = el("button", {
      type: "button",
      class: "icon remove",
      "aria-label": t("remove", { n }),
      title: t("remove", { n }),
      "data-focus-key": `x${n}`,
      text: "×",
      onclick: () => this.send("remove", n),
    });
    const picture = el(
      "div",
      { class: "thumb", title: describe(item || { name: seg.m?.name }) },
      thumb,
      badge,
      kind,
      cap,
      remove,
      flagBadges(item),
    );
    const name = el("span", { class: "frame-name", text: seg.m?.name || item?.name || "" });
    const duration = el("input", {
      type: "number",
      min: "0.5",
      max: "60",
      step: "0.5",
      value: seconds(seg.d),
      "aria-label": t("duration", { n }),
      "data-focus-key": `d${n}`,
      onchange: (e) => {
        const value = Number.parseFloat(String(e.target.value).replace(",", "."));
        if (Number.isFinite(value) && value > 0) this.send("duration", n, value);
      },
    });
    const tools = el(
      "div",
      { class: "frame-tools" },
      el("button", {
        type: "button",
        class: "icon",
        "aria-label": t("moveLeft", { n }),
        title: t("moveLeft", { n }),
        "data-focus-key": `l${n}`,
        disabled: n === 1,
        text: "‹",
        onclick: () => this.send("move", n, n - 1),
      }),
      el("label", { class: "duration" }, duration, el("span", { text: t("seconds") })),
      el("button", {
        type: "button",
        class: "icon",
        "aria-label": t("moveRight", { n }),
        title: t("moveRight", { n }),
        "data-focus-key": `r${n}`,
        disabled: n === count,
        text: "›",
        onclick: () => this.send("move", n, n + 1),
      }),
    );
    // A caption typed on the photo itself, sent as the same edit as saying it in the chat.
    const caption = el("input", {
      type: "text",
      class: "caption-input",
      maxlength: "120",
      autocomplete: "off",
      value: seg.m?.cap?.text || "",
      placeholder: t("caption"),
      "aria-label": t("captionLabel", { n }),
      "data-focus-key": `c${n}`,
      onchange: (e) => {
        const text = String(e.target.value).trim();
        if (text) this.send("caption", n, text);
        else if (seg.m?.cap?.text) this.send("captionOff", n);
      },
    });
    // The cut into this photo: its own transition, sent as the chat edit that names it.
    let cut = null;
    if (n > 1) {
      const current = seg.m?.tr?.k || "cut";
      cut = el(
        "select",
        {
          class: "cut-select",
          "aria-label": t("cutLabel", { n }),
          title: t("cutLabel", { n }),
          "data-focus-key": `t${n}`,
          onchange: (e) => this.send("cutTransition", n, transitionName(e.target.value)),
        },
        ...vocabulary().transitions.map((k) =>
          el("option", { value: k, text: transitionName(k), selected: k === current }),
        ),
      );
    }
    li.append(picture, name, tools, caption);
    if (cut) li.append(cut); // append(null) would print "null"
    li.addEventListener("dragstart", (e) => {
      if (this.busy) {
        e.preventDefault();
        return;
      }
      this.dragFrom = n;
      li.classList.add("dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/x-diapo-photo", String(n));
    });
    li.addEventListener("dragend", () => {
      li.classList.remove("dragging");
      this.dragFrom = null;
      for (const x of this.strip.querySelectorAll(".drop-target")) x.classList.remove("drop-target");
    });
    li.addEventListener("dragover", (e) => {
      if (this.dragFrom === null) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
      li.classList.add("drop-target");
    });
    li.addEventListener("dragleave", () => li.classList.remove("drop-target"));
    li.addEventListener("drop", (e) => {
      if (this.dragFrom === null) return;
      e.preventDefault();
      e.stopPropagation();
      li.classList.remove("drop-target");
      const from = this.dragFrom;
      this.dragFrom = null;
      if (from !== n) this.send("move", from, n);
    });
    return li;
  }

  renderTracks(audio, text, total, media) {
    const span = Math.max(total, 1);
    const row = (name, cls, segs, empty, labelOf) => {
      const lane = el("div", { class: "lane" });
      for (const seg of segs) {
        const at = seg.m?.at || 0;
        const left = Math.min(100, (at / span) * 100);
        const width = Math.max(4, Math.min(100 - left, (seg.d / span) * 100));
        lane.append(
          el("span", {
            class: `clip ${cls}`,
            style: `left:${left}%;width:${width}%`,
            text: labelOf(seg),
            title: labelOf(seg),
          }),
        );
      }
      if (!segs.length) lane.append(el("span", { class: "lane-empty", text: empty }));
      return el(
        "div",
        { class: "track" },
        el("span", { class: `track-name ${cls}`, text: name }),
        lane,
      );
    };
    const musicLabel = (seg) => {
      const src = seg.m?.src || "";
      const name = src.startsWith("music:")
        ? musicName(src.slice(6))
        : media.get(src)?.name || src;
      const vol = seg.m?.vol !== undefined ? ` · ${Math.round(seg.m.vol * 100)}%` : "";
      return `♪ ${name}${vol}`;
    };
    this.tracks.replaceChildren(
      row(t("music"), "music", audio, t("noMusic"), musicLabel),
      row(t("text"), "text", text, t("noText"), (seg) => `“${seg.m?.text || ""}”`),
    );
    this.tracks.hidden = !this.lastState?.draft;
  }

  renderTray(video, media) {
    const draft = Boolean(this.lastState?.draft);
    const used = new Set(video.map((seg) => seg.m?.src));
    const unused = [...media.values()].filter((m) => !used.has(m.media_id) && m.kind !== "audio");
    // Everything uploaded and not in the video shows here, before the video exists too (and
    // after a reload): a card with its picture, name, date, place and what culling saw.
    // Once the video exists one click puts a photo in.
    this.trayList.replaceChildren(
      ...unused.map((m) =>
        el(
          "li",
          { class: "tray-card", "data-media-id": m.media_id, title: describe(m) },
          m.thumbnail_url
            ? el("img", { src: m.thumbnail_url, alt: "", draggable: "false" })
            : el("span", { class: "thumb-missing", "aria-hidden": "true" }),
          el(
            "span",
            { class: "tray-text" },
            el("span", { class: "tray-name", text: m.name }),
            factsLine(m),
            flagBadges(m),
          ),
          draft
            ? el("button", {
                type: "button",
                class: "ghost small add",
                "aria-label": t("addToVideoLabel", { name: m.name }),
                text: `+ ${t("addToVideo")}`,
                onclick: () => this.send("restore", m.name),
              })
            : null,
        ),
      ),
    );
    this.addAll.hidden = !draft || unused.length < 2;
    this.tray.hidden = unused.length === 0;
    this.tray.querySelector("h3").textContent = t(draft ? "notInVideo" : "uploadedMedia");
  }
}

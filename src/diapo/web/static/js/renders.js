// Preview and export: submit a render, follow its real progress, play or download the result.

import { ApiError, renderId } from "./api.js";
import { t } from "./i18n.js";

const DONE = new Set(["completed", "failed", "cancelled"]);
const RUNNING = new Set(["queued", "rendering"]);
const STILLS = new Set(["jpg", "png", "webp", "gif"]);
const AUDIO = new Set(["mp3", "wav", "m4a", "aac"]);
const PLAYABLE = new Set(["mp4", "webm", "mov"]);

// What a shared file says it is; the share sheet offers apps by type (WhatsApp, Instagram...).
const MIME = {
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  gif: "image/gif",
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  m4a: "audio/mp4",
  aac: "audio/aac",
};

/** Whether this browser can hand a file of `format` to other apps (the Web Share API). */
export function canShareFile(name, format) {
  if (typeof navigator.share !== "function" || typeof navigator.canShare !== "function") {
    return false;
  }
  try {
    return navigator.canShare({ files: [new File([], name, { type: MIME[format] || "" })] });
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether an error means the server could not be reached (as opposed to a refusal). */
export function isOffline(err) {
  return !(err instanceof ApiError) || err.code === 0;
}

/** Poll a render until it ends, reporting each status; resolves with the last one.
 *
 * The render goes on on the server while the page cannot reach it, so an outage only
 * slows the polling down (to every 15 s at most): the page picks the render up again,
 * finished or not, as soon as the server answers.
 */
export async function follow(api, id, onStatus, every = 400, { onOffline, stop } = {}) {
  let wait = every;
  for (;;) {
    // Whoever follows may lose interest (a preview superseded by a newer one): null then.
    if (stop?.()) return null;
    try {
      const info = await api.renderStatus(id);
      wait = every;
      onStatus(info);
      if (DONE.has(info.status)) return info;
    } catch (err) {
      if (!isOffline(err)) throw err;
      onOffline?.(err);
      wait = Math.min(Math.max(wait * 2, 1000), 15000);
    }
    await sleep(wait);
  }
}

/** A file name from the video's title: "Estate in Toscana" → "estate-in-toscana". */
export function fileStem(title) {
  const stem = String(title || "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return stem || "diapo";
}

export class Player {
  constructor({ box, video, still, overlay, message, bar, meta }) {
    Object.assign(this, { box, video, still, overlay, message, bar, meta });
    this.shownVersion = null;
  }

  setAspect(aspect) {
    this.box.dataset.aspect = aspect || "16:9";
  }

  waiting(fraction) {
    this.overlay.hidden = false;
    this.bar.hidden = false;
    this.bar.value = fraction;
    this.message.textContent = t("previewWorking", { pct: `${Math.round(fraction * 100)}%` });
  }

  say(text) {
    this.overlay.hidden = false;
    this.bar.hidden = true;
    this.message.textContent = text;
  }

  /**
   * Show a finished render: a video or sound plays here, a still image is shown. With
   * `keep`, a refreshed preview goes on from where the old one was, playing or paused.
   */
  async show(info, version, { keep = false } = {}) {
    this.shownVersion = version;
    this.box.dataset.version = version === null ? "" : String(version);
    this.bar.hidden = true;
    this.meta.textContent = [info.resolution, info.width && `${info.width}×${info.height}`]
      .filter(Boolean)
      .join(" · ");
    if (STILLS.has(info.format)) {
      this.video.pause();
      this.video.hidden = true;
      this.still.hidden = false;
      this.still.src = info.url;
      this.overlay.hidden = true;
      return;
    }
    this.still.hidden = true;
    const wasHidden = this.video.hidden;
    const at = this.video.currentTime || 0;
    const paused = this.video.paused;
    this.video.hidden = false;
    this.video.src = info.url;
    this.overlay.hidden = true;
    if (keep && !wasHidden) {
      this.video.addEventListener(
        "loadedmetadata",
        () => {
          this.video.currentTime = Math.min(at, Math.max(0, this.video.duration - 0.1));
        },
        { once: true },
      );
      if (paused) return;
    }
    try {
      await this.video.play();
    } catch {
      // The browser wants a gesture for sound: play muted, the controls can unmute.
      this.video.muted = true;
      await this.video.play().catch(() => {});
    }
  }

  /** Back to the empty player of a project without a preview yet. */
  clear() {
    this.shownVersion = null;
    delete this.box.dataset.version;
    this.video.removeAttribute("src");
    this.video.hidden = true;
    this.meta.textContent = "";
    this.say(t("previewIdle"));
  }
}

export class Exports {
  constructor({ api, list, empty, progress, bar, status, player, onCredits, onError, title }) {
    Object.assign(this, { api, list, empty, progress, bar, status, player, onCredits, onError });
    this.title = title || (() => "");
    this.items = [];
    this.cancelling = new Set();
    this.following = new Set();
    this.pace = new Map(); // render id → when and how far its progress was first seen
    this.shared = null; // the last file fetched for sharing: {id, file}
  }

  /**
   * Hand a finished export to the phone's share sheet. The file is fetched first; if that
   * took so long that the tap no longer counts as one, the button asks for a second tap,
   * which shares at once.
   */
  async share(r, button) {
    const name = `${fileStem(this.title())}.${r.format}`;
    let file = this.shared?.id === r.id ? this.shared.file : null;
    try {
      if (!file) {
        button.disabled = true;
        const answer = await fetch(r.url);
        if (!answer.ok) throw new Error(answer.statusText);
        const blob = await answer.blob();
        file = new File([blob], name, { type: MIME[r.format] || blob.type });
        this.shared = { id: r.id, file };
        button.disabled = false;
      }
      await navigator.share({ files: [file], title: this.title() || name });
    } catch (err) {
      button.disabled = false;
      if (err?.name === "AbortError") return; // the share sheet was closed
      if (err?.name === "NotAllowedError" && file) {
        button.textContent = t("shareAgain");
        return;
      }
      this.onError?.(new ApiError(-1, t("shareFailed"), 0));
    }
  }

  /** Stop a queued or running export; its frozen credits come back. */
  async cancel(id) {
    this.cancelling.add(id);
    this.draw();
    try {
      const info = await this.api.cancelRender(id);
      this.items = this.items.map((r) => (r.id === info.id ? info : r));
      this.draw();
      this.onCredits();
    } catch (err) {
      this.onError?.(err);
    } finally {
      this.cancelling.delete(id);
    }
  }

  async refresh() {
    const all = await this.api.renders();
    // Previews are the player's business; this list is what was exported.
    this.items = all.filter((r) => !r.preview);
    this.draw();
    // After a reload or an outage, an export still running is followed again to its end.
    for (const r of this.items) {
      if (RUNNING.has(r.status) && !this.following.has(r.id)) this.track(r.id).catch(this.onError);
    }
  }

  /** Follow one export to its end, keeping its row and the progress bar current. */
  async track(id) {
    this.following.add(id);
    this.progress.hidden = false;
    try {
      const last = await follow(
        this.api,
        id,
        (now) => {
          this.bar.value = now.progress;
          this.status.textContent = this.progressText(now);
          this.items = this.items.map((r) => (r.id === now.id ? now : r));
          this.draw();
        },
        400,
        { onOffline: this.onError },
      );
      this.onCredits();
      if (last.status !== "failed") this.progress.hidden = true;
      return last;
    } finally {
      this.following.delete(id);
    }
  }

  /** "In lavorazione 40% · ancora 12 s": the time left is guessed from the pace seen so far. */
  progressText(r) {
    const pct = `${Math.round(r.progress * 100)}%`;
    if (r.status !== "rendering") return t(`status_${r.status}`, { pct });
    const now = performance.now();
    const seen = this.pace.get(r.id);
    if (!seen) {
      this.pace.set(r.id, { at: now, progress: r.progress });
      return t("status_rendering", { pct });
    }
    const done = r.progress - seen.progress;
    if (done < 0.05) return t("status_rendering", { pct });
    const left = Math.max(1, Math.ceil((((now - seen.at) / done) * (1 - r.progress)) / 1000));
    const eta = left < 60 ? `${left} s` : `${Math.ceil(left / 60)} min`;
    return t("status_rendering_eta", { pct, eta });
  }

  /** Redraw the list; a running row keeps its element so that a click on Cancel is not lost. */
  draw({ all = false } = {}) {
    const old = new Map([...this.list.children].map((li) => [li.dataset.id, li]));
    const rows = this.items.map((r) => {
      const li = old.get(r.id);
      if (all || !li || li.dataset.status !== r.status || !RUNNING.has(r.status)) return this.row(r);
      li.querySelector(".export-state").textContent = this.stateText(r);
      li.querySelector("button.cancel").disabled = this.cancelling.has(r.id);
      return li;
    });
    this.list.replaceChildren(...rows);
    this.empty.hidden = this.items.length > 0;
  }

  stateText(r) {
    return this.progressText(r);
  }

  row(r) {
    const li = document.createElement("li");
    li.className = `export status-${r.status}`;
    li.dataset.id = r.id;
    li.dataset.status = r.status;
    const what = document.createElement("span");
    what.className = "export-what";
    const size = r.width ? ` · ${r.width}×${r.height}` : "";
    const secs = r.duration_ms ? ` · ${(r.duration_ms / 1000).toFixed(1)} s` : "";
    what.textContent = `${r.format.toUpperCase()} · ${r.resolution}${size}${secs}`;
    const state = document.createElement("span");
    state.className = "export-state";
    state.textContent = this.stateText(r);
    const cost = document.createElement("span");
    cost.className = "export-cost";
    cost.textContent = r.cost === 1 ? t("cost1") : t("cost", { n: r.cost });
    li.append(what, state, cost);
    if (RUNNING.has(r.status)) {
      const stop = document.createElement("button");
      stop.type = "button";
      stop.className = "ghost small cancel";
      stop.textContent = t("cancel");
      stop.setAttribute("aria-label", t("cancelLabel", { what: what.textContent }));
      stop.disabled = this.cancelling.has(r.id);
      stop.addEventListener("click", () => this.cancel(r.id));
      const actions = document.createElement("span");
      actions.className = "export-actions";
      actions.append(stop);
      li.append(actions);
    }
    if (r.status === "completed" && r.url) {
      const actions = document.createElement("span");
      actions.className = "export-actions";
      if (PLAYABLE.has(r.format) || STILLS.has(r.format) || AUDIO.has(r.format)) {
        const play = document.createElement("button");
        play.type = "button";
        play.className = "ghost small";
        play.textContent = t("play");
        play.addEventListener("click", () => this.player.show(r, null));
        actions.append(play);
      }
      const link = document.createElement("a");
      link.className = "button small";
      link.href = r.url;
      link.download = `${fileStem(this.title())}.${r.format}`;
      link.textContent = t("download");
      actions.append(link);
      // Where the browser can hand files to other apps (phones mostly): straight to WhatsApp.
      if (canShareFile(link.download, r.format)) {
        const share = document.createElement("button");
        share.type = "button";
        share.className = "ghost small share";
        share.textContent = t("share");
        share.setAttribute("aria-label", t("shareLabel", { what: link.download }));
        share.addEventListener("click", () => this.share(r, share));
        actions.append(share);
      }
      li.append(actions);
    }
    if (r.status === "failed" && r.error) {
      const error = document.createElement("p");
      error.className = "export-error";
      error.textContent = r.error;
      li.append(error);
    }
    return li;
  }

  /** Submit an export and follow it; the list shows it at once and keeps it afterwards. */
  async start(output) {
    // The export's own id makes a repeat harmless: sent again after no answer, it is the
    // same export, charged once.
    const id = renderId("export");
    let info = null;
    for (let tries = 1; !info; tries += 1) {
      try {
        info = await this.api.render(output, id);
      } catch (err) {
        if (!isOffline(err) || tries >= 3) throw err;
        await sleep(1000 * tries);
      }
    }
    this.onCredits();
    this.items = [info, ...this.items.filter((r) => r.id !== info.id)];
    this.draw();
    return this.track(info.id);
  }
}

// Preview and export: submit a render, follow its real progress, play or download the result.

import { renderId } from "./api.js";
import { t } from "./i18n.js";

const DONE = new Set(["completed", "failed", "cancelled"]);
const RUNNING = new Set(["queued", "rendering"]);
const STILLS = new Set(["jpg", "png", "webp", "gif"]);
const AUDIO = new Set(["mp3", "wav", "m4a", "aac"]);
const PLAYABLE = new Set(["mp4", "webm", "mov"]);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll a render until it ends, reporting each status; resolves with the last one. */
export async function follow(api, id, onStatus, every = 400) {
  for (;;) {
    const info = await api.renderStatus(id);
    onStatus(info);
    if (DONE.has(info.status)) return info;
    await sleep(every);
  }
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

  /** Show a finished render: a video or sound plays here, a still image is shown. */
  async show(info, version) {
    this.shownVersion = version;
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
    this.video.hidden = false;
    this.video.src = info.url;
    this.overlay.hidden = true;
    try {
      await this.video.play();
    } catch {
      // The browser wants a gesture for sound: play muted, the controls can unmute.
      this.video.muted = true;
      await this.video.play().catch(() => {});
    }
  }

  markStale(version) {
    if (this.shownVersion !== null && version !== this.shownVersion) {
      this.meta.textContent = t("previewStale");
    }
  }
}

export class Exports {
  constructor({ api, list, empty, progress, bar, status, player, onCredits, onError }) {
    Object.assign(this, { api, list, empty, progress, bar, status, player, onCredits, onError });
    this.items = [];
    this.cancelling = new Set();
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
    return t(`status_${r.status}`, { pct: `${Math.round(r.progress * 100)}%` });
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
      link.download = `diapo-${r.id.slice(0, 15)}.${r.format}`;
      link.textContent = t("download");
      actions.append(link);
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
    const info = await this.api.render(output, renderId("export"));
    this.onCredits();
    this.items = [info, ...this.items.filter((r) => r.id !== info.id)];
    this.draw();
    this.progress.hidden = false;
    const last = await follow(this.api, info.id, (now) => {
      this.bar.value = now.progress;
      this.status.textContent = t(`status_${now.status}`, {
        pct: `${Math.round(now.progress * 100)}%`,
      });
      this.items = this.items.map((r) => (r.id === now.id ? now : r));
      this.draw();
    });
    this.onCredits();
    if (last.status !== "failed") this.progress.hidden = true;
    return last;
  }
}

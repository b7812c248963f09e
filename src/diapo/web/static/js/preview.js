// The free preview that follows the draft: a 360p render a moment after the last edit.

import { ApiError, renderId } from "./api.js";
import { t } from "./i18n.js";
import { follow, isOffline } from "./renders.js";
import { readDraft } from "./timeline.js";

/** How long after the last edit the preview is made: edits in a row make one preview. */
export const PREVIEW_DELAY_MS = 1500;

export class AutoPreview {
  /**
   * `player` shows the result; `onError(err)` is told what the page should explain (an
   * outage, say). Previews are free: no credits are ever involved here.
   */
  constructor({ api, player, button, onError, delay = PREVIEW_DELAY_MS }) {
    Object.assign(this, { api, player, button, onError, delay });
    this.wanted = null; // the draft version the player should show
    this.timer = null;
    this.job = null; // the preview being made: {id, version, stale}
    button.addEventListener("click", () => this.now());
  }

  /** The state was read again: a draft the player does not show yet gets a preview soon. */
  update(state) {
    const hasVideo = readDraft(state?.draft).video.length > 0;
    this.button.disabled = !hasVideo;
    if (!hasVideo) {
      this.stop();
      return;
    }
    const version = state.version;
    if (version === this.wanted) return;
    this.wanted = version;
    if (this.player.shownVersion === version) return;
    if (this.player.shownVersion !== null) this.player.meta.textContent = t("previewUpdating");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), this.delay);
  }

  /** Make the preview of the current draft at once (the button). */
  now() {
    clearTimeout(this.timer);
    if (this.wanted !== null) this.run();
  }

  /** Another project: forget this one's preview. */
  reset() {
    this.stop();
    this.wanted = null;
  }

  stop() {
    clearTimeout(this.timer);
    this.supersede();
  }

  /** The preview under way no longer matches the draft: stop it, the server frees the slot. */
  supersede() {
    const job = this.job;
    if (!job) return;
    job.stale = true;
    this.job = null;
    if (job.id) this.api.cancelRender(job.id).catch(() => {});
  }

  async run() {
    const version = this.wanted;
    if (version === null || this.job?.version === version) return;
    this.supersede();
    const job = { id: null, version, stale: false };
    this.job = job;
    // A first preview shows its progress on the player; later ones keep the old video
    // playing until the new one is ready.
    const first = this.player.shownVersion === null;
    if (first) this.player.waiting(0);
    try {
      const id = renderId("preview");
      job.id = id;
      const info = await this.api.render({ format: "mp4", resolution: "360p" }, id, {
        preview: true,
      });
      if (job.stale) {
        // Superseded while the request was on its way: the server has it now, stop it.
        this.api.cancelRender(info.id).catch(() => {});
        return;
      }
      const last = await follow(
        this.api,
        info.id,
        (now) => {
          if (first && !job.stale) this.player.waiting(now.progress);
        },
        300,
        { stop: () => job.stale },
      );
      if (job.stale || !last) return;
      if (last.status === "completed") await this.player.show(last, version, { keep: !first });
      else if (last.status === "failed") {
        this.player.say(t("previewFailed", { error: last.error || last.status }));
      }
    } catch (err) {
      if (job.stale) return;
      if (err instanceof ApiError && err.code === 429) {
        // Another tab's previews fill this account's slots: try again a little later.
        if (this.job === job) this.job = null;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.run(), this.delay * 2);
        return;
      }
      if (isOffline(err)) {
        // The server is away: the page's banner says so, and once the state is read again
        // after its return this draft gets its preview.
        if (this.wanted === version) this.wanted = null;
        this.player.say(t("networkError"));
        this.onError?.(err);
      } else {
        // Refused (a draft longer than previews go, say): the player says why, no banner.
        this.player.say(err.message);
      }
    } finally {
      if (this.job === job) this.job = null;
    }
  }
}

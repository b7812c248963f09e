// Direct controls for what people change most: music (with a sample to listen to first),
// its volume, the title, the transitions and the ending. Each sends the same chat edit as
// typing it.

import { language, t } from "./i18n.js";
import { readDraft } from "./timeline.js";
import { endingName, musicName, transitionName, vocabulary } from "./vocabulary.js";

const NONE = "none";

function option(value, label) {
  const node = document.createElement("option");
  node.value = value;
  node.textContent = label;
  return node;
}

export class QuickControls {
  constructor({
    box, music, listen, volume, titleForm, titleInput, transition, ending, sample, send,
  }) {
    Object.assign(this, { box, music, listen, volume, titleForm, titleInput, transition });
    Object.assign(this, { ending, sample, send });
    this.state = null;
    music.addEventListener("change", () => this.chooseMusic());
    volume.addEventListener("change", () => this.send("volume", volume.value));
    listen.addEventListener("click", () => this.toggleSample());
    sample.addEventListener("ended", () => this.drawListen(false));
    sample.addEventListener("error", () => {
      if (sample.getAttribute("src")) {
        this.drawListen(false);
        this.listen.title = t("sampleFailed");
      }
    });
    titleForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = titleInput.value.trim();
      if (text) this.send("title", text);
      else if (readDraft(this.state?.draft).title) this.send("titleOff");
    });
    transition.addEventListener("change", () => {
      if (transition.value) this.send("transition", transitionName(transition.value));
    });
    ending.addEventListener("change", () => this.send("ending", ending.value));
  }

  /** What the music menu means now: "music:<style>", an audio media id, or "none". */
  current(audio) {
    return audio[0]?.m?.src || NONE;
  }

  render(state) {
    this.state = state;
    const { video, audio, title } = readDraft(state?.draft);
    this.box.hidden = !state?.draft;
    if (!state?.draft || !vocabulary()) return;
    const songs = (state.media || []).filter((m) => m.kind === "audio");
    const builtIn = document.createElement("optgroup");
    builtIn.label = t("builtInMusic");
    builtIn.append(...vocabulary().music.styles.map((s) => option(`music:${s}`, musicName(s))));
    const groups = [option(NONE, t("noMusicOption")), builtIn];
    if (songs.length) {
      const own = document.createElement("optgroup");
      own.label = t("yourMusic");
      own.append(...songs.map((m) => option(m.media_id, m.name || m.media_id)));
      groups.push(own);
    }
    this.music.replaceChildren(...groups);
    this.music.value = this.current(audio);
    const vol = audio[0]?.m?.vol;
    this.volume.disabled = !audio.length;
    if (vol !== undefined) this.volume.value = String(Math.round(vol * 100));
    if (document.activeElement !== this.titleInput) this.titleInput.value = title;
    // The menu shows the transition every cut shares, or asks to choose one.
    const kinds = new Set(video.slice(1).map((seg) => seg.m?.tr?.k || "cut"));
    const shared = kinds.size === 1 ? [...kinds][0] : "";
    this.transition.replaceChildren(
      option("", t("pickTransition")),
      ...vocabulary().transitions.map((k) => option(k, transitionName(k))),
    );
    this.transition.value = shared;
    // A draft without an ending of its own fades out (the default).
    this.ending.replaceChildren(
      ...(vocabulary().endings || []).map((k) => option(k, endingName(k))),
    );
    this.ending.value = state.draft.end?.k || "fade";
    this.drawListen(!this.sample.paused);
  }

  chooseMusic() {
    const value = this.music.value;
    if (value === NONE) this.send("musicOff");
    else if (value.startsWith("music:")) this.send("music", value.slice(6));
    else {
      const song = this.state?.media?.find((m) => m.media_id === value);
      this.send("music", song?.name || value);
    }
  }

  /** Play ten seconds of the chosen style (or the chosen song) before keeping it. */
  toggleSample() {
    if (!this.sample.paused) {
      this.sample.pause();
      this.drawListen(false);
      return;
    }
    const value = this.music.value;
    let url = null;
    if (value.startsWith("music:")) url = `/api/music/${value.slice(6)}/sample`;
    else url = this.state?.media?.find((m) => m.media_id === value)?.url || null;
    if (!url) return;
    this.listen.title = "";
    this.sample.src = url;
    this.sample.play().then(
      () => this.drawListen(true),
      () => this.drawListen(false),
    );
  }

  drawListen(playing) {
    this.listen.textContent = t(playing ? "stopListening" : "listen");
    this.listen.disabled = this.music.value === NONE;
    this.listen.setAttribute("aria-pressed", String(playing));
    this.listen.lang = language();
  }
}

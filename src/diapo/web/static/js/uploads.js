// Dropped or picked files: one request per file, each with its own progress bar and outcome.

import { newIdempotencyKey } from "./api.js";
import { t } from "./i18n.js";

// One file at a time, in the order picked or dropped: the server stores media in arrival
// order, and the slideshow follows it when the photos carry no capture date (the same
// rule as the CLI's). The server decodes one upload at a time anyway, so little is lost.
const PARALLEL = 1;

function formatSize(bytes) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// An upload the server did not answer is tried again, with the same Idempotency-Key, after
// a growing pause: 1, 2, 4, 8, 15, 15... s, for about two minutes in all.
const RETRIES = 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const REFUSALS = { 0: "networkError", 4001: "refusedType", 4002: "refusedSize", 422: "refusedDamaged" };

/** Why a file was refused, in the page's language. */
function refusal(code) {
  const text = document.createElement("span");
  text.className = "upload-why";
  text.textContent = t(REFUSALS[code] || "refusedOther");
  return text;
}

export class Uploads {
  /** `onStored()` runs after each accepted file, `onIdle()` when the queue is empty. */
  constructor({ api, list, summary, onStored, onIdle }) {
    this.api = api;
    this.list = list;
    this.summary = summary;
    this.refused = 0;
    summary.addEventListener("click", () => {
      // Refused files sit at the top of the list: bring the list and the first of them in view.
      const first = this.list.querySelector(".upload.failed");
      first?.scrollIntoView({ block: "nearest" });
      first?.focus();
    });
    this.onStored = onStored;
    this.onIdle = onIdle;
    this.queue = [];
    this.running = 0;
  }

  add(files) {
    // The list scrolls once it is long: the keyboard must be able to reach it to scroll it.
    this.list.tabIndex = 0;
    for (const file of files) {
      const row = this.row(file);
      this.list.prepend(row.li);
      this.queue.push({ file, row });
    }
    this.pump();
  }

  row(file) {
    const li = document.createElement("li");
    li.className = "upload";
    li.dataset.name = file.name;
    li.tabIndex = -1;
    // The photo shows at once, from the file itself, while it uploads (HEIC waits for the
    // server's thumbnail: browsers cannot draw it).
    const thumb = document.createElement("img");
    thumb.className = "upload-thumb";
    thumb.alt = "";
    // A file that only claims to be a picture shows no broken-image icon.
    thumb.addEventListener("error", () => thumb.removeAttribute("src"));
    if (/^image\/(jpeg|png|webp|gif)$/.test(file.type)) {
      const local = URL.createObjectURL(file);
      thumb.src = local;
      const done = () => URL.revokeObjectURL(local);
      thumb.addEventListener("load", done, { once: true });
      thumb.addEventListener("error", done, { once: true });
    }
    const name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name;
    const size = document.createElement("span");
    size.className = "upload-size";
    size.textContent = formatSize(file.size);
    const bar = document.createElement("progress");
    bar.max = 1;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    const status = document.createElement("span");
    status.className = "upload-status";
    status.textContent = t("uploading", { pct: "0%" });
    li.append(thumb, name, size, bar, status);
    return { li, bar, status, thumb };
  }

  pump() {
    while (this.running < PARALLEL && this.queue.length) {
      const { file, row } = this.queue.shift();
      this.running += 1;
      this.send(file, row).finally(() => {
        this.running -= 1;
        if (!this.running && !this.queue.length) this.onIdle();
        else this.pump();
      });
    }
  }

  /** Upload one file; while the server does not answer, wait and send it again. */
  async attempt(file, row) {
    const key = newIdempotencyKey("upload");
    let wait = 1000;
    for (let tries = 1; ; tries += 1) {
      try {
        return await this.api.upload(
          file,
          (fraction) => {
            row.bar.value = fraction;
            row.status.textContent = t("uploading", { pct: `${Math.round(fraction * 100)}%` });
          },
          key,
        );
      } catch (err) {
        if (err.code !== 0 || tries >= RETRIES) throw err;
        row.status.textContent = t("uploadRetrying");
        row.li.dataset.retries = String(tries);
        await sleep(wait);
        wait = Math.min(wait * 2, 15000);
      }
    }
  }

  async send(file, row) {
    try {
      const stored = await this.attempt(file, row);
      const thumbnail = stored?.media?.[0]?.thumbnail_url;
      if (thumbnail) row.thumb.src = thumbnail;
      row.bar.value = 1;
      row.li.classList.add("done");
      row.status.textContent = t("uploaded");
      this.onStored();
    } catch (err) {
      row.li.classList.add("failed");
      row.bar.hidden = true;
      row.status.textContent = t("refused");
      const message = document.createElement("p");
      message.className = "upload-error";
      message.setAttribute("role", "alert");
      message.dataset.code = String(err.code);
      message.append(refusal(err.code));
      // The server's own words say which file and which types or limit, in the session's
      // language (the page's), so the detail needs no `lang` of its own.
      if (err.code !== 0 && err.message) {
        const detail = document.createElement("small");
        detail.className = "upload-detail";
        detail.textContent = err.message;
        message.append(detail);
      }
      row.li.append(message);
      // A refusal is not left to scroll away: it moves to the top, and a summary counts them.
      this.list.prepend(row.li);
      this.refused += 1;
      this.summary.textContent =
        this.refused === 1 ? t("refusedCount1") : t("refusedCount", { n: this.refused });
      this.summary.hidden = false;
    }
  }

  /** A new project starts with an empty list. */
  clear() {
    this.list.replaceChildren();
    this.list.removeAttribute("tabindex");
    this.refused = 0;
    this.summary.hidden = true;
  }
}

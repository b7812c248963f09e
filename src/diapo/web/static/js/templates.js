// "Inizia da un modello": the template gallery on the first screen, then a short form for its
// fields. Making the video sends the same template to the project as the API would.

import { t } from "./i18n.js";

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

/** A field name for the n-th chosen text: the first title is "titolo", then "testo2"... */
function fieldName(seg, n, taken) {
  const base = seg.m?.role === "title" && !taken.has("titolo") ? "titolo" : `testo${n + 1}`;
  taken.add(base);
  return base;
}

export class SaveTemplate {
  /** "Salva come modello": the project's draft, with the texts the person ticks as fields. */
  constructor({ api, button, dialog, name, texts, status, form, close, draft, onSaved }) {
    Object.assign(this, { api, button, dialog, name, texts, status, draft, onSaved });
    button.addEventListener("click", () => this.open());
    close.addEventListener("click", () => dialog.close());
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.save();
    });
  }

  /** Enabled once the project has a video to save. */
  refresh() {
    this.button.disabled = !this.draft();
  }

  open() {
    const draft = this.draft();
    if (!draft) return;
    const segs = (draft.t || [])
      .filter((tr) => tr.tt === 7)
      .flatMap((tr) => tr.sg || [])
      .filter((seg) => seg.m?.text && !seg.m?.chapter);
    const seen = new Set();
    const rows = [];
    for (const seg of segs) {
      if (seen.has(seg.m.text)) continue;
      seen.add(seg.m.text);
      const box = el("input", {
        type: "checkbox",
        "data-text": seg.m.text,
        "data-role": seg.m.role || "title",
        checked: seg.m.role === "title",
      });
      rows.push(el("label", { class: "template-check" }, box, el("span", { text: seg.m.text })));
    }
    this.texts.replaceChildren(...rows);
    this.status.hidden = true;
    if (!this.dialog.open) this.dialog.showModal();
    this.name.focus();
  }

  async save() {
    const name = this.name.value.trim();
    if (!name) return;
    const texts = {};
    const taken = new Set();
    let n = 0;
    for (const box of this.texts.querySelectorAll("input[data-text]")) {
      if (!box.checked) continue;
      n += 1;
      texts[box.dataset.text] = fieldName({ m: { role: box.dataset.role } }, n, taken);
    }
    try {
      await this.api.saveTemplate(name, texts);
      this.dialog.close();
      this.name.value = "";
      await this.onSaved(name);
    } catch (err) {
      this.status.textContent = err.message;
      this.status.hidden = false;
    }
  }
}

export class TemplateGallery {
  /**
   * `list` holds the cards; `dialog` the form. `photos()` says how many photos and clips the
   * project has; `onMade(result)` refreshes the page once the template made the video.
   */
  constructor({ api, list, dialog, title, sample, fields, hint, make, close, form, photos, onMade, onError }) {
    Object.assign(this, { api, list, dialog, title, sample, fields, hint, make, photos, onMade, onError });
    this.templates = [];
    this.chosen = null;
    this.lang = null;
    close.addEventListener("click", () => this.dialog.close());
    this.dialog.addEventListener("close", () => this.sample.pause());
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
  }

  /** Load the gallery in `lang` (again only when the language changed, or when `force`d). */
  async load(lang, { force = false } = {}) {
    if (!force && this.lang === lang && this.templates.length) return;
    try {
      this.templates = await this.api.templates(lang);
      this.lang = lang;
      this.draw();
    } catch (err) {
      this.onError(err);
    }
  }

  draw() {
    this.list.replaceChildren(
      ...this.templates.map((tpl) =>
        el(
          "li",
          {},
          el(
            "button",
            {
              type: "button",
              class: "template-card",
              "data-template": tpl.id,
              onclick: () => this.open(tpl),
            },
            tpl.thumbnail_url
              ? el("img", { src: tpl.thumbnail_url, alt: "", width: "160", height: "90" })
              : el("span", { class: "template-thumb empty", "aria-hidden": "true" }),
            el("span", { class: "template-name", text: tpl.name }),
          ),
        ),
      ),
    );
  }

  open(tpl) {
    this.chosen = tpl;
    this.title.textContent = tpl.name;
    this.sample.hidden = !tpl.sample_url;
    if (tpl.sample_url) this.sample.src = tpl.sample_url;
    const rows = [];
    for (const f of tpl.fields) {
      if (f.kind !== "text") continue;
      const input = el("input", {
        name: f.name,
        maxlength: String(f.max_chars),
        autocomplete: "off",
        required: f.required,
        placeholder: (f.default || "").replace(/\{\{\s*\w+\s*\}\}/g, "…"),
        "data-field": f.name,
      });
      rows.push(
        el("label", { class: "template-field" }, el("span", { text: f.required ? `${f.label} *` : f.label }), input),
      );
    }
    this.fields.replaceChildren(...rows);
    this.refreshHint();
    if (!this.dialog.open) this.dialog.showModal();
    this.fields.querySelector("input")?.focus();
  }

  /** Without photos there is nothing to fill the template with: say so, keep the form. */
  refreshHint() {
    const none = this.photos() === 0;
    this.hint.textContent = none ? t("templateNeedsPhotos") : "";
    this.hint.hidden = !none;
    this.make.disabled = none;
  }

  async submit() {
    if (!this.chosen || this.photos() === 0) return;
    const merge = {};
    for (const input of this.fields.querySelectorAll("input[data-field]")) {
      const value = input.value.trim();
      if (value) merge[input.dataset.field] = value;
    }
    this.make.disabled = true;
    try {
      const result = await this.api.startFromTemplate(this.chosen.id, merge);
      this.dialog.close();
      await this.onMade(result, this.chosen);
    } catch (err) {
      this.hint.textContent = err.message;
      this.hint.hidden = false;
    } finally {
      this.make.disabled = this.photos() === 0;
    }
  }
}

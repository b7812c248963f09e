// The account's projects: open, rename, duplicate and delete (with undo). A new project never
// replaces the old one: every project stays in this list until deleted.

import { language, t } from "./i18n.js";

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

function shortDate(iso) {
  if (!iso) return "";
  const tag = { it: "it-IT", en: "en-GB", zh: "zh-CN" }[language()] || "it-IT";
  return new Date(iso).toLocaleDateString(tag, { day: "numeric", month: "short", year: "numeric" });
}

export class Projects {
  /** `onOpen(project)` switches the page to a project; `toast(text, action, label)` offers undo. */
  constructor({ api, dialog, list, empty, close, onOpen, onError, toast }) {
    Object.assign(this, { api, dialog, list, empty, onOpen, onError, toast });
    close.addEventListener("click", () => dialog.close());
  }

  async show() {
    if (!this.dialog.open) this.dialog.showModal();
    await this.refresh();
  }

  async refresh() {
    try {
      const data = await this.api.projects();
      this.draw(data.sessions || []);
    } catch (err) {
      this.onError(err);
    }
  }

  draw(projects) {
    this.empty.hidden = projects.length > 0;
    this.list.replaceChildren(...projects.map((p) => this.row(p)));
  }

  row(p) {
    const current = p.session_id === this.api.sessionId;
    const name = p.name || p.task_name || "Diapo";
    const thumb = p.thumbnail_url
      ? el("img", { class: "project-thumb", src: p.thumbnail_url, alt: "" })
      : el("span", { class: "project-thumb empty", "aria-hidden": "true" });
    const input = el("input", {
      class: "project-name",
      value: name,
      maxlength: "120",
      "aria-label": t("projectName"),
      onchange: async (e) => {
        const value = String(e.target.value).trim();
        if (!value || value === name) return;
        try {
          await this.api.renameProject(p.session_id, value);
          await this.refresh();
        } catch (err) {
          this.onError(err);
        }
      },
    });
    const last = p.last_render
      ? t("lastRender", {
          what: `${String(p.last_render.format || "").toUpperCase()} ${p.last_render.resolution || ""} · ${t(`status_${p.last_render.status}`, { pct: "" }).trim()}`,
        })
      : "";
    const meta = el("p", {
      class: "project-meta",
      text: [
        t("projectMeta", { n: p.media_count ?? 0, date: shortDate(p.updated_at || p.created_at) }),
        last,
        current ? t("currentProject") : "",
      ]
        .filter(Boolean)
        .join(" · "),
    });
    const button = (label, onclick, cls = "ghost small") =>
      el("button", { type: "button", class: cls, text: t(label), "aria-label": `${t(label)}: ${name}`, onclick });
    const actions = el(
      "div",
      { class: "project-actions" },
      current ? null : button("openProject", () => this.open(p), "primary small"),
      button("duplicateProject", () => this.duplicate(p)),
      button("deleteProject", () => this.remove(p, name)),
    );
    return el(
      "li",
      { class: `project${current ? " current" : ""}`, "data-session-id": p.session_id },
      thumb,
      el("div", { class: "project-body" }, input, meta),
      actions,
    );
  }

  async open(p) {
    this.dialog.close();
    await this.onOpen(p);
  }

  async duplicate(p) {
    try {
      await this.api.duplicateProject(p.session_id);
      await this.refresh();
    } catch (err) {
      this.onError(err);
    }
  }

  async remove(p, name) {
    try {
      await this.api.deleteProject(p.session_id);
      await this.refresh();
      this.toast(t("projectDeleted", { name }), t("undoDelete"), async () => {
        await this.api.restoreProject(p.session_id);
        await this.refresh();
      });
      // The open project was deleted: the page moves to the newest one left, or a new one.
      if (p.session_id === this.api.sessionId) {
        const data = await this.api.projects();
        await this.onOpen((data.sessions || [])[0] || null);
      }
    } catch (err) {
      this.onError(err);
    }
  }
}

// The page: start a session, then keep the timeline, chat, preview and exports in step.

import { Api, ApiError, renderId } from "./api.js";
import {
  command,
  initialLanguage,
  language,
  setLanguage,
  suggestions,
  t,
  translatePage,
} from "./i18n.js";
import { Exports, Player } from "./renders.js";
import { AutoPreview } from "./preview.js";
import { readDraft, Timeline } from "./timeline.js";
import { Uploads } from "./uploads.js";
import { QuickControls } from "./controls.js";
import { Projects } from "./projects.js";
import { SignIn } from "./signin.js";
import { SaveTemplate, TemplateGallery } from "./templates.js";
import { buildMenus, loadVocabulary } from "./vocabulary.js";
import { fillPresetMenu, presetWarning, withPreset } from "./presets.js";

const $ = (id) => document.getElementById(id);
const api = new Api();
const ui = {
  state: null,
  turns: 0,
  ticket: 0,
  visual: 0,
  style: null,
  languageSync: null, // the last language change, which a chat message waits for
  hadDraft: false,
  serverDown: false,
  historyLength: 0, // messages the server keeps for this project, as far as the page knows
};

// ---- notices and credits -------------------------------------------------------------

function notice(message, link) {
  const box = $("notice");
  delete box.dataset.kind;
  box.replaceChildren(document.createTextNode(message));
  if (link) {
    const a = document.createElement("a");
    a.href = link;
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = t("register");
    box.append(" ", a);
  }
  box.hidden = false;
}

function explain(err) {
  if (err instanceof ApiError && err.code === 2001) {
    notice(t("needCredits"), api.registerUrl);
  } else if (err instanceof ApiError && err.code !== 0) {
    notice(err.message);
  } else {
    serverDown();
  }
}

// ---- outages -------------------------------------------------------------------------

/** The server stopped answering: say so once, then watch /healthz until it is back. */
function serverDown() {
  notice(t("networkError"));
  $("notice").dataset.kind = "outage";
  if (ui.serverDown) return;
  ui.serverDown = true;
  watchHealth(1000);
}

async function watchHealth(delay) {
  try {
    const answer = await fetch("/healthz", { cache: "no-store" });
    if (answer.ok) {
      serverBack();
      return;
    }
  } catch {
    // Still away: look again a little later, backing off to every 15 s.
  }
  setTimeout(() => watchHealth(Math.min(delay * 2, 15000)), delay);
}

/** The server answers again: clear the banner and pick up where the page was. */
function serverBack() {
  ui.serverDown = false;
  const box = $("notice");
  if (box.dataset.kind === "outage") {
    box.hidden = true;
    delete box.dataset.kind;
  }
  refreshState().catch(explain);
  refreshCredits();
  exportsView.refresh().catch(explain);
}

async function refreshCredits() {
  try {
    const balance = await api.balance();
    $("credits-value").textContent = String(balance.available);
    $("credits").title = `${balance.available} + ${balance.frozen}`;
  } catch {
    // The badge keeps its last value; the next call says what went wrong.
  }
}

// ---- state ---------------------------------------------------------------------------

const timeline = new Timeline({
  strip: $("strip"),
  tracks: $("tracks"),
  tray: $("tray"),
  trayList: $("tray-list"),
  addAll: $("add-all-button"),
  meta: $("timeline-meta"),
  send: (name, ...args) => say(command(name, ...args)),
});

const controls = new QuickControls({
  box: $("quick"),
  music: $("music-select"),
  listen: $("music-listen"),
  volume: $("music-volume"),
  titleForm: $("title-form"),
  titleInput: $("title-input"),
  transition: $("transition-select"),
  ending: $("ending-select"),
  sample: $("sample-player"),
  send: (name, ...args) => say(command(name, ...args)),
});

const player = new Player({
  box: $("player"),
  video: $("video"),
  still: $("still"),
  overlay: $("player-overlay"),
  message: $("player-message"),
  bar: $("preview-progress"),
  meta: $("preview-meta"),
});

const gallery = new TemplateGallery({
  api,
  list: $("template-list"),
  dialog: $("template-dialog"),
  title: $("template-name"),
  sample: $("template-sample"),
  fields: $("template-fields"),
  hint: $("template-hint"),
  make: $("template-make"),
  close: $("template-close"),
  form: $("template-form"),
  photos: () => ui.visual,
  onMade: async (_result, template) => {
    await refreshState();
    addMessage("assistant", t("templateMade", { name: template.name }));
  },
  onError: (err) => explain(err),
});

const saveTemplate = new SaveTemplate({
  api,
  button: $("save-template-button"),
  dialog: $("save-template-dialog"),
  name: $("save-template-name"),
  texts: $("save-template-texts"),
  status: $("save-template-status"),
  form: $("save-template-form"),
  close: $("save-template-close"),
  draft: () => ui.state?.draft || null,
  onSaved: async (name) => {
    addMessage("assistant", t("templateSaved", { name }));
    await gallery.load(language(), { force: true });
  },
});

async function refreshState() {
  // Answers can arrive out of order; only the latest request's answer is shown.
  ui.ticket += 1;
  const ticket = ui.ticket;
  const state = await api.state(language());
  if (ticket !== ui.ticket) return ui.state;
  ui.state = state;
  const { video, aspect } = readDraft(state.draft);
  const visual = state.media.filter((m) => m.kind !== "audio").length;
  timeline.render(state);
  controls.render(state);
  $("timeline-empty").hidden = video.length > 0;
  ui.visual = visual;
  if ($("template-dialog").open) gallery.refreshHint();
  document.querySelector(".drop-card").classList.toggle("compact", state.media.length > 0);
  $("make-button").disabled = visual === 0 || ui.turns > 0;
  drawHistory();
  $("export-button").disabled = !state.draft;
  saveTemplate.refresh();
  for (const b of document.querySelectorAll("[data-aspect]")) {
    if (b.tagName === "BUTTON") b.setAttribute("aria-pressed", String(b.dataset.aspect === aspect));
  }
  for (const b of document.querySelectorAll("[data-style]")) {
    b.setAttribute("aria-pressed", String(b.dataset.style === ui.style));
  }
  if (Boolean(state.draft) !== ui.hadDraft) {
    ui.hadDraft = Boolean(state.draft);
    drawSuggestions();
  }
  player.setAspect(aspect);
  preview.update(state);
  document.body.dataset.version = String(state.version);
  return state;
}

/** Undo and redo are possible when the server says so and no turn is running. */
function drawHistory() {
  const busy = ui.turns > 0;
  $("undo-button").disabled = busy || !ui.state?.can_undo;
  $("redo-button").disabled = busy || !ui.state?.can_redo;
}

/** Ctrl+Z / Ctrl+Shift+Z (⌘ on a Mac) undo and redo, except while typing in a field. */
function onShortcut(e) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== "z") return;
  const target = e.target;
  if (target?.closest?.("input, textarea, select, [contenteditable]")) return;
  e.preventDefault();
  const button = $(e.shiftKey ? "redo-button" : "undo-button");
  if (!button.disabled) button.click();
}

// ---- chat ----------------------------------------------------------------------------

function addMessage(role, text, { quiet = false } = {}) {
  const li = document.createElement("li");
  li.className = `message ${role}`;
  li.textContent = text;
  const list = $("messages");
  list.append(li);
  // Scroll the conversation, not the page (on a phone the chat is far below).
  list.scrollTop = list.scrollHeight;
  // On a phone the reply also shows above the composer bar, where the person is looking.
  if (!quiet && (role === "assistant" || role === "error")) {
    $("last-reply-text").textContent = text;
    $("last-reply").classList.toggle("error", role === "error");
    $("last-reply").hidden = false;
  }
  return li;
}

function setWorking(on) {
  ui.turns += on ? 1 : -1;
  const busy = ui.turns > 0;
  $("working").hidden = !busy;
  $("chat-send").disabled = busy;
  for (const b of document.querySelectorAll(
    "#aspect-buttons button, #style-buttons button, #quick select, #quick input, #quick button",
  )) {
    b.disabled = busy;
  }
  // Back from a turn, the controls take their own state again (no volume without music).
  if (!busy && ui.state) controls.render(ui.state);
  timeline.setBusy(busy);
  drawHistory();
  $("make-button").disabled = busy || !ui.visual;
  document.body.classList.toggle("turn-running", busy);
}

/** Send one message to the editor and show its streamed events as they come. */
async function say(text) {
  if (!text.trim() || ui.turns > 0) return;
  addMessage("user", text);
  setWorking(true);
  let replied = false;
  let tools = null;
  try {
    await ui.languageSync;
    await api.chat(text, (event) => {
      // A successful edit is said once, by the reply; only a failed step gets its own line.
      if (event.type === "tool_result" && !event.ok) {
        tools ??= addMessage("tool", "");
        const line = document.createElement("span");
        line.textContent = t(event.ok ? "toolOk" : "toolFailed", {
          text: event.ok ? event.summary : event.error || event.summary,
        });
        line.className = event.ok ? "ok" : "failed";
        tools.append(line);
      } else if (event.type === "state") {
        refreshState().catch(explain);
      } else if (event.type === "text" && event.text) {
        replied = true;
        addMessage("assistant", event.text);
      } else if (event.type === "export_requested") {
        const output = { format: "mp4", resolution: "1080p", ...(event.output || {}) };
        $("export-format").value = output.format;
        $("export-resolution").value = output.resolution;
        queueMicrotask(() => runExport(output));
      } else if (event.type === "error") {
        replied = true;
        addMessage("error", event.message || t("error"));
      }
    });
    if (!replied) addMessage("assistant", t("turnEmpty"));
    ui.historyLength += 2;
  } catch (err) {
    if (err instanceof ApiError && err.code !== 0) addMessage("error", err.message);
    else if (!replied) await resumeLostTurn(text);
    else addMessage("error", t("networkError"));
  } finally {
    // The timeline is current before the page says the turn is over.
    await refreshState().catch(explain);
    setWorking(false);
  }
}

/**
 * The stream of a turn broke before its reply arrived. The message is not sent again: the
 * server either kept the turn (its reply is then in the project's conversation) or dropped
 * it whole, so the conversation and the state say which.
 */
async function resumeLostTurn(text) {
  try {
    const list = (await api.messages()).messages || [];
    const [asked, answer] = list.slice(-2);
    if (list.length > ui.historyLength && asked?.role === "user" && asked.text === text) {
      ui.historyLength = list.length;
      addMessage(answer.role === "error" ? "error" : "assistant", answer.text);
      return;
    }
    addMessage("error", t("streamLost"));
  } catch (err) {
    addMessage("error", t("networkError"));
    explain(err);
  }
}

function drawSuggestions() {
  const box = $("suggestions");
  box.replaceChildren(
    ...suggestions(Boolean(ui.state?.draft)).map((text) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "chip";
      b.textContent = text;
      b.addEventListener("click", () => say(text));
      return b;
    }),
  );
}

// ---- preview and export --------------------------------------------------------------

// Free previews follow the draft by themselves, a moment after the last edit.
const preview = new AutoPreview({
  api,
  player,
  button: $("preview-button"),
  onError: (err) => explain(err),
});

const exportsView = new Exports({
  api,
  list: $("exports"),
  empty: $("exports-empty"),
  progress: $("export-progress"),
  bar: $("export-bar"),
  status: $("export-status"),
  player,
  onCredits: refreshCredits,
  onError: explain,
  title: () => readDraft(ui.state?.draft).title,
});

async function runExport(output) {
  $("export-button").disabled = true;
  try {
    if (!(await confirmPrice(output))) return;
    const last = await exportsView.start(output);
    if (last.status === "completed") $("export-status").textContent = "";
  } catch (err) {
    explain(err);
  } finally {
    $("export-button").disabled = !ui.state?.draft;
  }
}

// ---- wiring --------------------------------------------------------------------------

/** Tell the session the page's language; a chat message waits for it (`ui.languageSync`). */
function syncLanguage() {
  // One change after another: sent side by side, a quick switch back could be skipped as
  // already done while the first change was still on its way, and the wrong one would win.
  const chosen = language();
  const previous = ui.languageSync ?? Promise.resolve();
  ui.languageSync = previous.then(() => api.sessionLanguage(chosen)).catch(explain);
  return ui.languageSync;
}

function applyLanguage(lang, { sync = true } = {}) {
  setLanguage(lang);
  // The assistant answers in the page's language from the next message on.
  if (sync) syncLanguage();
  localStorage.setItem("diapo.lang", lang);
  $("lang-select").value = lang;
  translatePage();
  drawSuggestions();
  if (ui.state) {
    timeline.render(ui.state);
    controls.render(ui.state);
  }
  exportsView.draw({ all: true });
  if (api.token) gallery.load(lang);
  const welcome = $("messages").querySelector(".message.welcome");
  if (welcome) welcome.textContent = t("welcome");
}

function wire() {
  $("lang-select").addEventListener("change", (e) => applyLanguage(e.target.value));

  const uploads = new Uploads({
    api,
    list: $("uploads"),
    summary: $("refused-summary"),
    onStored: () => refreshState().catch(explain),
    onIdle: () => refreshState().catch(explain),
  });
  $("file-input").addEventListener("change", (e) => {
    uploads.add([...e.target.files]);
    e.target.value = "";
  });
  // The whole page accepts dropped files; the drop zone lights up while they hover.
  let depth = 0;
  const zone = $("dropzone");
  const isFiles = (e) => [...(e.dataTransfer?.types || [])].includes("Files");
  window.addEventListener("dragenter", (e) => {
    if (!isFiles(e)) return;
    depth += 1;
    zone.classList.add("over");
  });
  window.addEventListener("dragleave", (e) => {
    if (!isFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (!depth) zone.classList.remove("over");
  });
  window.addEventListener("dragover", (e) => {
    if (isFiles(e)) e.preventDefault();
  });
  window.addEventListener("drop", (e) => {
    if (!e.dataTransfer?.files?.length) return;
    e.preventDefault();
    depth = 0;
    zone.classList.remove("over");
    uploads.add([...e.dataTransfer.files]);
  });

  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    // Enter still submits while a turn runs: keep what was typed for when it ends.
    if (ui.turns > 0) return;
    const input = $("chat-input");
    const text = input.value;
    input.value = "";
    say(text);
  });
  $("chat-input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("make-button").addEventListener("click", () => say(command("make")));
  $("last-reply-close").addEventListener("click", () => {
    $("last-reply").hidden = true;
  });
  for (const b of document.querySelectorAll("#aspect-buttons button")) {
    b.addEventListener("click", () => say(command("aspect", b.dataset.aspect)));
  }
  for (const b of document.querySelectorAll("#style-buttons button")) {
    b.addEventListener("click", () => {
      ui.style = b.dataset.style;
      say(command("style", b.dataset.style));
    });
  }
  $("undo-button").addEventListener("click", () => say(command("undo")));
  $("redo-button").addEventListener("click", () => say(command("redo")));
  $("add-all-button").addEventListener("click", () => say(command("restoreAll")));
  document.addEventListener("keydown", onShortcut);
  $("export-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const output = { format: $("export-format").value, resolution: $("export-resolution").value };
    runExport(withPreset(output, $("export-preset")));
  });
  /** Show another project: a new one (`project` null) or one from the list. The old one
   * stays in the list, as it is. */
  ui.switchProject = async (project) => {
    try {
      if (project) api.openProject(project.session_id, project.language);
      else await api.newSession(language());
      uploads.clear();
      ui.style = null;
      preview.reset();
      player.clear();
      await Promise.all([refreshState(), exportsView.refresh(), loadHistory()]);
      await syncLanguage();
    } catch (err) {
      explain(err);
    }
  };
  $("new-project").addEventListener("click", () => ui.switchProject(null));
  $("projects-button").addEventListener("click", () => {
    signIn.draw();
    projects.show();
  });
  $("confirm-ok").addEventListener("click", () => $("confirm-dialog").close("ok"));
  $("confirm-cancel").addEventListener("click", () => $("confirm-dialog").close("cancel"));
  $("toast-action").addEventListener("click", async () => {
    const action = ui.toastAction;
    hideToast();
    try {
      await action?.();
    } catch (err) {
      explain(err);
    }
  });
}

// ---- projects, conversation and prices ---------------------------------------------------

const projects = new Projects({
  api,
  dialog: $("projects-dialog"),
  list: $("project-list"),
  empty: $("projects-empty"),
  close: $("projects-close"),
  onOpen: (project) => ui.switchProject(project),
  onError: explain,
  toast: showToast,
});

// Signed in to an account: its projects (the ones made anonymously before registering
// included) are listed, and the latest opens.
const signIn = new SignIn({
  api,
  form: $("signin-form"),
  email: $("signin-email"),
  password: $("signin-password"),
  error: $("signin-error"),
  register: $("register-link"),
  onSignedIn: async () => {
    const sessions = (await api.projects()).sessions || [];
    await ui.switchProject(sessions[0] || null);
    await refreshCredits();
    await projects.refresh();
  },
});

function showToast(text, label, action) {
  // Above an open dialog the toast must live inside it, or the dialog would cover it.
  (document.querySelector("dialog[open]") || document.body).append($("toast"));
  $("toast-text").textContent = text;
  $("toast-action").textContent = label;
  ui.toastAction = action;
  $("toast").hidden = false;
  clearTimeout(ui.toastTimer);
  ui.toastTimer = setTimeout(hideToast, 10000);
}

function hideToast() {
  $("toast").hidden = true;
  ui.toastAction = null;
}

/** The project's conversation as the server kept it, so a reload shows it again. */
async function loadHistory() {
  $("messages").replaceChildren();
  addMessage("assistant welcome", t("welcome"));
  try {
    const data = await api.messages();
    for (const m of data.messages || []) addMessage(m.role, m.text, { quiet: true });
    ui.historyLength = (data.messages || []).length;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    // An older server keeps no conversation: the page simply starts from the welcome.
  }
}

/** Ask once before spending credits: the price comes from the server's dry run. */
async function confirmPrice(output) {
  const quote = await api.price(output);
  const what = `${String(output.format).toUpperCase()} ${output.resolution}`;
  const dialog = $("confirm-dialog");
  if (quote.available_after < 0) {
    $("confirm-text").textContent = t("notEnough", {
      cost: quote.cost,
      available: quote.available,
    });
    $("confirm-ok").hidden = true;
  } else {
    const key = quote.cost === 1 ? "confirmExport1" : "confirmExport";
    const price = t(key, { what, cost: quote.cost, after: quote.available_after });
    $("confirm-text").textContent = [presetWarning(quote), price].filter(Boolean).join(" ");
    $("confirm-ok").hidden = false;
  }
  dialog.returnValue = "";
  dialog.showModal();
  $("confirm-ok").hidden ? $("confirm-cancel").focus() : $("confirm-ok").focus();
  await new Promise((resolve) => dialog.addEventListener("close", resolve, { once: true }));
  return dialog.returnValue === "ok";
}

async function start() {
  applyLanguage(initialLanguage(localStorage.getItem("diapo.lang"), navigator.languages), {
    sync: false,
  });
  try {
    await loadVocabulary(api);
    buildMenus({
      format: $("export-format"),
      resolution: $("export-resolution"),
      aspects: $("aspect-buttons"),
    });
    fillPresetMenu($("export-preset"));
    // Its names follow the page's language: refilled when it is opened.
    $("export-preset").addEventListener("focus", (e) => fillPresetMenu(e.target));
  } catch {
    notice(t("networkError"));
  }
  wire();
  try {
    const balance = await api.ensureToken();
    $("credits-value").textContent = String(balance.available);
    await refreshState();
    await syncLanguage();
    await Promise.all([exportsView.refresh(), loadHistory(), gallery.load(language())]);
    document.body.dataset.ready = "true";
  } catch (err) {
    explain(err);
  }
}

start();

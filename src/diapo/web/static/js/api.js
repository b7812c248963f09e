// The Diapo protocol, as the page speaks it: token, session, upload, chat stream, state, renders.

const VERSION = document.querySelector('meta[name="diapo-version"]')?.content || "0.0.0";
const ATTRIBUTION = {
  "X-Skill-Source": "diapo-web",
  "X-Skill-Version": VERSION,
  "X-Skill-Platform": "web",
};
const STORE = {
  client: "diapo.clientId",
  token: "diapo.token",
  session: "diapo.sessionId",
  register: "diapo.registerUrl",
  sessionLang: "diapo.sessionLanguage",
};

/** An error answer of the protocol: `code` is the envelope's, `status` the HTTP one. */
export class ApiError extends Error {
  constructor(code, message, status, data = null) {
    super(message);
    this.code = code;
    this.status = status;
    this.data = data;
  }
}

function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Older browsers on plain http: a v4 UUID from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function readEnvelope(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not Diapo answering (a proxy's 502 page while the server restarts): as good as no
    // answer at all, so the page waits for the server instead of showing the proxy's words.
    throw new ApiError(0, "network", response.status);
  }
  if (!body || body.code !== 0) {
    const code = body?.code ?? response.status;
    throw new ApiError(code, body?.message || response.statusText, response.status, body?.data);
  }
  return body.data;
}

export class Api {
  constructor(base = "") {
    this.base = base;
    this.token = localStorage.getItem(STORE.token);
    this.sessionId = localStorage.getItem(STORE.session);
    this.registerUrl = localStorage.getItem(STORE.register);
  }

  headers(extra = {}) {
    const h = { ...ATTRIBUTION, ...extra };
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    return h;
  }

  /** A new anonymous token for this browser; a new client id when the old one is used up. */
  async anonymousToken() {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let client = localStorage.getItem(STORE.client);
      if (!client || attempt > 0) {
        client = newClientId();
        localStorage.setItem(STORE.client, client);
      }
      const response = await fetch(`${this.base}/api/auth/anonymous-token`, {
        method: "POST",
        headers: { ...ATTRIBUTION, "X-Client-Id": client },
      });
      try {
        const data = await readEnvelope(response);
        this.token = data.token;
        this.registerUrl = data.register_url;
        localStorage.setItem(STORE.token, data.token);
        localStorage.setItem(STORE.register, data.register_url || "");
        return data;
      } catch (err) {
        // 429: this client id already had its token (e.g. storage was cleared in part).
        if (!(err instanceof ApiError && err.code === 429) || attempt > 0) throw err;
      }
    }
    throw new ApiError(429, "No token", 429);
  }

  /** A JSON call; an expired or unknown token is replaced once and the call retried. */
  async call(method, path, body, { retry = true } = {}) {
    const init = { method, headers: this.headers() };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`${this.base}${path}`, init);
    try {
      return await readEnvelope(response);
    } catch (err) {
      if (retry && err instanceof ApiError && err.code === 1001) {
        await this.anonymousToken();
        return this.call(method, path, body, { retry: false });
      }
      throw err;
    }
  }

  /** Sign in to a registered account: its token replaces the anonymous one in this browser. */
  async login(email, password, language) {
    const response = await fetch(`${this.base}/api/auth/login`, {
      method: "POST",
      headers: { ...ATTRIBUTION, "Content-Type": "application/json", "Accept-Language": language },
      body: JSON.stringify({ email, password }),
    });
    const data = await readEnvelope(response);
    this.token = data.token;
    this.registerUrl = "";
    localStorage.setItem(STORE.token, data.token);
    localStorage.setItem(STORE.register, "");
    return data;
  }

  async ensureToken() {
    if (!this.token) await this.anonymousToken();
    return this.balance();
  }

  balance() {
    return this.call("GET", "/api/credits/balance/simple");
  }

  /** The names the page may offer: formats, resolutions, aspects, music styles (no token needed). */
  async vocabulary() {
    const response = await fetch(`${this.base}/api/vocabulary`, { headers: this.headers() });
    return readEnvelope(response);
  }

  async newSession(language) {
    const data = await this.call("POST", "/api/tasks/me/with-session/nemo_agent", {
      task_name: "project",
      language,
    });
    this.sessionId = data.session_id;
    localStorage.setItem(STORE.session, data.session_id);
    localStorage.setItem(STORE.sessionLang, data.language);
    return data;
  }

  /** Make the assistant answer in `language` from the next turn on (once per change). */
  async sessionLanguage(language) {
    if (!this.sessionId || localStorage.getItem(STORE.sessionLang) === language) return;
    const data = await this.call(
      "PATCH",
      `/api/tasks/me/sessions/${encodeURIComponent(this.sessionId)}`,
      { language },
    );
    localStorage.setItem(STORE.sessionLang, data.language);
  }

  /** The session's state; a missing or foreign session is replaced by a new one. */
  async state(language) {
    if (!this.sessionId) await this.newSession(language);
    try {
      return await this.call("GET", `/api/state/nemo_agent/me/${this.sessionId}/latest`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 1002) {
        await this.newSession(language);
        return this.call("GET", `/api/state/nemo_agent/me/${this.sessionId}/latest`);
      }
      throw err;
    }
  }

  /**
   * Upload one file with its own progress (XMLHttpRequest reports upload progress). A retry
   * passes the same `key`: if the first attempt did reach the server, its answer comes back
   * and the file is not stored twice.
   */
  upload(file, onProgress, key = newIdempotencyKey("upload")) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${this.base}/api/upload-video/nemo_agent/me/${this.sessionId}`);
      for (const [name, value] of Object.entries(this.headers())) xhr.setRequestHeader(name, value);
      xhr.setRequestHeader("Idempotency-Key", key);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onerror = () => reject(new ApiError(0, "network", 0));
      xhr.onload = () => {
        let body = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          reject(new ApiError(0, "network", xhr.status));
          return;
        }
        if (body.code === 0) resolve(body.data);
        else {
          const failed = body.data?.failed?.[0];
          reject(new ApiError(body.code, failed?.message || body.message, xhr.status, body.data));
        }
      };
      const form = new FormData();
      form.append("files", file, file.name);
      xhr.send(form);
    });
  }

  /**
   * One chat turn. `onEvent` gets each JSON event of the stream; heartbeats call it with
   * `{type: "heartbeat"}`. EventSource cannot POST, so the stream is read from fetch.
   */
  async chat(text, onEvent, { retry = true } = {}) {
    const response = await fetch(`${this.base}/run_sse`, {
      method: "POST",
      headers: this.headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: JSON.stringify({
        session_id: this.sessionId,
        new_message: { role: "user", parts: [{ text }] },
      }),
    });
    const type = response.headers.get("content-type") || "";
    if (!type.startsWith("text/event-stream")) {
      try {
        await readEnvelope(response);
      } catch (err) {
        if (retry && err instanceof ApiError && err.code === 1001) {
          await this.anonymousToken();
          return this.chat(text, onEvent, { retry: false });
        }
        throw err;
      }
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        dispatch(buffer.slice(0, end), onEvent);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
      }
    }
    if (buffer.trim()) dispatch(buffer, onEvent);
  }

  /** Submit a render; a `preview` is a free, quick, low-resolution one for the player. */
  render(output, id, { preview = false } = {}) {
    return this.call("POST", "/api/render/proxy/lambda", {
      id,
      session_id: this.sessionId,
      output,
      ...(preview ? { preview: true } : {}),
    });
  }

  /** What an export would cost and the balance after it; nothing is frozen. */
  price(output) {
    return this.call("POST", "/api/render/price", {
      session_id: this.sessionId,
      output,
    });
  }

  // ---- projects: one session each, all of the account's --------------------------

  projects() {
    return this.call("GET", "/api/tasks/me/sessions");
  }

  /** Work on another of the account's projects from now on. */
  openProject(sessionId, language) {
    this.sessionId = sessionId;
    localStorage.setItem(STORE.session, sessionId);
    if (language) localStorage.setItem(STORE.sessionLang, language);
  }

  renameProject(sessionId, name) {
    return this.call("PATCH", `/api/tasks/me/sessions/${encodeURIComponent(sessionId)}`, { name });
  }

  duplicateProject(sessionId) {
    return this.call("POST", `/api/tasks/me/sessions/${encodeURIComponent(sessionId)}/duplicate`);
  }

  deleteProject(sessionId) {
    return this.call("DELETE", `/api/tasks/me/sessions/${encodeURIComponent(sessionId)}`);
  }

  restoreProject(sessionId) {
    return this.call("POST", `/api/tasks/me/sessions/${encodeURIComponent(sessionId)}/restore`);
  }

  /** The project's conversation so far, oldest first. */
  messages() {
    const id = encodeURIComponent(this.sessionId);
    return this.call("GET", `/api/tasks/me/sessions/${id}/messages?limit=200`);
  }

  cancelRender(id) {
    return this.call("DELETE", `/api/render/proxy/lambda/${encodeURIComponent(id)}`);
  }

  renderStatus(id) {
    return this.call("GET", `/api/render/proxy/lambda/${encodeURIComponent(id)}`);
  }

  /** The templates (built-in and the account's own), names and labels in `language`. */
  templates(language) {
    return this.call("GET", `/api/templates?language=${encodeURIComponent(language)}`);
  }

  /** Save the project's draft as a template of the account; `texts`: text -> field name. */
  saveTemplate(name, texts) {
    return this.call("POST", "/api/templates", { session_id: this.sessionId, name, texts });
  }

  /** The project's next draft: `templateId` filled with `merge` and the project's uploads. */
  startFromTemplate(templateId, merge) {
    return this.call("POST", `/api/templates/${encodeURIComponent(templateId)}/session`, {
      session_id: this.sessionId,
      merge,
    });
  }

  renders() {
    const q = encodeURIComponent(this.sessionId);
    return this.call("GET", `/api/render/proxy/lambda?session_id=${q}`);
  }
}

function dispatch(block, onEvent) {
  const data = [];
  let name = "message";
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) {
      onEvent({ type: "heartbeat" });
    } else if (line.startsWith("event:")) {
      name = line.slice(6).trim();
    } else if (line.startsWith("data:")) {
      data.push(line.slice(5).replace(/^ /, ""));
    }
  }
  if (name === "heartbeat") {
    onEvent({ type: "heartbeat" });
    return;
  }
  if (!data.length) return;
  try {
    onEvent(JSON.parse(data.join("\n")));
  } catch {
    onEvent({ type: "text", text: data.join("\n") });
  }
}

/** A key for a request that may be sent again: the server answers a repeat as the first. */
export function newIdempotencyKey(kind) {
  return `${kind}-${newClientId()}`;
}

export function renderId(kind) {
  return `${kind}-${newClientId()}`;
}

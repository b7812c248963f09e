// Interface text in Italian, English and Chinese, and the chat commands the page sends.

export const LANGS = ["it", "en", "zh"];

const TEXT = {
  it: {
    skip: "Vai alla timeline",
    tagline: "Le tue foto, un video da condividere",
    credits: "crediti",
    newProject: "Nuovo progetto",
    language: "Lingua",
    uploadTitle: "Carica",
    dropHere: "Trascina qui foto, video e musica",
    dropOr: "oppure",
    pickFiles: "Scegli i file",
    dropHint: "JPG, PNG, HEIC, WEBP, GIF · MP4, MOV, WEBM · MP3, WAV, M4A — fino a 200 MB",
    timeline: "Timeline",
    aspect: "Formato",
    style: "Stile",
    styleCinematic: "Cinematografico",
    styleRomantic: "Romantico",
    styleEnergetic: "Energico",
    emptyTimeline: "Carica le foto, poi crea il video con un clic o chiedilo in chat.",
    makeVideo: "Crea il video",
    stripHelp: "Trascina una foto per cambiarne la posizione, oppure usa i pulsanti sposta a sinistra e a destra.",
    notInVideo: "Caricati ma non nel video",
    preview: "Anteprima",
    previewIdle: "L'anteprima appare qui in pochi secondi.",
    makePreview: "Guarda l'anteprima",
    previewCost: "Bassa risoluzione (360p), costa 1 credito.",
    previewWorking: "Preparo l'anteprima… {pct}",
    previewStale: "Hai modificato il video: aggiorna l'anteprima.",
    previewFailed: "L'anteprima non è riuscita: {error}",
    export: "Esporta",
    format: "Formato file",
    groupVideo: "Video",
    groupStill: "Immagine",
    groupAudio: "Audio",
    resolution: "Risoluzione",
    exportButton: "Esporta",
    exportsList: "Esportazioni di questo progetto",
    noExports: "Ancora nessuna esportazione.",
    chat: "Parla con il montatore",
    working: "Sto lavorando…",
    suggestions: "Suggerimenti",
    chatLabel: "Messaggio",
    chatPlaceholder: "Scrivi cosa vuoi cambiare…",
    send: "Invia",
    welcome: "Ciao! Carica le foto del viaggio e dimmi che video vuoi: lo monto io.",
    photoN: "Foto {n}",
    clipN: "Video {n}",
    moveLeft: "Sposta la foto {n} a sinistra",
    moveRight: "Sposta la foto {n} a destra",
    remove: "Togli la foto {n}",
    duration: "Durata della foto {n} in secondi",
    seconds: "s",
    music: "Musica",
    text: "Testo",
    noMusic: "Nessuna musica",
    noText: "Nessun testo",
    total: "{n} elementi · {s} s · {ar}",
    uploading: "Carico… {pct}",
    uploaded: "Caricato",
    refused: "Rifiutato",
    status_queued: "In coda",
    status_rendering: "In lavorazione {pct}",
    status_completed: "Pronto",
    status_failed: "Non riuscito",
    status_cancelled: "Annullato",
    download: "Scarica",
    play: "Guarda",
    exportStarted: "Esportazione avviata: {what}.",
    cost: "{n} crediti",
    cost1: "1 credito",
    needCredits: "Crediti esauriti. Registrati per tenere il progetto e ricaricare:",
    register: "Registrati",
    networkError: "Il server non risponde. Riprova tra poco.",
    turnEmpty: "Fatto. La timeline è aggiornata.",
    error: "Errore",
    toolOk: "✓ {text}",
    toolFailed: "✗ {text}",
  },
  en: {
    skip: "Skip to the timeline",
    tagline: "Your photos, a video to share",
    credits: "credits",
    newProject: "New project",
    language: "Language",
    uploadTitle: "Upload",
    dropHere: "Drop photos, clips and music here",
    dropOr: "or",
    pickFiles: "Choose files",
    dropHint: "JPG, PNG, HEIC, WEBP, GIF · MP4, MOV, WEBM · MP3, WAV, M4A — up to 200 MB",
    timeline: "Timeline",
    aspect: "Aspect",
    style: "Style",
    styleCinematic: "Cinematic",
    styleRomantic: "Romantic",
    styleEnergetic: "Energetic",
    emptyTimeline: "Upload your photos, then make the video with one click or ask in the chat.",
    makeVideo: "Make the video",
    stripHelp: "Drag a photo to change its position, or use the move left and move right buttons.",
    notInVideo: "Uploaded but not in the video",
    preview: "Preview",
    previewIdle: "The preview plays here within seconds.",
    makePreview: "Watch a preview",
    previewCost: "Low resolution (360p), costs 1 credit.",
    previewWorking: "Making the preview… {pct}",
    previewStale: "You changed the video: refresh the preview.",
    previewFailed: "The preview failed: {error}",
    export: "Export",
    format: "File format",
    groupVideo: "Video",
    groupStill: "Still image",
    groupAudio: "Audio",
    resolution: "Resolution",
    exportButton: "Export",
    exportsList: "This project's exports",
    noExports: "No exports yet.",
    chat: "Talk to the editor",
    working: "Working…",
    suggestions: "Suggestions",
    chatLabel: "Message",
    chatPlaceholder: "Say what you would like to change…",
    send: "Send",
    welcome: "Hi! Upload your holiday photos and tell me what video you want: I'll edit it.",
    photoN: "Photo {n}",
    clipN: "Clip {n}",
    moveLeft: "Move photo {n} left",
    moveRight: "Move photo {n} right",
    remove: "Remove photo {n}",
    duration: "Duration of photo {n} in seconds",
    seconds: "s",
    music: "Music",
    text: "Text",
    noMusic: "No music",
    noText: "No text",
    total: "{n} items · {s} s · {ar}",
    uploading: "Uploading… {pct}",
    uploaded: "Uploaded",
    refused: "Refused",
    status_queued: "Queued",
    status_rendering: "Rendering {pct}",
    status_completed: "Ready",
    status_failed: "Failed",
    status_cancelled: "Cancelled",
    download: "Download",
    play: "Play",
    exportStarted: "Export started: {what}.",
    cost: "{n} credits",
    cost1: "1 credit",
    needCredits: "Out of credits. Register to keep your project and top up:",
    register: "Register",
    networkError: "The server does not answer. Try again in a moment.",
    turnEmpty: "Done. The timeline is up to date.",
    error: "Error",
    toolOk: "✓ {text}",
    toolFailed: "✗ {text}",
  },
  zh: {
    skip: "跳到时间线",
    tagline: "你的照片，一段可以分享的视频",
    credits: "积分",
    newProject: "新项目",
    language: "语言",
    uploadTitle: "上传",
    dropHere: "把照片、视频和音乐拖到这里",
    dropOr: "或者",
    pickFiles: "选择文件",
    dropHint: "JPG、PNG、HEIC、WEBP、GIF · MP4、MOV、WEBM · MP3、WAV、M4A — 最大 200 MB",
    timeline: "时间线",
    aspect: "画面比例",
    style: "风格",
    styleCinematic: "电影感",
    styleRomantic: "浪漫",
    styleEnergetic: "动感",
    emptyTimeline: "先上传照片，然后一键生成视频，或者在聊天里告诉我。",
    makeVideo: "生成视频",
    stripHelp: "拖动照片改变位置，或使用左移和右移按钮。",
    notInVideo: "已上传但不在视频里",
    preview: "预览",
    previewIdle: "几秒钟后在这里播放预览。",
    makePreview: "观看预览",
    previewCost: "低分辨率（360p），消耗 1 积分。",
    previewWorking: "正在生成预览… {pct}",
    previewStale: "视频已修改：请刷新预览。",
    previewFailed: "预览失败：{error}",
    export: "导出",
    format: "文件格式",
    groupVideo: "视频",
    groupStill: "图片",
    groupAudio: "音频",
    resolution: "分辨率",
    exportButton: "导出",
    exportsList: "本项目的导出",
    noExports: "还没有导出。",
    chat: "和剪辑师聊天",
    working: "正在处理…",
    suggestions: "建议",
    chatLabel: "消息",
    chatPlaceholder: "说说你想怎么改…",
    send: "发送",
    welcome: "你好！上传旅行照片，告诉我你想要什么样的视频，我来剪辑。",
    photoN: "第 {n} 张",
    clipN: "视频 {n}",
    moveLeft: "把第 {n} 张左移",
    moveRight: "把第 {n} 张右移",
    remove: "删除第 {n} 张",
    duration: "第 {n} 张的时长（秒）",
    seconds: "秒",
    music: "音乐",
    text: "文字",
    noMusic: "没有音乐",
    noText: "没有文字",
    total: "{n} 个素材 · {s} 秒 · {ar}",
    uploading: "上传中… {pct}",
    uploaded: "已上传",
    refused: "已拒绝",
    status_queued: "排队中",
    status_rendering: "渲染中 {pct}",
    status_completed: "完成",
    status_failed: "失败",
    status_cancelled: "已取消",
    download: "下载",
    play: "播放",
    exportStarted: "已开始导出：{what}。",
    cost: "{n} 积分",
    cost1: "1 积分",
    needCredits: "积分不足。注册以保留项目并充值：",
    register: "注册",
    networkError: "服务器没有响应，请稍后再试。",
    turnEmpty: "完成，时间线已更新。",
    error: "错误",
    toolOk: "✓ {text}",
    toolFailed: "✗ {text}",
  },
};

// Suggested prompts, in words the chat interpreter understands.
const SUGGESTIONS = {
  it: [
    "Crea uno slideshow con musica italiana",
    "Metti un titolo: Estate in Toscana",
    "Ogni foto dura 2 secondi",
    "Transizioni con dissolvenza al nero",
  ],
  en: [
    "Make a slideshow with Italian music",
    "Add a title: Summer in Tuscany",
    "Each photo lasts 2 seconds",
    "Fade to black transitions",
  ],
  zh: ["用意大利音乐做一个幻灯片", "加标题：托斯卡纳之夏", "每张照片2秒", "黑场过渡"],
};

// What a click on the page says to the editor: the same draft operations as the chat.
const COMMANDS = {
  it: {
    make: () => "Crea uno slideshow",
    move: (from, to) => `Sposta la foto ${from} in posizione ${to}`,
    remove: (n) => `Togli la foto ${n}`,
    duration: (n, s) => `La foto ${n} dura ${String(s).replace(".", ",")} secondi`,
    aspect: (ar) => `Formato ${ar}`,
    style: (s) =>
      `Stile ${{ cinematic: "cinematografico", romantic: "romantico", energetic: "energico" }[s]}`,
  },
  en: {
    make: () => "Make a slideshow",
    move: (from, to) => `Move photo ${from} to position ${to}`,
    remove: (n) => `Remove photo ${n}`,
    duration: (n, s) => `Photo ${n} lasts ${s} seconds`,
    aspect: (ar) => `Aspect ${ar}`,
    style: (s) => `${s[0].toUpperCase()}${s.slice(1)} style`,
  },
  zh: {
    make: () => "做一个幻灯片",
    move: (from, to) => `把第${from}张移到第${to}位`,
    remove: (n) => `删除第${n}张`,
    duration: (n, s) => `第${n}张显示${s}秒`,
    aspect: (ar) => `画面比例 ${ar}`,
    style: (s) => `${{ cinematic: "电影感", romantic: "浪漫", energetic: "动感" }[s]}风格`,
  },
};

let current = "it";

/** The language to start in: the one chosen before, else the browser's, else Italian. */
export function initialLanguage(saved, navigatorLanguages) {
  if (LANGS.includes(saved)) return saved;
  for (const tag of navigatorLanguages || []) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (LANGS.includes(base)) return base;
  }
  return "it";
}

export function setLanguage(lang) {
  current = LANGS.includes(lang) ? lang : "it";
  return current;
}

export function language() {
  return current;
}

/** The interface text `key` in the current language, with `{name}` placeholders filled. */
export function t(key, values = {}) {
  const text = TEXT[current][key] ?? TEXT.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : ""));
}

export function suggestions() {
  return SUGGESTIONS[current];
}

export function command(name, ...args) {
  return COMMANDS[current][name](...args);
}

/** Put the current language's text into every element marked with data-i18n*. */
export function translatePage(root = document) {
  document.documentElement.lang = current === "zh" ? "zh-CN" : current;
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of root.querySelectorAll("[data-i18n-aria]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAria));
  }
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.label = t(el.dataset.i18nLabel);
}

// Storefront chat widget: <script src="/widget.js" data-locale="de-DE" async></script>, talking to
// /ws/widget (CONTRACT.md, "Storefront widget"). No framework, build step or external resource; the UI
// lives in an open shadow root so the shop's CSS and ours never mix. Every visible string comes from
// the server (welcome.texts) or from messages and is set with textContent / properties, never as HTML.
(function () {
  "use strict";
  if (window.ShopAssistant) { return; }  // included twice: the first copy stays in charge

  const KEY = { cid: "shop_assistant.conversation_id", locale: "shop_assistant.locale",
    outbox: "shop_assistant.outbox", open: "shop_assistant.open" };
  // Locale codes only (no visible text): maps navigator.language before the server's list arrives.
  const LOCALES = ["en-US", "es-ES", "pt-BR", "fr-FR", "de-DE", "it-IT", "ru-RU", "ar-AE", "ja-JP", "zh-CN"];
  const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  const script = document.currentScript || document.querySelector("script[src*='widget.js']");

  // Storage can throw (Safari private mode, blocked site data): the chat must still work.
  function storage(area) {
    const get = (k) => { try { return window[area].getItem(k); } catch (e) { return null; } };
    const set = (k, v) => {
      try { if (v === null) { window[area].removeItem(k); } else { window[area].setItem(k, v); } } catch (e) { /* ignore */ }
    };
    return { get, set };
  }
  const local = storage("localStorage"), session = storage("sessionStorage");

  // crypto.randomUUID exists only in secure contexts; getRandomValues everywhere.
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function matchLocale(tag) {
    if (!tag) { return null; }
    const want = String(tag).replace("_", "-").toLowerCase();
    return LOCALES.find((l) => l.toLowerCase() === want) ||
      LOCALES.find((l) => l.split("-")[0].toLowerCase() === want.split("-")[0]) || null;
  }

  // ---- state -------------------------------------------------------------------------------
  let cid = local.get(KEY.cid);
  if (!cid) { cid = uuid().replace(/[^A-Za-z0-9_-]/g, ""); local.set(KEY.cid, cid); }
  let locale = local.get(KEY.locale) || matchLocale(script && script.getAttribute("data-locale")) ||
    (navigator.languages || [navigator.language]).map(matchLocale).find(Boolean) || "en-US";
  let texts = null;            // null until the first welcome
  let lastState = null, typingInfo = null, offlineSent = false;
  let ws = null, attempt = 0, reconnectTimer = 0, retryTimer = 0, typingTimer = 0, lastTyping = 0;
  const shown = new Set();     // seqs already in the log
  let after = 0;               // highest seq shown: sent in hello so the server replays only the rest
  const pending = new Map();   // client_id -> {item, bubble}: this tab's unacked messages, in send order
  let inflight = [];           // client_ids sent on this socket and not yet answered (ack or error)

  function t(key) { return (texts && texts[key]) || ""; }

  // ---- DOM ---------------------------------------------------------------------------------
  function el(tag, attrs, kids) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => {
      if (k === "text") { node.textContent = attrs[k] == null ? "" : String(attrs[k]); } else { node.setAttribute(k, attrs[k]); }
    });
    (kids || []).forEach((kid) => node.appendChild(kid));
    return node;
  }
  function icon(d) {
    const NS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(NS, "svg"), path = svg.appendChild(document.createElementNS(NS, "path"));
    [["viewBox", "0 0 24 24"], ["aria-hidden", "true"], ["focusable", "false"]].forEach((a) => svg.setAttribute(a[0], a[1]));
    path.setAttribute("d", d);
    return svg;
  }

  const CSS = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.root { font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d2430; }
button, select, textarea, input { font: inherit; color: inherit; }
button { cursor: pointer; } button:disabled { opacity: .5; cursor: default; }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.launcher { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; width: 56px; height: 56px; border: 0;
  border-radius: 50%; background: #2456d6; color: #fff; display: grid; place-items: center; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.launcher svg { width: 28px; height: 28px; fill: currentColor; } .launcher:hover { background: #1c46b3; }
.panel { position: fixed; right: 16px; bottom: 84px; z-index: 2147483000; width: min(380px, calc(100vw - 32px));
  height: min(600px, calc(100vh - 110px)); display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: 12px; box-shadow: 0 6px 24px rgba(0,0,0,.18); }
.head { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: #1d2430; color: #fff; }
.title { flex: 1; margin: 0; font-size: 16px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.head select { max-width: 45%; border: 0; border-radius: 6px; padding: 4px; background: #fff; color: #1d2430; }
.close { width: 32px; height: 32px; border: 0; border-radius: 6px; background: none; color: #fff; display: grid; place-items: center; }
.close svg { width: 20px; height: 20px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; }
.log { flex: 1; overflow-y: auto; overscroll-behavior: contain; padding: 12px; display: flex; flex-direction: column; gap: 8px; }
.msg { position: relative; max-width: 85%; padding: 8px 12px; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg[data-sender=shopper] { align-self: flex-end; background: #2456d6; color: #fff; }
.msg[data-sender=bot] { align-self: flex-start; background: #eef1f6; }
.msg[data-sender=agent] { align-self: flex-start; background: #e6f4ea; }
.msg[data-sender=system] { align-self: center; max-width: 95%; padding: 2px 8px; color: #6b7280; font-size: 12px; text-align: center; }
.msg.pending { opacity: .6; } .msg.failed { background: #fde8e8; color: #8a1c1c; }
/* The agent's name is drawn above the text from an attribute, so the bubble's text stays the message. */
.msg[data-sender=agent][data-who]::before { content: attr(data-who); display: block; font-size: 12px; font-weight: 600; color: #1b6b3a; }
/* "You:" / "Shop assistant:" for screen readers only. */
.msg[data-sender=shopper][data-who]::before, .msg[data-sender=bot][data-who]::before { content: attr(data-who) ": ";
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; align-self: flex-start; max-width: 90%; }
.choices button { border: 1px solid #2456d6; background: #fff; color: #2456d6; border-radius: 16px; padding: 6px 12px; }
.choices button:hover, .scale button:hover { background: #eef3ff; }
.survey { align-self: stretch; display: flex; flex-direction: column; gap: 8px; padding: 10px; border: 1px solid #e3e6eb; border-radius: 10px; }
.survey p { margin: 0; font-weight: 600; } .scale { display: flex; flex-direction: column; gap: 4px; }
.scale button { padding: 6px 10px; text-align: start; border: 1px solid #2456d6; border-radius: 6px; background: #fff; color: #2456d6; }
.scale button[aria-pressed=true] { background: #2456d6; color: #fff; }
.survey textarea, .offline input, .offline textarea { width: 100%; padding: 6px 8px; border: 1px solid #cfd5de; border-radius: 6px; resize: vertical; }
.primary { align-self: flex-end; border: 0; border-radius: 6px; padding: 6px 14px; background: #2456d6; color: #fff; }
.typing { padding: 0 14px 6px; font-size: 12px; font-style: italic; color: #6b7280; }
.status { padding: 6px 12px; font-size: 12px; color: #4b5563; background: #f6f7f9; border-top: 1px solid #e3e6eb; } .status:empty { display: none; }
.offline { display: flex; flex-direction: column; gap: 6px; padding: 10px 12px; background: #fffbea; border-top: 1px solid #e3e6eb; }
.offline p { margin: 0; } .offline label { font-size: 13px; } .error { color: #8a1c1c; font-size: 12px; }
.composer { display: flex; border-top: 1px solid #e3e6eb; }
.composer textarea { flex: 1; min-height: 44px; max-height: 120px; padding: 12px; border: 0; resize: none; outline-offset: -3px; }
.composer button { border: 0; padding: 0 16px; background: #2456d6; color: #fff; }
@media (max-width: 479.98px) {
  .panel { top: 0; right: 0; bottom: 0; left: 0; width: auto; height: auto; border-radius: 0; }
  .root.open .launcher { display: none; }
  textarea, input, select { font-size: 16px; }  /* below 16px iOS zooms into the field */
}`;

  const host = el("div", { id: "shop-assistant" });
  const shadow = host.attachShadow({ mode: "open" });
  const launcher = el("button", { type: "button", class: "launcher", "data-test": "launcher",
    "aria-expanded": "false", "aria-controls": "sa-panel", "aria-label": "…" },
  [icon("M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z")]);
  const title = el("h2", { class: "title", id: "sa-title" });
  const language = el("select", { "data-test": "language", disabled: "" });
  const closeBtn = el("button", { type: "button", class: "close" }, [icon("M6 6l12 12M18 6L6 18")]);
  const log = el("div", { class: "log", "data-test": "log", role: "log", "aria-live": "polite", tabindex: "0" });
  const typing = el("div", { class: "typing", "data-test": "typing", hidden: "" });
  const status = el("div", { class: "status", "data-test": "status", role: "status", text: "…" });
  const offlineAsk = el("p");
  const emailLabel = el("label", { for: "sa-email" }), questionLabel = el("label", { for: "sa-question" });
  const emailInput = el("input", { type: "email", id: "sa-email", "data-test": "offline-email", autocomplete: "email",
    "aria-describedby": "sa-email-error" });
  const offlineError = el("p", { class: "error", id: "sa-email-error", role: "alert", hidden: "" });
  const offlineText = el("textarea", { id: "sa-question", "data-test": "offline-text", rows: "3", dir: "auto" });
  const offlineSubmit = el("button", { type: "submit", class: "primary", "data-test": "offline-submit" });
  // novalidate: our own (server-localised) message instead of the browser's validation bubble.
  const offline = el("form", { class: "offline", "data-test": "offline", novalidate: "", hidden: "" },
    [offlineAsk, emailLabel, emailInput, offlineError, questionLabel, offlineText, offlineSubmit]);
  const input = el("textarea", { "data-test": "input", rows: "1", dir: "auto" });
  const sendBtn = el("button", { type: "submit", "data-test": "send" });
  const composer = el("form", { class: "composer" }, [input, sendBtn]);
  const panel = el("div", { class: "panel", id: "sa-panel", "data-test": "panel", role: "dialog",
    "aria-labelledby": "sa-title", hidden: "" },
  [el("div", { class: "head" }, [title, language, closeBtn]), log, typing, status, offline, composer]);
  const wrap = el("div", { class: "root" }, [launcher, panel]);
  shadow.append(el("style", { text: CSS }), wrap);

  // ---- labels (re-applied after every welcome, i.e. after a language change too) ------------
  function whoFor(sender, agent) {
    if (sender === "agent") { return agent || ""; }
    return sender === "shopper" ? t("you") : sender === "bot" ? t("assistant") : "";
  }
  function labelButton(button, text) { button.setAttribute("aria-label", text || "…"); button.title = text; }
  function relabel() {
    title.textContent = t("title");
    language.setAttribute("aria-label", t("language")); language.title = t("language");
    labelButton(closeBtn, t("close_chat"));
    labelButton(launcher, panel.hidden ? t("open_chat") : t("close_chat"));
    input.placeholder = t("placeholder"); input.setAttribute("aria-label", t("placeholder"));
    sendBtn.textContent = t("send");
    offlineAsk.textContent = t("offline_ask_email"); emailLabel.textContent = t("email_label");
    questionLabel.textContent = t("question_label"); offlineSubmit.textContent = t("offline_submit");
    if (!offlineError.hidden) { offlineError.textContent = t("offline_invalid_email"); }
    log.querySelectorAll(".msg[data-sender=shopper], .msg[data-sender=bot]")
      .forEach((b) => b.setAttribute("data-who", whoFor(b.getAttribute("data-sender"))));
    renderStatus(); renderTyping();
  }
  function renderStatus() {
    const open = ws && ws.readyState === WebSocket.OPEN;
    status.textContent = !texts ? "…" : !open ? (t("reconnecting") || "…") : ((lastState && lastState.status_text) || "");
  }
  function renderTyping() {
    typing.hidden = !typingInfo;
    if (!typingInfo) { return; }
    typing.textContent = typingInfo.who === "agent"
      ? t("typing_agent").split("{agent}").join(typingInfo.name || "") : t("typing_bot");
  }
  function setTyping(info) {
    clearTimeout(typingTimer);
    typingInfo = info;  // a lost "off" frame must not leave the indicator up forever:
    if (info) { typingTimer = setTimeout(() => setTyping(null), 20000); }
    renderTyping();
  }
  function renderOffline() {
    const off = lastState && lastState.offline;
    if (!off) { offlineSent = false; }  // the team is back: a later offline spell may ask again
    offline.hidden = !off || offlineSent;
  }

  // ---- the log -----------------------------------------------------------------------------
  // Order invariant: stored messages in seq order, then this tab's unacked bubbles at the end.
  function bubble(sender, text, seq) {
    const b = el("div", { class: "msg", "data-test": "message", "data-sender": sender,
      "data-seq": seq == null ? "" : String(seq), dir: "auto" });
    b.textContent = text || "";
    const who = whoFor(sender);
    if (who) { b.setAttribute("data-who", who); }
    return b;
  }
  function insert(node, atEnd) {
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    // A stored message goes before the first later one (a live frame can beat the history
    // frame after a reconnect), else before this tab's unacked bubbles.
    const seq = Number(node.getAttribute("data-seq"));
    const later = atEnd || !seq ? null : Array.from(log.querySelectorAll(".msg[data-seq]"))
      .find((x) => x.getAttribute("data-seq") !== "" && Number(x.getAttribute("data-seq")) > seq);
    log.insertBefore(node, atEnd ? null : later || log.querySelector(".msg.pending"));
    dropChoices();  // quick replies belong to the last message only
    if (atEnd || nearBottom) { log.scrollTop = log.scrollHeight; }
  }
  function isLast(node) { const all = log.querySelectorAll(".msg"); return all[all.length - 1] === node; }
  function mark(seq) { shown.add(seq); after = Math.max(after, seq); }
  function systemNote(text) { if (text) { insert(bubble("system", text, null), true); } }

  function place(m) {
    const seq = m && m.seq != null ? Number(m.seq) : NaN;
    if (!Number.isFinite(seq) || shown.has(seq)) { return; }
    if (m.sender === "shopper" && m.client_id && pending.has(m.client_id)) { settle(m.client_id, seq); return; }
    const b = bubble(m.sender, m.text, seq);
    if (m.sender === "agent" && m.agent) { b.setAttribute("data-who", m.agent); }
    const at = m.at ? new Date(m.at) : null;
    if (at && !isNaN(at)) { try { b.title = at.toLocaleString(locale); } catch (e) { b.title = at.toLocaleString(); } }
    mark(seq);
    insert(b, false);
    if (m.sender === "bot" || m.sender === "agent") { setTyping(null); }
    if (m.buttons && m.buttons.length && isLast(b)) { showChoices(b, m.buttons); }
  }

  function dropChoices() { const row = log.querySelector("[data-test=choices]"); if (row) { row.remove(); } }
  function showChoices(anchor, buttons) {
    const row = el("div", { class: "choices", "data-test": "choices", role: "group" });
    buttons.forEach((btn) => {
      const choice = el("button", { type: "button", "data-test": "choice", dir: "auto", text: btn.title || "" });
      choice.addEventListener("click", () => {
        row.remove();  // one answer per question
        sendMessage(btn.title || "", btn.payload);
        input.focus();  // the focused button is gone: keep keyboard users in the composer
      });
      row.appendChild(choice);
    });
    anchor.after(row);
  }

  // ---- outbox: unacked shopper messages survive reloads and reconnects ----------------------
  function outboxRead() {
    try { const list = JSON.parse(local.get(KEY.outbox) || "[]"); return Array.isArray(list) ? list : []; } catch (e) { return []; }
  }
  // Read-modify-write each time: another tab of the same shop may share this outbox.
  function outboxWrite(list) { local.set(KEY.outbox, list.length ? JSON.stringify(list) : null); }
  function outboxRemove(id) { outboxWrite(outboxRead().filter((i) => i.client_id !== id)); }

  function track(item) {
    const b = bubble("shopper", item.text, null); b.classList.add("pending");
    pending.set(item.client_id, { item, bubble: b });
    insert(b, true);
  }
  function transmit(item) {
    if (sendFrame(Object.assign({}, item, { type: "message" }))) { inflight.push(item.client_id); }
  }
  function flush() { pending.forEach((p) => transmit(p.item)); }
  function sendMessage(text, payload) {
    const item = { client_id: uuid(), text };
    if (payload) { item.payload = payload; }
    outboxWrite(outboxRead().concat([item]));
    track(item);
    transmit(item);  // while the socket is down this is a no-op; flush() after the next hello sends it
  }
  function settle(id, seq) {
    outboxRemove(id);
    inflight = inflight.filter((x) => x !== id);
    const p = pending.get(id);
    if (!p) { return; }  // another tab's message: that tab shows it
    pending.delete(id); p.bubble.classList.remove("pending");
    if (seq == null || !Number.isFinite(Number(seq))) { return; }
    p.bubble.setAttribute("data-seq", String(seq)); mark(Number(seq));
    // Acks normally come in send order; if not, keep stored bubbles ahead of unacked ones.
    const first = log.querySelector(".msg.pending");
    if (first && (first.compareDocumentPosition(p.bubble) & Node.DOCUMENT_POSITION_FOLLOWING)) {
      log.insertBefore(p.bubble, first);
    }
  }

  // ---- survey ------------------------------------------------------------------------------
  function showSurvey(f) {
    const old = log.querySelector("[data-test=survey]");
    if (old) { old.remove(); }  // only the newest survey counts
    const options = f.options || [];
    const labelOf = (n) => (options.find((o) => Number(o.rating) === n) || {}).label || "";
    let rating = 0;
    const question = el("p", { id: "sa-survey-question", dir: "auto", text: f.question || "" });
    const scale = el("div", { class: "scale", role: "group", "aria-labelledby": "sa-survey-question" });
    const comment = el("textarea", { id: "sa-survey-comment", "data-test": "survey-comment", rows: "2", dir: "auto" });
    const submit = el("button", { type: "button", class: "primary", "data-test": "survey-submit", disabled: "",
      text: f.submit || t("survey_submit") });
    for (let n = 1; n <= 7; n++) {  // always 1 (very dissatisfied) .. 7 (very satisfied), in order
      // Every level is named: the scale is read, not guessed from its ends.
      const b = el("button", { type: "button", "data-test": "rating", "data-rating": n, "aria-pressed": "false",
        dir: "auto", text: labelOf(n) || String(n) });
      b.addEventListener("click", () => {
        rating = n;
        scale.querySelectorAll("button").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
        submit.disabled = false;
      });
      scale.appendChild(b);
    }
    const box = el("div", { class: "survey", "data-test": "survey" }, [question, scale,
      el("label", { for: "sa-survey-comment", text: f.comment_label || t("survey_comment") }), comment, submit]);
    submit.addEventListener("click", () => {
      if (rating && sendFrame({ type: "survey", rating, comment: comment.value.trim() })) { box.remove(); input.focus(); }
    });
    log.appendChild(box); log.scrollTop = log.scrollHeight;
  }

  // ---- socket ------------------------------------------------------------------------------
  function sendFrame(frame) {
    if (!ws || ws.readyState !== WebSocket.OPEN) { return false; }
    ws.send(JSON.stringify(frame)); return true;
  }
  function onWelcome(f) {
    texts = f.texts || {};
    attempt = 0;  // the handshake worked: the next drop starts the backoff afresh
    if (f.conversation_id && f.conversation_id !== cid) { cid = f.conversation_id; local.set(KEY.cid, cid); }
    if (f.locale) { locale = f.locale; }
    panel.dir = f.dir === "rtl" ? "rtl" : "ltr";
    wrap.lang = f.language || locale;
    language.textContent = "";
    (f.languages || []).forEach((l) => language.appendChild(el("option", { value: l.locale, lang: l.locale, text: l.name })));
    language.value = locale;
    language.disabled = !language.options.length;
    relabel();
  }
  function onError(f) {
    systemNote(f.text);
    // An error about a message names its client_id; errors about other frames (survey,
    // language, offline form) name none and touch no message.
    const id = f.client_id;
    if (!id) { return; }
    inflight = inflight.filter((x) => x !== id);
    if (f.code === "rate_limited") {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(flush, 3000);  // still in the outbox; the server drops duplicates
    } else if ((f.code === "too_long" || f.code === "bad_request") && pending.has(id)) {
      // Re-sending would fail the same way after every reconnect: give it up, visibly.
      const p = pending.get(id);
      pending.delete(id); outboxRemove(id);
      p.bubble.classList.replace("pending", "failed");
    }
  }
  function onFrame(f) {
    switch (f.type) {
      case "welcome": onWelcome(f); break;
      case "history": (f.messages || []).forEach(place); break;
      case "message": place(f.message); break;
      case "ack": settle(f.client_id, f.seq); break;
      case "typing": setTyping(f.on ? f : null); break;
      case "state": lastState = f; renderStatus(); renderOffline(); break;
      case "survey": showSurvey(f); break;
      case "error": onError(f); break;
      default: break;  // newer server, older widget: ignore what we do not know
    }
  }
  function connect() {
    clearTimeout(reconnectTimer); reconnectTimer = 0;
    let sock;
    try {
      sock = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/widget");
    } catch (e) { scheduleReconnect(); return; }
    ws = sock;
    sock.onopen = () => {
      if (ws !== sock) { return; }
      inflight = [];
      // hello must be the first frame; then every unacked message again, in order.
      sendFrame({ type: "hello", conversation_id: cid, locale, after });
      flush();
      renderStatus();
    };
    sock.onmessage = (event) => {
      if (ws !== sock) { return; }
      let frame = null;
      try { frame = JSON.parse(event.data); } catch (e) { /* not ours: ignore */ }
      if (frame && typeof frame.type === "string") { onFrame(frame); }
    };
    sock.onclose = () => {  // also follows every error
      if (ws !== sock) { return; }
      ws = null; setTyping(null); renderStatus(); scheduleReconnect();
    };
  }
  function scheduleReconnect() {
    reconnectTimer = setTimeout(connect, Math.min(500 * Math.pow(2, attempt), 10000));  // 0.5 s, 1 s, 2 s … 10 s
    attempt += 1;
  }

  // ---- events ------------------------------------------------------------------------------
  function setOpen(open, moveFocus) {
    const hadFocus = panel.contains(shadow.activeElement);
    panel.hidden = !open;
    wrap.classList.toggle("open", open);
    launcher.setAttribute("aria-expanded", String(open));
    labelButton(launcher, open ? t("close_chat") : t("open_chat"));
    session.set(KEY.open, open ? "1" : null);
    if (open) { log.scrollTop = log.scrollHeight; }
    if (open && moveFocus) { input.focus(); }
    if (!open && (moveFocus || hadFocus)) { launcher.focus(); }
  }
  launcher.addEventListener("click", () => setOpen(panel.hidden, true));
  closeBtn.addEventListener("click", () => setOpen(false, true));
  panel.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); setOpen(false, true); } });
  language.addEventListener("change", () => {
    locale = language.value; local.set(KEY.locale, locale);
    sendFrame({ type: "locale", locale });  // answered by a new welcome; if offline, the next hello carries it
  });

  function autosize() { input.style.height = "auto"; input.style.height = Math.min(input.scrollHeight, 120) + "px"; }
  function submitInput() {
    const text = input.value.trim();
    if (!text) { return; }
    input.value = ""; autosize();
    sendMessage(text);
  }
  composer.addEventListener("submit", (e) => { e.preventDefault(); submitInput(); input.focus(); });
  input.addEventListener("keydown", (e) => {
    // Enter sends, Shift+Enter is a newline; never while an IME is composing (Japanese, Chinese).
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) { e.preventDefault(); submitInput(); }
  });
  input.addEventListener("input", () => {
    autosize();
    if (Date.now() - lastTyping >= 2000 && sendFrame({ type: "typing" })) { lastTyping = Date.now(); }  // agent sees it
  });

  offline.addEventListener("submit", (e) => {
    e.preventDefault();
    const email = emailInput.value.trim(), text = offlineText.value.trim();
    const valid = EMAIL.test(email);
    offlineError.hidden = valid; offlineError.textContent = valid ? "" : t("offline_invalid_email");
    emailInput.setAttribute("aria-invalid", String(!valid));
    offlineText.setAttribute("aria-invalid", String(valid && !text));
    if (!valid) { emailInput.focus(); return; }
    if (!text) { offlineText.focus(); return; }
    if (!sendFrame({ type: "offline_ticket", email, text })) { return; }
    offlineSent = true; offline.hidden = true; offlineText.value = "";
    input.focus();  // the server confirms with a system message in the log
  });

  // Back online: no need to sit out the rest of a 10 s backoff.
  window.addEventListener("online", () => { if (!ws) { attempt = 0; connect(); } });

  function mount() {
    document.body.appendChild(host);
    outboxRead().forEach((item) => { if (item && item.client_id && !pending.has(item.client_id)) { track(item); } });
    if (session.get(KEY.open) === "1") { setOpen(true, false); }  // a reload keeps it open, without stealing focus
    connect();
  }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }

  window.ShopAssistant = Object.freeze({ open() { setOpen(true, true); }, close() { setOpen(false, false); } });
})();

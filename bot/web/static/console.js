// Agent console: queue, my conversations, the open conversation with its context, and tickets,
// over the /api/console endpoints (cookie session + X-CSRF-Token) and the /ws/console socket.
// Plain ES2017. Every piece of data reaches the DOM as text (textContent / text nodes), never HTML.
(function () {
  "use strict";

  const CATEGORIES = ["delivery", "product", "refund", "service", "price"];
  const STATUSES = [["open", "Open"], ["in_progress", "In progress"], ["resolved", "Resolved"]];
  const IDLE = "Claim a conversation from the queue or open one of yours.";
  const $ = (sel) => document.querySelector(sel);
  const T = (name) => $("[data-test=" + name + "]");

  const el = {
    alert: T("alert"), login: T("login"), app: $("#app"), me: T("me"), langs: $("#me-langs"),
    status: T("status"), logout: T("logout"), conn: $("#conn"),
    queue: T("queue"), queueCount: $("#queue-count"), queueEmpty: $("#queue-empty"),
    mine: T("mine"), mineEmpty: $("#mine-empty"), placeholder: $("#placeholder"),
    conv: T("conversation"), info: $("#conv-info"), transcript: T("transcript"),
    typing: T("shopper-typing"), composer: $("#composer"), reply: T("reply"), send: T("send"),
    canned: T("canned"), close: T("close"), release: T("release"), context: T("context"),
    ticketRows: $("#ticket-rows"), ticketFilter: $("#ticket-filter"), ticketRefresh: $("#ticket-refresh"),
  };

  const S = {
    me: null, csrf: "", waiting: [], mine: [], fetchedAt: Date.now(), unread: new Set(),
    view: null, seqs: new Set(), canned: [], drafts: {}, openToken: 0, queueReq: 0, ticketReq: 0,
    ws: null, wsTries: 0, wsTimer: 0, lastTyping: 0, typingTimer: 0, alertTimer: 0, intervals: [],
  };

  // ---- helpers -------------------------------------------------------------------------------

  const { h, addKids, fill, requestJSON } = window.DomKit;  // shared with the other pages (dom.js)

  const upper = (s) => String(s || "").toUpperCase();
  const label = (s) => String(s == null ? "" : s).replace(/_/g, " ");
  const pad = (n) => String(n).padStart(2, "0");
  const mmss = (sec) => {
    const s = Math.max(0, Math.floor(sec || 0));
    return pad(Math.floor(s / 60)) + ":" + pad(s % 60);
  };
  const money = (amount, cur) => (amount == null || amount === "" ? "—" : (amount + " " + (cur || "")).trim());
  const pill = (s) => h("span", { class: "pill " + (s || "") }, label(s));
  const muted = (text) => (text ? h("div", { class: "muted" }, text) : null);
  const none = (text) => h("p", { class: "empty" }, text);
  const join = (parts) => parts.filter(Boolean).join(" · ");
  const shortId = (id) => (String(id).length > 14 ? String(id).slice(0, 10) + "…" : String(id));
  const convUrl = (cid, tail) => "/api/console/conversations/" + encodeURIComponent(cid) + (tail ? "/" + tail : "");
  const isOpen = (cid) => Boolean(S.view && S.view.conversation.id === cid);
  const wsOpen = () => Boolean(S.ws && S.ws.readyState === WebSocket.OPEN);

  function when(value) {
    const date = new Date(value);
    return !value ? "" : isNaN(date.getTime()) ? String(value) : date.toLocaleString();
  }
  function day(value) {  // a bare date ("2024-05-01") is a calendar day, not UTC midnight
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value || ""));
    return m ? new Date(+m[1], +m[2] - 1, +m[3]).toLocaleDateString() : when(value);
  }
  function kv(obj) {
    if (!obj || typeof obj !== "object") return "";
    return join(Object.keys(obj).filter((k) => obj[k] != null && obj[k] !== "")
      .map((k) => label(k) + ": " + (typeof obj[k] === "object" ? JSON.stringify(obj[k]) : obj[k])));
  }

  function showAlert(text) {
    el.alert.textContent = text; el.alert.hidden = false;
    clearTimeout(S.alertTimer);
    S.alertTimer = setTimeout(() => { el.alert.hidden = true; }, 8000);
  }
  function fail(err) {  // silent: a late 401 after logging out
    if (!err || !err.silent) showAlert((err && (err.detail || err.message)) || "Something went wrong.");
  }
  el.alert.addEventListener("click", () => { el.alert.hidden = true; });

  // ---- HTTP ----------------------------------------------------------------------------------

  async function api(method, path, body) {
    const csrf = path === "/api/console/login" ? "" : S.csrf;
    try {
      return await requestJSON(method, path, body, csrf);
    } catch (err) {
      const expired = err.status === 401 && path !== "/api/console/login";
      err.silent = expired && !S.me;  // a late answer after logging out
      if (expired && S.me) showLogin();  // the session ended
      throw err;
    }
  }

  // ---- session -------------------------------------------------------------------------------

  function start(session) {
    S.me = session.agent; S.csrf = session.csrf_token;
    el.login.hidden = true; el.login.reset(); el.app.hidden = false;
    renderMe(); clearPane(); refreshQueue(); refreshTickets(); connect();
    S.intervals.push(setInterval(tick, 1000), setInterval(poll, 5000));
  }

  function showLogin() {
    S.me = null; S.csrf = ""; S.waiting = []; S.mine = []; S.drafts = {};
    S.unread.clear();
    disconnect(); clearPane();
    S.intervals.forEach(clearInterval); S.intervals = [];
    el.app.hidden = true; el.login.hidden = false;
    el.login.elements.username.focus();
  }

  function renderMe() {
    el.me.textContent = S.me.display_name;
    el.langs.textContent = join([(S.me.languages || []).map(upper).join(" "), S.me.role === "admin" && "admin"]);
    el.status.value = S.me.status;
  }

  el.login.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const button = el.login.querySelector("button");
    const f = el.login.elements;
    button.disabled = true;
    try {
      start(await api("POST", "/api/console/login", { username: f.username.value, password: f.password.value }));
    } catch (err) { fail(err); } finally { button.disabled = false; }
  });

  el.logout.addEventListener("click", async () => {
    try { await api("POST", "/api/console/logout"); } catch (err) { if (err.status !== 401) return fail(err); }
    showLogin();
  });

  el.status.addEventListener("change", async () => {
    try { S.me = await api("POST", "/api/console/status", { status: el.status.value }); refreshQueue(); }
    catch (err) { fail(err); }
    if (S.me) renderMe();
  });

  // ---- WebSocket (reconnect with backoff; poll() covers the gaps) ----------------------------

  function setLive(on) {
    el.conn.textContent = on ? "Live" : "Reconnecting…";
    el.conn.className = "conn " + (on ? "on" : "off");
  }

  function connect() {
    if (!S.me) return;
    const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/console");
    S.ws = ws;
    ws.onopen = () => { S.wsTries = 0; setLive(true); refreshQueue(); syncOpen(); };
    ws.onmessage = (ev) => {
      let data;
      try { data = JSON.parse(ev.data); } catch (e) { return; }
      onEvent(data);
    };
    ws.onclose = (ev) => {
      if (S.ws !== ws) return;  // replaced, or closed on purpose
      S.ws = null; setLive(false);
      if (ev.code === 4401) { showLogin(); return; }  // the session ended
      S.wsTimer = setTimeout(connect, Math.min(10000, 500 * Math.pow(2, S.wsTries++)));
    };
  }

  function disconnect() {
    const ws = S.ws;
    clearTimeout(S.wsTimer); S.ws = null; setLive(false);
    if (ws) ws.close();
  }

  function onEvent(data) {
    const cid = data.conversation_id;
    if (data.type === "queue") {
      refreshQueue(); refreshTickets();
    } else if (data.type === "tickets") {
      refreshTickets();
    } else if (data.type === "message" && data.message) {
      if (isOpen(cid)) {
        addMessage(data.message);
        if (data.message.sender === "shopper") showTyping(false);
      } else {
        S.unread.add(cid);
        if (S.mine.some((m) => m.conversation_id === cid)) renderMine(); else refreshQueue();
      }
    } else if (data.type === "typing" && isOpen(cid)) {
      showTyping(true);
    } else if (data.type === "closed") {
      dropConversation(cid, "The conversation was closed.");
    }
  }

  function tick() {  // waiting times count up between queue fetches
    const extra = (Date.now() - S.fetchedAt) / 1000;
    el.queue.querySelectorAll(".wait").forEach((w) => { w.textContent = mmss(Number(w.dataset.base) + extra); });
  }

  function poll() {  // fallback while the socket is down
    if (!wsOpen()) { refreshQueue(); syncOpen(); }
  }

  // ---- queue and my conversations ------------------------------------------------------------

  async function refreshQueue() {
    if (!S.me) return;
    const n = ++S.queueReq;
    try {
      const q = await api("GET", "/api/console/queue");
      if (n !== S.queueReq || !S.me) return;
      S.waiting = q.waiting || []; S.mine = q.mine || []; S.fetchedAt = Date.now();
      renderQueue(); renderMine();
    } catch (err) { fail(err); }
  }

  function queueItem(w) {
    const claimButton = h("button", { type: "button", class: "primary", "data-test": "claim" }, "Claim");
    claimButton.addEventListener("click", () => claim(w.conversation_id, claimButton));
    const details = kv(w.details);
    return h("li", { class: "item", "data-test": "queue-item", "data-conversation": w.conversation_id },
      h("div", { class: "row" },
        h("span", { class: "lang" }, upper(w.language)),
        h("span", { class: "reason" }, label(w.reason) || "—"),
        h("span", { class: "wait", "data-base": Number(w.waiting_seconds) || 0 }, mmss(w.waiting_seconds))),
      h("div", { class: "row" },
        h("span", { class: "muted ellipsis", title: details }, join(["#" + w.position + " in queue", details])),
        claimButton));
  }

  function renderQueue() {
    fill(el.queue, S.waiting.map(queueItem));
    el.queueCount.textContent = S.waiting.length ? "(" + S.waiting.length + ")" : "";
    el.queueEmpty.hidden = S.waiting.length > 0;
  }

  function renderMine() {
    fill(el.mine, S.mine.map((m) => {
      const cid = m.conversation_id;
      const unread = S.unread.has(cid);
      return h("li", {
        class: "item mine" + (unread ? " unread" : "") + (isOpen(cid) ? " active" : ""),
        "data-test": "mine-item", "data-conversation": cid, "data-unread": unread ? "true" : null,
        onclick: () => openConversation(cid),
      },
      h("button", { type: "button", class: "link", title: cid }, h("span", { class: "lang" }, upper(m.language)),
        " ", shortId(cid), unread ? h("span", { class: "new" }, "new") : null),
      muted(m.claimed_at ? "since " + when(m.claimed_at) : ""));
    }));
    el.mineEmpty.hidden = S.mine.length > 0;
  }

  async function claim(cid, button) {
    button.disabled = true;
    try {
      const view = await api("POST", convUrl(cid, "claim"));
      const claimed = new Date().toISOString();
      if (!S.mine.some((m) => m.conversation_id === cid)) {
        S.mine.push({ conversation_id: cid, language: view.conversation.language, claimed_at: claimed });
      }
      S.waiting = S.waiting.filter((w) => w.conversation_id !== cid);
      renderQueue(); showConversation(view); refreshQueue();
    } catch (err) {
      fail(err); button.disabled = false;
      if (err.status === 409) refreshQueue();
    }
  }

  function dropConversation(cid, note) {
    S.mine = S.mine.filter((m) => m.conversation_id !== cid);
    S.unread.delete(cid); delete S.drafts[cid];
    if (isOpen(cid)) clearPane(note);
    renderMine(); refreshQueue();
  }

  // ---- the open conversation -----------------------------------------------------------------

  async function openConversation(cid) {
    const token = ++S.openToken;
    try {
      const view = await api("GET", convUrl(cid));
      if (token === S.openToken) showConversation(view);
    } catch (err) { if (token === S.openToken) fail(err); }
  }

  function showConversation(view) {
    const token = ++S.openToken;
    const c = view.conversation;
    const previous = S.view && S.view.conversation.id;
    if (previous !== c.id) {  // keep an unsent draft per conversation
      if (previous) S.drafts[previous] = el.reply.value;
      el.reply.value = S.drafts[c.id] || "";
      S.seqs = new Set(); el.transcript.textContent = "";
    }
    S.view = view; S.unread.delete(c.id);
    el.placeholder.hidden = true; el.conv.hidden = false; el.conv.dataset.conversation = c.id;
    (view.messages || []).forEach(addMessage);
    showTyping(false); renderInfo(); renderContext(); renderMine();
    loadCanned(c.language, token);
    el.reply.focus();
  }

  function clearPane(note) {
    ++S.openToken; S.view = null; S.seqs = new Set();
    el.conv.hidden = true; delete el.conv.dataset.conversation;
    el.transcript.textContent = ""; el.context.textContent = ""; el.reply.value = "";
    showTyping(false);
    el.placeholder.textContent = note || IDLE; el.placeholder.hidden = false;
  }

  async function syncOpen() {  // after a reconnect or while polling: pick up what the socket missed
    if (!S.view) return;
    const cid = S.view.conversation.id;
    const facts = (v) => JSON.stringify([v.conversation, v.shopper, v.orders, v.ledger, v.tickets]);
    try {
      const view = await api("GET", convUrl(cid));
      if (!isOpen(cid)) return;
      (view.messages || []).forEach(addMessage);
      const changed = facts(view) !== facts(S.view);
      S.view = view;
      if (changed) { renderInfo(); renderContext(); }
    } catch (err) {
      fail(err);
      if (err.status === 403 || err.status === 404) dropConversation(cid, "This conversation is no longer yours.");
    }
  }

  function renderInfo() {
    const c = S.view.conversation;
    const handoff = c.handoff && join([label(c.handoff.reason), kv(c.handoff.details)]);
    fill(el.info, [
      h("strong", null, join([upper(c.language), c.locale])),
      h("span", { class: "muted" }, " conversation " + c.id),
      handoff ? h("div", { class: "handoff" }, "Hand-off: " + handoff) : null,
    ]);
  }

  function showTyping(on) {
    el.typing.hidden = !on;
    clearTimeout(S.typingTimer);
    if (on) S.typingTimer = setTimeout(() => { el.typing.hidden = true; }, 4000);
  }

  function bubble(m) {
    // dir="auto" follows the message text: badge, chips and meta carry their own dir and do not count
    const who = { shopper: "Shopper", bot: "Assistant", system: "System" }[m.sender] || m.agent || "Agent";
    const intent = m.intent ? m.intent + (m.confidence != null ? " " + Number(m.confidence).toFixed(2) : "") : "";
    const badge = m.sender === "shopper" && join([m.language, intent]);  // "de · track_order 0.93"
    const chips = m.sender === "bot" && m.buttons && m.buttons.length
      ? h("div", { class: "chips", dir: "auto" }, m.buttons.map((b) => h("span", { class: "chip" }, b.title)))
      : null;
    return h("div", {
      class: "msg " + m.sender, "data-test": "message", "data-sender": m.sender,
      "data-seq": m.seq == null ? "" : m.seq, dir: "auto",
    },
    h("div", { class: "text" }, m.text || ""),
    badge ? h("div", { class: "badge", dir: "ltr" }, badge) : null,
    chips,
    h("div", { class: "meta", dir: "ltr" }, join([who, when(m.at)])),
    m.sender === "shopper" && m.seq != null && S.view ? flagControl(S.view.conversation.id, m) : null);
  }

  // A shopper message the assistant misunderstood goes to the admins' review list.
  const flaggedLabel = () => h("span", { class: "flagged", "data-test": "flagged", dir: "ltr" }, "Flagged");

  function flagControl(cid, m) {
    if (m.flagged) return flaggedLabel();
    const button = h("button", {
      type: "button", class: "flag", "data-test": "flag", dir: "ltr",
      title: "Flag for review: the assistant misunderstood this",
      "aria-label": "Flag for review: the assistant misunderstood this",
    }, "Flag");
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await api("POST", convUrl(cid, "messages/" + encodeURIComponent(m.seq) + "/flag"));
        m.flagged = true;
        const done = flaggedLabel();
        const hadFocus = document.activeElement === button;
        button.replaceWith(done);
        if (hadFocus) { done.tabIndex = -1; done.focus(); }  // keep the keyboard user's place
      } catch (err) { fail(err); button.disabled = false; }
    });
    return button;
  }

  function addMessage(m) {
    if (m.seq != null && S.seqs.has(m.seq)) return;  // already shown
    if (m.seq != null) S.seqs.add(m.seq);
    const t = el.transcript;
    const atBottom = t.scrollHeight - t.scrollTop - t.clientHeight < 60;
    const later = m.seq == null ? null
      : Array.prototype.find.call(t.children, (c) => c.dataset.seq !== "" && Number(c.dataset.seq) > m.seq);
    t.insertBefore(bubble(m), later || null);
    if (atBottom || m.sender === "agent") t.scrollTop = t.scrollHeight;
  }

  async function loadCanned(language, token) {
    S.canned = [];
    fill(el.canned, h("option", { value: "" }, "Canned replies…"));
    try {
      const r = await api("GET", "/api/console/canned?language=" + encodeURIComponent(language || ""));
      if (token !== S.openToken) return;
      S.canned = r.replies || [];
      addKids(el.canned, S.canned.map((c) => h("option", { value: c.key }, c.title)));
    } catch (err) { fail(err); }
  }

  el.canned.addEventListener("change", () => {
    const reply = S.canned.find((c) => c.key === el.canned.value);
    if (reply && S.me) el.reply.value = String(reply.text).split("{agent}").join(S.me.display_name);
    el.reply.focus();
    el.canned.value = "";
  });

  async function send() {
    const text = el.reply.value.trim();
    if (!text || !S.view || el.send.disabled) return;
    const cid = S.view.conversation.id;
    el.send.disabled = true;
    try {
      const r = await api("POST", convUrl(cid, "messages"), { text });
      delete S.drafts[cid];
      if (isOpen(cid)) {
        if (el.reply.value.trim() === text) el.reply.value = "";
        addMessage({ seq: r.seq, sender: "agent", text, buttons: [], agent: S.me.display_name,
          at: new Date().toISOString() });
      }
    } catch (err) { fail(err); } finally { el.send.disabled = false; }
  }

  el.composer.addEventListener("submit", (ev) => { ev.preventDefault(); send(); });
  el.reply.addEventListener("keydown", (ev) => {  // Enter sends, Shift+Enter is a newline, IME input is left alone
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) { ev.preventDefault(); send(); }
  });
  el.reply.addEventListener("input", () => {
    if (!S.view || !el.reply.value || !wsOpen() || Date.now() - S.lastTyping < 2000) return;
    S.lastTyping = Date.now();
    S.ws.send(JSON.stringify({ type: "typing", conversation_id: S.view.conversation.id }));
  });

  el.close.addEventListener("click", async () => {
    if (!S.view) return;
    const cid = S.view.conversation.id;
    el.close.disabled = true;
    try {
      await api("POST", convUrl(cid, "close"));
      dropConversation(cid, "Handed back to the assistant.");
    } catch (err) { fail(err); } finally { el.close.disabled = false; }
  });

  el.release.addEventListener("click", async () => {
    if (!S.view) return;
    const cid = S.view.conversation.id;
    const note = window.prompt("Pass this conversation to a colleague. A note for them (optional):", "");
    if (note === null) return;  // cancelled
    el.release.disabled = true;
    try {
      await api("POST", convUrl(cid, "release"), { note: note.trim() || null });
      dropConversation(cid, "Passed back to the queue for a colleague.");
    } catch (err) { fail(err); } finally { el.release.disabled = false; }
  });

  // ---- context panel -------------------------------------------------------------------------

  function renderContext() {
    const v = S.view;
    const section = (title, kids) => h("section", { class: "ctx" }, h("h3", null, title), kids);
    const orders = v.orders || [];
    const ledger = v.ledger || [];
    fill(el.context, [
      section("Shopper", shopperFacts(v.shopper)),
      section("Orders", orders.length ? orders.map(orderCard) : none("No orders.")),
      section("Refunds & coupons", ledger.length ? ledger.map(ledgerCard) : none("No ledger entries.")),
      section("Tickets", [conversationTickets(v.tickets || []), newTicketForm()]),
    ]);
  }

  function shopperFacts(s) {
    if (!s) return none("Guest: not signed in.");
    const rows = [["Name", s.name], ["E-mail", s.email],
      ["Tier", s.member_tier && join([s.member_tier, s.points != null && s.points + " points"])],
      ["Market", s.market], ["Customer", label(s.customer_type)]];
    return h("dl", { class: "facts" }, rows.filter((r) => r[1] != null && r[1] !== "")
      .map((r) => [h("dt", null, r[0]), h("dd", { dir: "auto" }, r[1])]));
  }

  function orderCard(o) {
    const dates = [o.market, o.placed_at && "placed " + when(o.placed_at),
      o.promised_delivery_date && "promised " + day(o.promised_delivery_date)];
    return h("div", { class: "card", "data-test": "order", "data-order": o.number },
      h("div", { class: "row" }, h("strong", null, o.number), pill(o.status)),
      muted(join(dates)),
      h("div", null, "Total " + money(o.total, o.currency)),
      h("ul", { class: "lines" }, (o.lines || []).map((l) =>
        h("li", { dir: "auto" }, l.quantity + " × " + l.name + " — " + money(l.unit_price, o.currency)))),
      (o.shipments || []).map(shipmentBlock));
  }

  function shipmentBlock(s) {  // the three latest events, newest first
    const events = (s.events || []).slice().sort((a, b) => new Date(b.at) - new Date(a.at)).slice(0, 3);
    return h("div", { class: "ship" },
      h("div", null, "Shipment " + [s.carrier, s.tracking_number].filter(Boolean).join(" ")),
      events.length
        ? h("ul", { class: "events" }, events.map((e) => h("li", null,
          h("span", { class: "muted" }, when(e.at)), " ", [e.location, e.status].filter(Boolean).join(" — "))))
        : muted("No tracking events yet."));
  }

  function ledgerCard(e) {
    const action = (name, cls, text) => h("button", { type: "button", class: cls, "data-test": name,
      onclick: () => decide(e, name) }, text);
    const attrs = { class: "card ledger " + (e.status || ""), "data-test": "ledger-entry", "data-entry": e.id,
      "data-status": e.status };
    return h("div", attrs,
      h("div", { class: "row" }, h("strong", null, label(e.kind)), pill(e.status)),
      h("div", null, join([e.amount != null && money(e.amount, e.currency), e.code && "code " + e.code,
        e.order_number && "order " + e.order_number])),
      muted(label(e.reason)),
      muted(kv(e.details)),
      muted(join([when(e.created_at), e.decided_by && "decided by " + e.decided_by])),
      (e.pending || e.status === "pending_approval")
        ? h("div", { class: "actions" },
          h("input", { type: "text", "data-test": "decision-note", maxlength: "500", placeholder: "Note (optional, kept in the audit log)",
            "aria-label": "Note for the decision" }),
          action("approve", "ok", "Approve"), action("reject", "danger", "Reject"))
        : null);
  }

  async function decide(entry, action) {
    const find = () => Array.prototype.find.call(el.context.querySelectorAll("[data-test=ledger-entry]"),
      (c) => c.dataset.entry === String(entry.id));
    const buttons = (find() || el.context).querySelectorAll(".actions button");
    const noteInput = (find() || el.context).querySelector("[data-test=decision-note]");
    const note = noteInput ? noteInput.value.trim() : "";
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const updated = await api("POST", "/api/console/ledger/" + encodeURIComponent(entry.id) + "/" + action,
        { note: note || null });
      if (S.view) S.view.ledger = (S.view.ledger || []).map((x) => (x.id === updated.id ? updated : x));
      const card = find();
      if (card) card.replaceWith(ledgerCard(updated));
    } catch (err) { fail(err); buttons.forEach((b) => { b.disabled = false; }); }
  }

  function conversationTickets(tickets) {
    if (!tickets.length) return none("No tickets for this conversation.");
    return h("ul", { class: "lines" }, tickets.map((t) => h("li", null,
      "#" + t.id + " " + join([label(t.category), label(t.status)]),
      t.summary ? h("div", { class: "muted", dir: "auto" }, t.summary) : null)));
  }

  function newTicketForm() {
    const category = h("select", { name: "category", "aria-label": "Ticket category" },
      CATEGORIES.map((c) => h("option", { value: c }, c)));
    const note = h("input", { name: "note", placeholder: "Note", "aria-label": "Ticket note", dir: "auto" });
    const button = h("button", { type: "submit" }, "Create ticket");
    const submit = async (ev) => {
      ev.preventDefault();
      if (!S.view) return;
      const cid = S.view.conversation.id;
      button.disabled = true;
      try {
        const body = { conversation_id: cid, category: category.value, note: note.value };
        const ticket = await api("POST", "/api/console/tickets", body);
        if (isOpen(cid)) { S.view.tickets = (S.view.tickets || []).concat([ticket]); renderContext(); }
        refreshTickets();
      } catch (err) { fail(err); } finally { button.disabled = false; }
    };
    return h("form", { class: "new-ticket", "data-test": "new-ticket", onsubmit: submit }, category, note, button);
  }

  // ---- tickets view --------------------------------------------------------------------------

  async function refreshTickets() {
    if (!S.me) return;
    const n = ++S.ticketReq;
    const status = el.ticketFilter.value;
    try {
      const r = await api("GET", "/api/console/tickets" + (status ? "?status=" + encodeURIComponent(status) : ""));
      if (n !== S.ticketReq) return;
      const rows = (r.tickets || []).map(ticketRow);
      fill(el.ticketRows, rows.length ? rows : h("tr", null, h("td", { colspan: 9, class: "empty" }, "No tickets.")));
    } catch (err) { fail(err); }
  }

  function ticketRow(t) {
    const known = STATUSES.some((s) => s[0] === t.status);
    const select = h("select", { "aria-label": "Status of ticket " + t.id, "data-test": "ticket-status" },
      STATUSES.map((s) => h("option", { value: s[0] }, s[1])),
      known ? null : h("option", { value: t.status }, label(t.status)));
    select.value = t.status;
    const td = (text, attrs) => h("td", attrs || null, text);
    const row = h("tr", { "data-test": "ticket", "data-ticket": t.id, "data-status": t.status },
      td("#" + t.id, { title: "conversation " + (t.conversation_id || "—") }), td(when(t.created_at)),
      td(label(t.category)), td(upper(t.language)), td(label(t.source)),
      td(t.rating == null ? "—" : t.rating + "/7"), td(t.summary, { dir: "auto", class: "summary" }),
      td(t.email), h("td", null, select));
    select.addEventListener("change", async () => {
      select.disabled = true;
      try {
        const url = "/api/console/tickets/" + encodeURIComponent(t.id);
        const updated = await api("POST", url, { status: select.value });
        row.replaceWith(ticketRow(updated));
        if (S.view && (S.view.tickets || []).some((x) => x.id === updated.id)) {  // keep the context panel in step
          S.view.tickets = S.view.tickets.map((x) => (x.id === updated.id ? updated : x));
          renderContext();
        }
      } catch (err) { fail(err); select.value = t.status; select.disabled = false; }
    });
    return row;
  }

  el.ticketFilter.addEventListener("change", refreshTickets);
  el.ticketRefresh.addEventListener("click", refreshTickets);

  // ---- boot ----------------------------------------------------------------------------------

  (async function boot() {
    try { start(await api("GET", "/api/console/me")); } catch (err) {
      showLogin();
      if (err.status !== 401) fail(err);
    }
  })();
})();

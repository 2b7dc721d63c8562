// Admin service-quality dashboard: the figures of /api/admin/quality for a date range, language
// and intent, and a CSV export of the same query; below it the review of messages the assistant
// misunderstood (/api/admin/review), which become training examples or are dismissed, and a form
// to add examples by hand. Admins only (checked via /api/console/me, which also gives the CSRF token).
// Plain ES2017. Every piece of data reaches the DOM as text (textContent / text nodes), never HTML.
(function () {
  "use strict";

  const LEVELS = [  // the 7-level scale, worst first: [key, label, tone]
    ["very_dissatisfied", "Very dissatisfied", "warm"], ["dissatisfied", "Dissatisfied", "warm"],
    ["somewhat_dissatisfied", "Somewhat dissatisfied", "warm"], ["neutral", "Neutral", "neutral"],
    ["somewhat_satisfied", "Somewhat satisfied", "green"], ["satisfied", "Satisfied", "green"],
    ["very_satisfied", "Very satisfied", "green"],
  ];
  const TIMES = [
    ["bot_first_response", "Bot first response"], ["agent_first_response", "Agent first response"],
    ["bot_resolution", "Bot time to resolution"], ["agent_resolution", "Agent time to resolution"],
  ];
  const REASONS = {  // review reasons as short chip labels
    fallback: "fallback", low_confidence: "low confidence", handoff_after_bot_reply: "hand-off after bot reply",
    low_rating: "low rating", flagged: "flagged by an agent",
  };
  const SENDERS = { shopper: "Shopper", bot: "Assistant", agent: "Agent", system: "System" };
  const DASH = "–";
  const $ = (sel) => document.querySelector(sel);
  const T = (name) => $("[data-test=" + name + "]");

  const el = {
    alert: T("alert"), gate: T("gate"), app: $("#app"), me: $("#me"), dash: $("#dash"),
    form: T("filters"), csv: T("csv"), shown: $("#shown"), intentList: $("#intent-list"),
    ratedNote: $("#rated-note"), satisfaction: T("satisfaction"), satNote: $("#sat-note"),
    timeRows: $("#time-rows"), intents: T("top-intents"), fallbacks: T("top-fallbacks"),
    review: T("review"), reviewNote: $("#review-note"), reviewRefresh: $("#review-refresh"),
    reviewStatus: T("review-status"), reviewList: $("#review-list"), reviewEmpty: T("review-empty"),
    examples: T("add-examples"),
  };
  const f = el.form.elements;
  const x = el.examples.elements;
  const S = { seq: 0, intents: new Set(), csrf: "", reviewSeq: 0, reviewIntents: [], languageTouched: false };

  // ---- helpers -------------------------------------------------------------------------------

  const { h, addKids, fill, requestJSON } = window.DomKit;  // shared with the other pages (dom.js)

  const isNum = (x) => typeof x === "number" && isFinite(x);
  const whole = (x) => (isNum(x) ? String(x) : DASH);
  const percent = (x) => (isNum(x) ? (x * 100).toFixed(1) + "%" : DASH);
  const fixed2 = (x) => (isNum(x) ? x.toFixed(2) : DASH);
  const pad = (n) => String(n).padStart(2, "0");
  const iso = (d) => d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());

  function duration(sec) {  // "0.4 s", "12 s", "3 min 5 s", "1 h 2 min"
    if (!isNum(sec)) return DASH;
    if (sec > 0 && sec < 0.95) return sec.toFixed(1) + " s";  // sub-second bot replies
    const s = Math.max(0, Math.round(sec));
    if (s < 60) return s + " s";
    if (s < 3600) return Math.floor(s / 60) + " min" + (s % 60 ? " " + (s % 60) + " s" : "");
    const m = Math.round(s / 60);
    return Math.floor(m / 60) + " h" + (m % 60 ? " " + (m % 60) + " min" : "");
  }

  function showAlert(text) { el.alert.textContent = text; el.alert.hidden = false; }
  el.alert.addEventListener("click", () => { el.alert.hidden = true; });

  function gate(kids) {  // replaces the dashboard with one short line
    el.app.hidden = true;
    fill(el.gate, kids);
    el.gate.parentNode.hidden = false;
  }
  const loginFirst = () => gate(["Please log in at the ", h("a", { href: "/console" }, "console"), " first"]);

  function when(value) {
    const date = new Date(value);
    return !value ? "" : isNaN(date.getTime()) ? String(value) : date.toLocaleString();
  }

  // writes carry the session's CSRF token
  const api = (method, path, body) => requestJSON(method, path, body, S.csrf);
  const getJSON = (path) => api("GET", path);

  // ---- filters -------------------------------------------------------------------------------

  function query() {  // the filters as a query string, empty ones left out
    const params = new URLSearchParams();
    [["from", f.from.value], ["to", f.to.value], ["language", f.language.value], ["intent", f.intent.value.trim()]]
      .forEach((pair) => { if (pair[1]) params.set(pair[0], pair[1]); });
    return params.toString();
  }
  function syncCsv() {
    const q = query();
    el.csv.href = "/api/admin/quality.csv" + (q ? "?" + q : "");
  }
  function describe() {
    const lang = f.language.value ? f.language.options[f.language.selectedIndex].text : "all languages";
    const intent = f.intent.value.trim();
    return ["Showing " + (f.from.value || "the beginning") + " to " + (f.to.value || "today"), lang,
      intent ? "intent " + intent : "any intent"].join(" · ");
  }

  el.form.addEventListener("submit", (ev) => { ev.preventDefault(); load(); loadReview(); });
  el.form.addEventListener("input", syncCsv);
  el.form.addEventListener("change", syncCsv);

  // ---- data ----------------------------------------------------------------------------------

  async function load() {
    const mine = ++S.seq, q = query(), caption = describe();
    syncCsv();
    el.dash.setAttribute("aria-busy", "true");
    try {
      const data = await getJSON("/api/admin/quality" + (q ? "?" + q : ""));
      if (mine !== S.seq) return;  // a newer request is on its way
      render(data || {});
      el.shown.textContent = caption;
      el.dash.classList.remove("stale");
      el.alert.hidden = true;
    } catch (err) {
      if (mine !== S.seq) return;
      if (err.status === 401) return loginFirst();
      el.dash.classList.add("stale");
      el.shown.textContent = "The figures below are out of date: " + err.message;
      showAlert(err.message);
    } finally {
      if (mine === S.seq) el.dash.removeAttribute("aria-busy");
    }
  }

  // ---- rendering -----------------------------------------------------------------------------

  function render(d) {
    document.querySelectorAll("[data-test=kpi]").forEach((tile) => {
      const key = tile.dataset.figure, value = d[key];
      tile.querySelector(".value").textContent =
        key === "conversations" ? whole(value) : key === "mean_rating" ? fixed2(value) : percent(value);
    });
    el.ratedNote.textContent = "on a 1–7 scale · " + whole(d.rated || 0) + " rated";
    renderSatisfaction(d.ratings || {}, d.rated || 0);
    renderTimes(d);
    renderIntents(Array.isArray(d.top_intents) ? d.top_intents : []);
    renderFallbacks(Array.isArray(d.top_fallbacks) ? d.top_fallbacks : []);
  }

  function barRow(key, tone, label, n, max, share) {
    const bar = h("span", { class: "fill " + tone });
    bar.style.width = (max > 0 ? (100 * n) / max : 0) + "%";
    return h("li", { class: "bar-row", "data-key": key, "data-tone": tone, title: share || null },
      h("span", { class: "bar-label", title: label || null }, label),
      h("span", { class: "track", "aria-hidden": "true" }, bar),
      h("span", { class: "bar-n" }, whole(n)));
  }

  function renderSatisfaction(ratings, rated) {
    const counts = LEVELS.map((level) => (isNum(ratings[level[0]]) ? ratings[level[0]] : 0));
    const max = Math.max(0, ...counts);
    fill(el.satisfaction, LEVELS.map((level, i) => barRow(level[0], level[2], level[1], counts[i], max,
      rated ? percent(counts[i] / rated) + " of ratings" : null)));
    el.satNote.textContent = rated ? whole(rated) + " ratings" : "No ratings in this range.";
  }

  function renderTimes(d) {
    fill(el.timeRows, TIMES.map((row) => {
      const t = d[row[0]] || {};
      return h("tr", { "data-row": row[0] }, h("th", { scope: "row" }, row[1]),
        h("td", { class: "num" }, whole(t.count)), h("td", { class: "num" }, duration(t.median)),
        h("td", { class: "num" }, duration(t.p90)));
    }));
  }

  function renderIntents(items) {
    const max = Math.max(0, ...items.map((it) => it.count || 0));
    items.forEach((it) => S.intents.add(String(it.intent)));
    fill(el.intentList, Array.from(S.intents).sort().map((name) => h("option", { value: name })));
    fill(el.intents, items.length ? items.map((it) => {
      const row = barRow(String(it.intent), "accent", "", it.count || 0, max);
      fill(row.firstChild, h("button", { type: "button", class: "link", title: "Filter by this intent",
        onclick: () => { f.intent.value = String(it.intent); load(); } }, String(it.intent)));
      return row;
    }) : h("li", { class: "empty" }, "No intents in this range."));
  }

  function renderFallbacks(items) {
    fill(el.fallbacks, items.length ? items.map((it) => h("li", { class: "fallback" },
      h("span", { class: "text", dir: "auto" }, String(it.text == null ? "" : it.text)),
      h("span", { class: "bar-n" }, whole(it.count))))
      : h("li", { class: "empty" }, "No fallback messages in this range."));
  }

  // ---- review: messages the assistant misunderstood -----------------------------------------

  function languageName(code) {  // "German (de)", from the filter's own options
    const option = Array.prototype.find.call(f.language.options, (o) => o.value && o.value === code);
    return option ? option.text : String(code || "").toUpperCase();
  }

  function reviewStatus(text) {
    el.reviewStatus.textContent = text;
    el.reviewStatus.hidden = !text;
  }

  function reviewCount() {
    const n = el.reviewList.children.length;
    el.reviewEmpty.hidden = n > 0;
    return n;
  }

  function reviewCaption(n) {
    const lang = f.language.value ? languageName(f.language.value) : "all languages";
    el.reviewNote.textContent = (n === 1 ? "1 message" : n + " messages") + " · " + lang;
  }

  async function loadReview() {
    const mine = ++S.reviewSeq, lang = f.language.value;
    el.review.setAttribute("aria-busy", "true");
    try {
      const data = (await getJSON("/api/admin/review" + (lang ? "?language=" + encodeURIComponent(lang) : ""))) || {};
      if (mine !== S.reviewSeq) return;  // a newer request is on its way
      S.reviewIntents = (Array.isArray(data.intents) ? data.intents : []).map(String);
      fillIntents(x.intent, S.reviewIntents, x.intent.value);
      if (lang && !S.languageTouched) x.language.value = lang;
      const items = Array.isArray(data.items) ? data.items : [];
      fill(el.reviewList, items.map(reviewItem));
      reviewCaption(reviewCount());
      el.review.classList.remove("stale");
    } catch (err) {
      if (mine !== S.reviewSeq) return;
      if (err.status === 401) return loginFirst();
      el.review.classList.add("stale");
      el.reviewNote.textContent = "Could not load the review list: " + err.message;
      showAlert(err.message);
    } finally {
      if (mine === S.reviewSeq) el.review.removeAttribute("aria-busy");
    }
  }

  function fillIntents(select, intents, chosen) {  // a blank first choice unless `chosen` is one of them
    const known = chosen && intents.indexOf(chosen) >= 0;
    fill(select, [known ? null : h("option", { value: "" }, intents.length ? "Choose an intent…" : "No intents"),
      intents.map((name) => h("option", { value: name }, name))]);
    select.value = known ? chosen : "";
  }

  function reviewItem(it) {
    const cid = String(it.conversation_id), seq = it.seq;
    const context = Array.isArray(it.context) && it.context.length ? it.context
      : [{ seq, sender: "shopper", text: it.text }];
    const intent = h("select", { name: "intent", required: true, "data-test": "review-intent" });
    fillIntents(intent, S.reviewIntents, it.intent == null ? "" : String(it.intent));
    const text = h("textarea", { name: "text", required: true, rows: 2, dir: "auto", spellcheck: "false",
      "data-test": "review-text" });
    text.value = it.text == null ? "" : String(it.text);
    const save = h("button", { type: "submit", class: "primary", "data-test": "review-save" }, "Add as training example");
    const dismiss = h("button", { type: "button", "data-test": "review-dismiss",
      title: "Nothing to learn here: remove it from the list" }, "Dismiss");
    const predicted = it.intent == null ? "no intent predicted"
      : "predicted " + it.intent + (it.confidence == null ? "" : " " + fixed2(it.confidence));
    const reasons = Array.isArray(it.reasons) ? it.reasons : [];

    const node = h("li", { class: "review-item", "data-test": "review-item", "data-conversation": cid,
      "data-seq": seq == null ? "" : seq },
      h("div", { class: "review-meta" },
        h("span", { class: "lang", title: languageName(it.language) }, String(it.language || "?").toUpperCase()),
        reasons.map((r) => h("span", { class: "chip " + (REASONS[r] ? r : "other"), "data-reason": r },
          REASONS[r] || String(r).replace(/_/g, " "))),
        h("span", { class: "predicted" }, predicted),
        h("span", { class: "spacer" }),
        h("span", { class: "muted", title: "conversation " + cid + ", message " + seq }, when(it.at))),
      h("ol", { class: "mini", "aria-label": "The conversation around this message" }, context.map((m) => {
        const current = m.seq != null && String(m.seq) === String(seq);
        return h("li", { class: "mini-msg " + (SENDERS[m.sender] ? m.sender : "other") + (current ? " current" : ""),
          "aria-current": current ? "true" : null },
          h("span", { class: "who" }, SENDERS[m.sender] || String(m.sender || "")),
          h("span", { class: "text", dir: "auto" }, m.text == null ? "" : String(m.text)));
      })),
      h("form", { class: "review-form" },
        h("label", null, "Intent", intent),
        h("label", { class: "grow" }, "Training example", text),
        h("div", { class: "review-actions" }, save, dismiss)));

    const form = node.querySelector("form");
    const busy = (on) => { [intent, text, save, dismiss].forEach((c) => { c.disabled = on; }); };
    const base = "/api/admin/review/" + encodeURIComponent(cid) + "/" + encodeURIComponent(seq);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const body = { intent: intent.value, text: text.value.trim() };
      if (!body.intent || !body.text) return showAlert(body.intent ? "The example is empty." : "Choose an intent first.");
      busy(true);
      try {
        const r = (await api("POST", base, body)) || {};
        reviewStatus("Added to " + (r.file || "the training data") + " as " + (r.intent || body.intent));
        el.alert.hidden = true;
        removeItem(node);
      } catch (err) {
        if (err.status === 401) return loginFirst();
        showAlert(err.message); busy(false);
      }
    });
    dismiss.addEventListener("click", async () => {
      busy(true);
      try {
        await api("POST", base + "/dismiss");
        el.alert.hidden = true;
        removeItem(node);
      } catch (err) {
        if (err.status === 401) return loginFirst();
        showAlert(err.message); busy(false);
      }
    });
    return node;
  }

  function removeItem(node) {  // the keyboard moves on to the next item (or the list's heading)
    const next = node.nextElementSibling || node.previousElementSibling;
    const hadFocus = node.contains(document.activeElement) || document.activeElement === document.body;
    node.remove();
    reviewCaption(reviewCount());
    if (!hadFocus) return;
    const target = next ? next.querySelector("[data-test=review-intent]") : el.reviewStatus.hidden ? null : el.reviewStatus;
    if (target) {
      if (target === el.reviewStatus) target.tabIndex = -1;
      target.focus({ preventScroll: true });
    }
  }

  el.reviewRefresh.addEventListener("click", loadReview);

  // ---- add examples by hand ------------------------------------------------------------------

  fill(x.language, Array.prototype.filter.call(f.language.options, (o) => o.value)
    .map((o) => h("option", { value: o.value }, o.text)));
  x.language.addEventListener("change", () => { S.languageTouched = true; });

  el.examples.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const button = el.examples.querySelector("button[type=submit]");
    const examples = x.examples.value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    const body = { language: x.language.value, intent: x.intent.value, examples };
    if (!body.intent) return showAlert("Choose an intent first.");
    if (!examples.length) return showAlert("Write at least one example, one per line.");
    button.disabled = true;
    try {
      const r = (await api("POST", "/api/admin/examples", body)) || {};
      const n = isNum(r.added) ? r.added : examples.length;
      const file = r.file || "the training data";
      reviewStatus(n ? "Added " + (n === 1 ? "1 example" : n + " examples") + " to " + file + " as " + body.intent
        : "Nothing new: these examples are already in " + file);
      el.alert.hidden = true;
      x.examples.value = "";
    } catch (err) {
      if (err.status === 401) return loginFirst();
      showAlert(err.message);
    } finally { button.disabled = false; }
  });

  // ---- boot ----------------------------------------------------------------------------------

  (async function boot() {
    const today = new Date();
    f.to.value = iso(today);
    f.from.value = iso(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29));
    syncCsv();
    let session;
    try { session = await getJSON("/api/console/me"); } catch (err) {
      if (err.status === 401) return loginFirst();
      showAlert(err.message);
      return gate("Could not check your session. Reload the page to try again.");
    }
    const agent = (session && session.agent) || {};
    if (agent.role !== "admin") return gate("Admins only");
    S.csrf = session.csrf_token || "";
    el.me.textContent = agent.display_name || agent.username || "";
    el.gate.parentNode.hidden = true;
    el.app.hidden = false;
    load();
    loadReview();
    window.dispatchEvent(new CustomEvent("admin:ready", { detail: { csrf: S.csrf } }));  // models.js
  })();
})();

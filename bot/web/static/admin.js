// Admin service-quality dashboard: the figures of /api/admin/quality for a date range, language
// and intent, and a CSV export of the same query. Admins only (checked via /api/console/me).
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
  const DASH = "–";
  const $ = (sel) => document.querySelector(sel);
  const T = (name) => $("[data-test=" + name + "]");

  const el = {
    alert: T("alert"), gate: T("gate"), app: $("#app"), me: $("#me"), dash: $("#dash"),
    form: T("filters"), csv: T("csv"), shown: $("#shown"), intentList: $("#intent-list"),
    ratedNote: $("#rated-note"), satisfaction: T("satisfaction"), satNote: $("#sat-note"),
    timeRows: $("#time-rows"), intents: T("top-intents"), fallbacks: T("top-fallbacks"),
  };
  const f = el.form.elements;
  const S = { seq: 0, intents: new Set() };

  // ---- helpers -------------------------------------------------------------------------------

  const { h, addKids, fill } = window.DomKit;  // shared with the other pages (dom.js)

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

  async function getJSON(path) {
    let res, data = null;
    try {
      res = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
    } catch (e) {
      throw Object.assign(new Error("Network error: the server is not reachable."), { status: 0 });
    }
    try { data = await res.json(); } catch (e) { data = null; }
    if (res.ok) return data;
    let detail = data && data.detail;  // a string, or FastAPI's list of validation errors
    if (Array.isArray(detail)) detail = detail.map((d) => (d && d.msg) || JSON.stringify(d)).join("; ");
    else if (detail && typeof detail !== "string") detail = JSON.stringify(detail);
    detail = detail || ("HTTP " + res.status + " " + res.statusText).trim();
    throw Object.assign(new Error(detail), { status: res.status, detail });
  }

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

  el.form.addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
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
    el.me.textContent = agent.display_name || agent.username || "";
    el.gate.parentNode.hidden = true;
    el.app.hidden = false;
    load();
  })();
})();

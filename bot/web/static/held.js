// Admin → Conversations with agents: who holds which conversation, whether the agent is still
// connected, how long the chat has been quiet; "Return to queue" frees a conversation whose
// agent has gone (the shopper keeps their place in line and is told a colleague will continue).
(function () {
  "use strict";

  const { h, fill, requestJSON } = window.DomKit;
  const $ = (sel) => document.querySelector(sel);
  const el = { rows: $("#held-rows"), note: $("#held-note"), refresh: $("#held-refresh"),
    alert: document.querySelector("[data-test=alert]") };
  const S = { csrf: "" };
  const api = (method, path, body) => requestJSON(method, path, body, S.csrf);

  function minutes(sec) {
    const m = Math.floor(Math.max(0, sec) / 60);
    return m < 60 ? m + " min" : Math.floor(m / 60) + " h " + (m % 60) + " min";
  }

  async function release(row) {
    if (!window.confirm("Return this conversation to the queue? " + (row.agent || "The agent") + " loses it.")) return;
    try {
      await api("POST", "/api/console/conversations/" + encodeURIComponent(row.conversation_id) + "/release", {});
      el.alert.hidden = true;
      await load();
    } catch (err) { el.alert.textContent = err.message; el.alert.hidden = false; }
  }

  function rowOf(row) {
    const away = !row.agent_connected;
    return h("tr", { "data-conversation": row.conversation_id },
      h("td", null, h("code", null, row.conversation_id.slice(0, 12))),
      h("td", null, row.language),
      h("td", { class: away ? "gone" : null }, (row.agent || "?") + " · " + (row.agent_status || "") +
        (away ? " · not connected" : "")),
      h("td", null, new Date(row.claimed_at).toLocaleString()),
      h("td", { class: "num" }, minutes(row.idle_seconds)),
      h("td", null, h("button", { type: "button", "data-test": "release", onclick: () => release(row) }, "Return to queue")));
  }

  async function load() {
    let data;
    try { data = await api("GET", "/api/admin/held"); } catch (err) { el.note.textContent = err.message; return; }
    const gone = data.held.filter((r) => !r.agent_connected).length;
    el.note.textContent = data.held.length ? data.held.length + " held" + (gone ? ", " + gone + " by agents not connected" : "")
      : "No conversation is with an agent";
    fill(el.rows, data.held.map(rowOf));
  }

  el.refresh.addEventListener("click", load);
  window.addEventListener("admin:ready", (ev) => { S.csrf = ev.detail.csrf; load(); });
})();

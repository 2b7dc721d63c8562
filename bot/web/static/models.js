// Admin → Models: start a training job and follow it live (stage, step or epoch, time left;
// a failure shows its reason), compare a model with the live one per language on the held-out
// split, promote it (an admin may override a worse language with a logged reason), and roll
// back to any earlier model. Talks to /api/admin/models and /api/admin/training. Starts when
// admin.js has checked the session (event "admin:ready" with the CSRF token).
(function () {
  "use strict";

  const { h, fill, requestJSON } = window.DomKit;
  const $ = (sel) => document.querySelector(sel);
  const T = (name) => $("[data-test=" + name + "]");
  const el = {
    section: T("models"), note: $("#models-note"), train: T("train"),
    training: T("training"), bar: T("training-bar"), stage: T("training-stage"), eta: T("training-eta"),
    error: T("training-error"), title: $("#training-title"), stop: T("training-stop"),
    comparison: T("comparison"), comparisonTitle: $("#comparison-title"), comparisonNote: $("#comparison-note"),
    comparisonRows: $("#comparison-rows"), verdict: T("gate-verdict"), promoteForm: T("promote-form"),
    override: $("#override"), promote: T("promote"), rows: $("#model-rows"), history: T("model-history"),
    alert: T("alert"),
  };
  const S = { csrf: "", polling: null, failures: 0, shownJob: null, compared: null, live: null };
  const DASH = "–";
  const api = (method, path, body) => requestJSON(method, path, body, S.csrf);
  const isNum = (x) => typeof x === "number" && isFinite(x);
  const fixed3 = (x) => (isNum(x) ? x.toFixed(3) : DASH);
  const when = (value) => (value ? new Date(value).toLocaleString() : "");

  function showAlert(text) { el.alert.textContent = text; el.alert.hidden = false; }

  function seconds(sec) {
    if (!isNum(sec)) return "";
    const s = Math.max(0, Math.round(sec));
    return s < 60 ? s + " s" : Math.floor(s / 60) + " min " + (s % 60) + " s";
  }

  // ---- the training job ------------------------------------------------------------------------

  function showJob(job) {
    if (!job) { el.training.hidden = true; el.train.disabled = false; return; }
    const p = job.progress || {};
    const running = job.status === "running";
    const failed = job.status === "failed";
    el.training.hidden = false;
    el.training.classList.toggle("failed", failed);
    el.train.disabled = running;
    el.stop.hidden = !running;
    el.title.textContent = "Training job " + job.id + (running ? " (running)" : failed ? " failed" : " finished") +
      " · started by " + job.started_by + " " + when(job.started_at);
    const pct = job.status === "succeeded" ? 100 : Math.round(100 * (p.fraction || 0));
    el.bar.firstElementChild.style.width = pct + "%";
    el.bar.setAttribute("aria-valuenow", String(pct));
    el.bar.setAttribute("aria-valuetext", pct + "%");
    let stage = p.stage_label || p.stage || "";
    if (p.steps) stage += " · step " + p.step + " of " + p.steps;
    if (p.detail) stage += " · " + p.detail;
    if (p.epochs) stage += " · epoch " + p.epoch + " of " + p.epochs;
    el.stage.textContent = failed ? "Stopped while: " + stage : job.status === "succeeded" ? "Done: model " + job.model_id + " is ready" : stage;
    el.eta.textContent = running ? pct + "%" + (isNum(p.seconds_left) ? " · about " + seconds(p.seconds_left) + " left" : "") : "";
    el.error.hidden = !failed;
    el.error.textContent = failed ? (job.error || "No reason was recorded.") : "";
  }

  async function poll() {  // one request at a time; a failed one is retried, slower
    S.polling = null;
    let data;
    try {
      data = await api("GET", "/api/admin/training");
      S.failures = 0;
      el.alert.hidden = true;
    } catch (err) {
      S.failures += 1;
      if (err.status === 401 || err.status === 403) return showAlert(err.message);
      showAlert("Lost contact with the server (" + err.message + "); retrying…");
      S.polling = setTimeout(poll, Math.min(15000, 1000 * Math.pow(2, S.failures)));
      return;
    }
    const job = data && data.job;
    showJob(job);
    if (job && job.status === "running") { S.polling = setTimeout(poll, 1000); return; }
    const fresh = job && job.status === "succeeded" && job.model_id && S.shownJob !== job.id;
    await loadModels();
    if (fresh) {
      S.shownJob = job.id;
      if (job.model_id !== S.live) compare(job.model_id);
    }
  }
  function startPolling() { if (!S.polling) S.polling = setTimeout(poll, 1000); }

  el.stop.addEventListener("click", async () => {
    if (!window.confirm("Stop the training job? Nothing it has done so far is kept.")) return;
    el.stop.disabled = true;
    try { showJob((await api("POST", "/api/admin/training/stop")).job); } catch (err) { showAlert(err.message); }
    finally { el.stop.disabled = false; }
  });

  el.train.addEventListener("click", async () => {
    el.train.disabled = true;
    try {
      const data = await api("POST", "/api/admin/training");
      S.shownJob = null;
      showJob(data.job);
      startPolling();
    } catch (err) {
      showAlert(err.message);
      el.train.disabled = false;
    }
  });

  // ---- the comparison --------------------------------------------------------------------------

  function cell(figure, lang) {
    const live = lang.live[figure], cand = lang.candidate[figure], delta = lang.delta[figure];
    const worse = lang.worse.indexOf(figure) >= 0;
    const text = fixed3(live) + " → " + fixed3(cand) + (isNum(delta) && delta !== 0 ? " (" + (delta > 0 ? "+" : "") + delta.toFixed(3) + ")" : "");
    return h("td", { class: "num" + (worse ? " worse" : isNum(delta) && delta > 0 ? " better" : ""),
      title: worse ? "worse beyond the tolerance" : null }, text);
  }

  async function compare(modelId) {
    let data;
    try { data = await api("GET", "/api/admin/models/" + modelId + "/comparison"); } catch (err) { return showAlert(err.message); }
    S.compared = modelId;
    el.comparison.hidden = false;
    el.comparisonTitle.textContent = "Model " + modelId + " against the live model" + (data.live_id ? " " + data.live_id : "");
    const c = data.comparison;
    el.override.hidden = true;
    el.promoteForm.elements.reason.value = "";
    el.promote.textContent = "Promote model " + modelId;
    if (!c) {
      el.comparisonNote.textContent = "No comparison: " + data.why_none + ".";
      fill(el.comparisonRows, []);
      const needsReason = data.live_id && data.live_id !== modelId;
      el.verdict.textContent = needsReason ? "Promoting without a comparison needs a reason." : "";
      el.verdict.classList.toggle("blocked", !!needsReason);
      el.override.hidden = !needsReason;
      el.promote.disabled = data.live_id === modelId;
      return;
    }
    el.comparisonNote.textContent = "Held-out split, per language; live → candidate. Tolerance: a drop of more than " +
      c.tolerance + " blocks promotion.";
    fill(el.comparisonRows, c.languages.map((lang) => h("tr", { "data-language": lang.language },
      h("th", { scope: "row" }, lang.language),
      h("td", { class: "num" }, String(lang.n)),
      cell("accuracy", lang), cell("macro_f1", lang), cell("langid", lang),
      h("td", { class: "pairs" }, lang.confusions.length ? lang.confusions.slice(0, 5).map((p) =>
        p.pair + " " + p.live + "→" + p.candidate).join(", ") : "none"))));
    el.verdict.textContent = c.allowed ? "No language is worse beyond the tolerance: promotion is allowed."
      : "Worse beyond the tolerance in " + c.worse_languages.join(", ") + ". Promote only with a reason, which is logged.";
    el.verdict.classList.toggle("blocked", !c.allowed);
    el.override.hidden = c.allowed;
    el.promote.disabled = false;
  }

  el.promoteForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!S.compared) return;
    const reason = el.promoteForm.elements.reason.value.trim();
    if (!el.override.hidden && !reason) return showAlert("Write the reason for promoting anyway.");
    el.promote.disabled = true;
    el.verdict.textContent = "Loading model " + S.compared + " into Rasa…";
    try {
      const r = await api("POST", "/api/admin/models/" + S.compared + "/promote", { reason: reason || null });
      el.verdict.textContent = "Model " + r.model_id + " is live" + (r.overridden ? " (override logged)" : "") + ".";
      el.verdict.classList.remove("blocked");
      el.override.hidden = true;
      el.alert.hidden = true;
      await loadModels();
    } catch (err) {
      showAlert(err.message);
      el.verdict.textContent = err.message;
      el.promote.disabled = false;
    }
  });

  // ---- the registry ----------------------------------------------------------------------------

  async function rollback(model) {
    if (!window.confirm("Roll back to model " + model.id + "? Rasa switches to it at once.")) return;
    try {
      await api("POST", "/api/admin/models/" + model.id + "/rollback", {});
      el.alert.hidden = true;
      el.comparison.hidden = true;
      await loadModels();
      el.note.textContent = "Rolled back to model " + model.id + ".";
    } catch (err) { showAlert(err.message); }
  }

  function modelRow(model) {
    const f1 = Object.keys(model.figures).map((code) => code + " " + fixed3(model.figures[code].macro_f1)).join(" · ");
    const status = model.live ? h("span", { class: "chip live" }, "live")
      : model.was_live ? h("span", { class: "chip" }, "was live") : h("span", { class: "chip" }, "candidate");
    const actions = model.live || !model.file_exists ? [] : [  // a candidate goes live by promotion only
      h("button", { type: "button", "data-test": "compare", onclick: () => compare(model.id) }, "Compare"),
      model.was_live ? [" ", h("button", { type: "button", "data-test": "rollback", onclick: () => rollback(model) },
        "Roll back to this")] : null,
    ];
    return h("tr", { "data-model": String(model.id), "data-live": model.live ? "true" : "false" },
      h("td", null, h("strong", null, String(model.id)), " ", h("span", { class: "muted" }, model.name)),
      h("td", null, when(model.created_at), model.train_seconds ? " (" + seconds(model.train_seconds) + ")" : ""),
      h("td", null, model.trained_by),
      h("td", null, f1 || "not evaluated"),
      h("td", null, status),
      h("td", null, actions));
  }

  async function loadModels() {
    let data;
    try { data = await api("GET", "/api/admin/models"); } catch (err) {
      el.note.textContent = "";
      return showAlert(err.message);
    }
    S.live = data.live_id;
    el.note.textContent = (data.live_id ? "Live: model " + data.live_id : "No live model yet") +
      (data.data_trained ? "" : " · the training data has changed since the last model");
    fill(el.rows, data.models.map(modelRow));
    fill(el.history, data.promotions.map((p) => h("li", null,
      when(p.at) + ": " + (p.kind === "rollback" ? "rolled back to" : p.kind === "start" ? "started with" : "promoted") +
      " model " + p.model_id + " by " + p.actor + (p.reason ? " — reason: " + p.reason : ""))));
    showJob(data.job);
    if (data.job && data.job.status === "running") startPolling();
    else if (data.job) S.shownJob = data.job.id;
  }

  window.addEventListener("admin:ready", (ev) => {
    S.csrf = ev.detail.csrf;
    loadModels();
  });
})();

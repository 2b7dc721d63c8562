// Small DOM helpers shared by the console and the admin pages: elements are built from
// attributes and children, and every string becomes a text node (never HTML).
(function () {
  "use strict";
  function h(tag, attrs) {  // element with attributes and children (strings become text nodes)
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach((key) => {
      const value = attrs[key];
      if (value == null || value === false) return;
      if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    addKids(node, Array.prototype.slice.call(arguments, 2));
    return node;
  }
  function addKids(node, kids) {
    kids.forEach((kid) => {
      if (Array.isArray(kid)) addKids(node, kid);
      else if (kid instanceof Node) node.appendChild(kid);
      else if (kid != null && kid !== false && kid !== "") node.appendChild(document.createTextNode(String(kid)));
    });
  }
  function fill(node, kids) { node.textContent = ""; addKids(node, [kids]); }

  // JSON in and out with the session cookie; a write carries the CSRF token given. Errors
  // are thrown with .status and .detail (FastAPI's detail, or its validation list, as text).
  async function requestJSON(method, path, body, csrf) {
    const headers = { Accept: "application/json" };
    const init = { method: method, headers: headers, credentials: "same-origin" };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      if (csrf) headers["X-CSRF-Token"] = csrf;
      init.body = JSON.stringify(body || {});
    }
    let res, data = null;
    try { res = await fetch(path, init); } catch (e) {
      throw Object.assign(new Error("Network error: the server is not reachable."), { status: 0 });
    }
    if (res.status === 204) return null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (res.ok) return data;
    let detail = data && data.detail;
    if (Array.isArray(detail)) detail = detail.map((d) => (d && d.msg) || JSON.stringify(d)).join("; ");
    else if (detail && typeof detail !== "string") detail = JSON.stringify(detail);
    detail = detail || ("HTTP " + res.status + " " + res.statusText).trim();
    throw Object.assign(new Error(detail), { status: res.status, detail: detail });
  }

  window.DomKit = { h: h, addKids: addKids, fill: fill, requestJSON: requestJSON };
})();

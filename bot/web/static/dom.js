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

  window.DomKit = { h: h, addKids: addKids, fill: fill };
})();

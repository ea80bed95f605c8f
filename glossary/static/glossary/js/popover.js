// Glossary popovers: the short definition next to a linked term.
// Progressive enhancement: without this script the links still lead to the term page.
// Follows WCAG 1.4.13: shown on hover and keyboard focus, can itself be hovered,
// stays until the pointer or focus leaves, and Esc dismisses it.
(function () {
  "use strict";
  var open = null;
  var hideTimer = null;

  function tipFor(link) {
    var id = link.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (open) {
      open.hidden = true;
      open = null;
    }
  }

  function show(link) {
    var tip = tipFor(link);
    if (!tip) return;
    if (open && open !== tip) hide();
    clearTimeout(hideTimer);
    if (tip.parentNode !== document.body) document.body.appendChild(tip);
    tip.hidden = false;
    var box = link.getBoundingClientRect();
    var width = Math.min(tip.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = box.bottom + window.scrollY + 6 + "px";
    open = tip;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  document.querySelectorAll("a.glossary-term").forEach(function (link) {
    link.addEventListener("mouseenter", function () { show(link); });
    link.addEventListener("mouseleave", hideSoon);
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("blur", hideSoon);
  });
  document.querySelectorAll(".glossary-tip").forEach(function (tip) {
    tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", hideSoon);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") hide();
  });
})();

/* The dashboard's 用語候補 count, fetched after the page has loaded when counting
   needs a fresh scan of the live columns (glossary/wagtail_hooks.py). No dependencies. */
(function () {
  'use strict';

  function load(figure) {
    fetch(figure.dataset.url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.statusText);
        }
        return response.json();
      })
      .then(function (data) {
        figure.textContent = String(data.count);
      })
      .catch(function () {
        figure.textContent = '—';
      });
  }

  function init() {
    document.querySelectorAll('[data-term-candidates][data-url]').forEach(load);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();

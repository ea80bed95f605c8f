/* 「このコラムに登場する用語」: re-check the glossary terms against the form as edited now.
   The form is posted to an admin view (columns/admin_views.py), which answers with JSON
   holding the list rendered on the server. No dependencies. */
(function () {
  'use strict';

  function setUp(panel) {
    var button = panel.querySelector('[data-draft-terms-refresh]');
    var results = panel.querySelector('[data-draft-terms-results]');
    var form = panel.closest('form');
    if (!button || !results || !form || panel.dataset.draftTermsReady) {
      return;
    }
    panel.dataset.draftTermsReady = 'true';

    button.addEventListener('click', function () {
      button.disabled = true;
      results.setAttribute('aria-busy', 'true');
      fetch(panel.dataset.url, {
        method: 'POST',
        body: new FormData(form),
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.statusText);
          }
          return response.json();
        })
        .then(function (data) {
          // Rendered by the server from escaped template output.
          results.innerHTML = data.html;
        })
        .catch(function () {
          results.textContent = panel.dataset.errorMessage;
        })
        .finally(function () {
          button.disabled = false;
          results.removeAttribute('aria-busy');
        });
    });
  }

  function init() {
    document.querySelectorAll('[data-draft-terms]').forEach(setUp);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();

/* Live character count under a textarea (columns.widgets.CountedTextarea). No dependencies. */
(function () {
  'use strict';

  var ANNOUNCE_DELAY = 750; // ms of no typing before screen readers hear the count

  function length(value) {
    // Code points, one per line break: as the server counts (columns/widgets.py).
    return Array.from(value.replace(/\r\n/g, '\n')).length;
  }

  function format(template, count, limit) {
    return template.replace('%(count)s', count).replace('%(limit)s', limit);
  }

  function setUp(counter) {
    var field = document.getElementById(counter.dataset.charCounterFor);
    var status = document.getElementById(counter.dataset.charCounterStatus);
    if (!field || !status || counter.dataset.charCounterReady) {
      return;
    }
    counter.dataset.charCounterReady = 'true';
    var visible = counter.querySelector('[data-char-counter-count]');
    var over = counter.querySelector('[data-char-counter-over]');
    var limit = Number(counter.dataset.limit);
    var timer = null;

    function update(announce) {
      var count = length(field.value);
      var text = format(counter.dataset.format, count, limit);
      var isOver = count > limit;
      visible.textContent = text;
      over.hidden = !isOver;
      counter.classList.toggle('char-counter--over', isOver);
      var spoken = isOver ? text + ' ' + over.textContent : text;
      window.clearTimeout(timer);
      if (announce) {
        timer = window.setTimeout(function () {
          status.textContent = spoken;
        }, ANNOUNCE_DELAY);
      } else {
        status.textContent = spoken;
      }
    }

    field.addEventListener('input', function () {
      update(true);
    });
    // The browser may have restored an earlier value (back button): recount silently.
    update(false);
  }

  function init() {
    document.querySelectorAll('[data-char-counter]').forEach(setUp);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();

// DSR console: live updates over server-sent events, no framework.
// Every element marked data-live-refresh receives the htmx event "saga-changed" when a saga changes
// (data-request-id="<id>" narrows it to one saga); its hx-get / hx-trigger decide what to reload.
(function () {
  'use strict';

  function start() {
    if (!document.querySelector('[data-live-refresh]') || !window.EventSource) {
      return;
    }
    var indicator = document.querySelector('.live');
    var source = new EventSource('/ui/sagas/stream');
    source.onopen = function () {
      if (indicator) {
        indicator.classList.add('connected');
        indicator.textContent = 'Live';
      }
    };
    source.onerror = function () {
      if (indicator) {
        indicator.classList.remove('connected');
        indicator.textContent = 'Reconnecting…';
      }
    };
    source.addEventListener('saga', function (event) {
      var change;
      try {
        change = JSON.parse(event.data);
      } catch (ignored) {
        return;
      }
      document.querySelectorAll('[data-live-refresh]').forEach(function (el) {
        var only = el.getAttribute('data-request-id');
        if (!only || only === change.requestId) {
          htmx.trigger(el, 'saga-changed', change);
        }
      });
    });
    window.addEventListener('pagehide', function () { source.close(); });
  }

  // "Back" in a confirm step: close it without doing anything
  document.addEventListener('click', function (event) {
    var dismiss = event.target.closest('[data-dismiss="confirm"]');
    if (dismiss) {
      var box = dismiss.closest('.confirm');
      if (box) {
        box.remove();
      }
    }
  });

  // rows of sagas that just changed flash once after a live reload
  var changed = {};
  document.addEventListener('saga-changed', function (event) {
    if (event.detail && event.detail.requestId) {
      changed[event.detail.requestId] = true;
    }
  });
  document.addEventListener('htmx:afterSwap', function () {
    Object.keys(changed).forEach(function (id) {
      var row = document.getElementById('saga-' + id);
      if (row) {
        row.classList.add('flash');
      }
    });
    changed = {};
  });

  document.addEventListener('DOMContentLoaded', start);
})();

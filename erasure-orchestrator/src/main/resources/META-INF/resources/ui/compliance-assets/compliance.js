// Compliance console: small behaviours, no framework (htmx evaluates no inline code: allowEval is off).
(function () {
  'use strict';

  // The identifier form: clear the value once the look-up answered, so it does not stay on screen.
  document.addEventListener('htmx:afterRequest', function (event) {
    var form = event.target.closest && event.target.closest('form[data-reset-after-request]');
    if (form) {
      form.querySelectorAll('input[type=text]').forEach(function (input) { input.value = ''; });
    }
  });

  // The letter: a print button, and placeholders the controller fills in by typing into the page. What is typed
  // stays in the browser: it is never sent to the server.
  document.addEventListener('click', function (event) {
    if (event.target.closest && event.target.closest('[data-print]')) {
      event.preventDefault();
      window.print();
    }
  });
  document.addEventListener('input', function (event) {
    var field = event.target.closest && event.target.closest('[data-placeholder]');
    if (field) {
      field.classList.toggle('filled', field.textContent.trim() !== '');
    }
  });
})();

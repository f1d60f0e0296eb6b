// chibo's only script of its own, and optional: every page works without it. It marks the page as scripted (to show
// the file picker of the member import), fills a textarea from a chosen file, moves the focus to an error summary
// when htmx swaps one in (so screen-reader users hear what went wrong), and folds the menu on a phone.
(function () {
  document.documentElement.classList.add('js');

  function focusErrors(root) {
    var summary = (root || document).querySelector('#error-summary');
    if (summary) summary.focus();
  }

  document.addEventListener('DOMContentLoaded', function () {
    focusErrors(document);
    document.querySelectorAll('input[type=file][data-fills]').forEach(function (input) {
      input.addEventListener('change', function () {
        var file = input.files && input.files[0];
        var target = document.getElementById(input.getAttribute('data-fills'));
        if (!file || !target) return;
        file.text().then(function (text) { target.value = text.replace(/^\uFEFF/, ''); });
      });
    });
  });

  document.addEventListener('htmx:afterSwap', function (event) { focusErrors(event.target); });

  // The menu on a phone: folded behind its button (the stylesheet shows it unfolded on wider screens).
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest ? event.target.closest('.menu-toggle') : null;
    if (!button) return;
    var menu = document.getElementById(button.getAttribute('aria-controls'));
    if (!menu) return;
    var open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    menu.classList.toggle('open', open);
  });
})();

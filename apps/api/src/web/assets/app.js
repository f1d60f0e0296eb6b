// chibo's only script of its own, and optional: every page works without it. It marks the page as scripted (to show
// the file picker of the member import), fills a textarea from a chosen file, and moves the focus to an error summary
// when htmx swaps one in (so screen-reader users hear what went wrong).
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

  // The roll call: unticking "present" reveals the absence fields of that member.
  document.addEventListener('change', function (event) {
    var box = event.target;
    if (!box || box.name !== 'present') return;
    var row = box.closest('.roll-row');
    if (row) row.classList.toggle('absent', !box.checked);
  });
})();

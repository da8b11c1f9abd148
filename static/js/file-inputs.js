/* File inputs: the browser's own button speaks the browser's language
   ("Choose File" on an Arabic page). The field shows a label in the user's
   language instead (templates/partials/field.html); this writes the chosen
   file's name beside it. Without script the label still opens the picker. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") { return; }
    var field = input.closest("[data-kind=file]");
    var name = field && field.querySelector("[data-file-name]");
    if (!name) { return; }
    var names = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    name.textContent = names.length ? names.join(", ") : name.getAttribute("data-empty");
  });
})();

/* Field forms keep a draft in the browser (localStorage) while the agent
   types, so that a dropped connection loses nothing; the banner says the draft
   is not yet saved in Suivi. Offline, submitting waits for the connection to
   return. The page confirming the saved record clears the draft. The hidden
   one-time token is part of the draft: resending it cannot create a second
   record.
   Privacy: a draft is keyed per user (the form's data-draft names the user),
   never holds the fields listed in data-draft-exclude (phone and document
   number: the database encrypts them, a phone's storage would not), and
   signing out clears every draft on the device. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft]");
  if (!form || !window.localStorage) { return; }
  var key = "suivi-draft:" + form.getAttribute("data-draft");
  var excluded = (form.getAttribute("data-draft-exclude") || "").split(/\s+/);
  var banner = document.querySelector("[data-draft-banner]");
  var hasErrors = form.querySelector(".field-error, .errors");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit" &&
        excluded.indexOf(el.name) === -1;
    });
  }
  function save() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } }
      else if (el.type === "checkbox") { data[el.name] = el.checked; }
      else { data[el.name] = el.value; }
    });
    localStorage.setItem(key, JSON.stringify(data));
    if (banner) { banner.hidden = false; }
  }
  function restore() {
    var raw = localStorage.getItem(key);
    if (!raw || hasErrors) { return; }
    var data = JSON.parse(raw);
    fields().forEach(function (el) {
      if (!(el.name in data)) { return; }
      if (el.type === "radio") { el.checked = el.value === data[el.name]; }
      else if (el.type === "checkbox") { el.checked = !!data[el.name]; }
      else { el.value = data[el.name]; }
    });
    if (banner) { banner.hidden = false; }
  }
  restore();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", function (event) {
    if (!navigator.onLine) {
      event.preventDefault();  // keep the draft; send when the connection returns
      save();
      window.addEventListener("online", function () { form.submit(); }, { once: true });
    }
  });
}());

/* A page that confirms a saved record clears the matching draft. */
(function () {
  "use strict";
  if (!window.localStorage) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-draft-saved]"), function (el) {
    localStorage.removeItem("suivi-draft:" + el.getAttribute("data-draft-saved"));
  });
}());

/* Signing out clears every draft kept on this device, whoever's it was. */
(function () {
  "use strict";
  if (!window.localStorage) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-drafts-clear]"), function (form) {
    form.addEventListener("submit", function () {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var name = localStorage.key(i);
        if (name && name.indexOf("suivi-draft:") === 0) { localStorage.removeItem(name); }
      }
    });
  });
}());

/* The home page says when a draft waits on this device to be sent. */
(function () {
  "use strict";
  if (!window.localStorage) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-draft-waiting]"), function (el) {
    if (localStorage.getItem("suivi-draft:" + el.getAttribute("data-draft-waiting"))) {
      el.hidden = false;
    }
  });
}());

// Sign-up: show only the part of the form for the chosen role (the form works without it).
(function () {
  "use strict";
  var form = document.querySelector("form[action$='/signup/']");
  if (!form) return;
  var parts = form.querySelectorAll("fieldset[data-role]");
  function update() {
    var checked = form.querySelector("input[name='role']:checked");
    var role = checked ? checked.value : "worker";
    parts.forEach(function (part) { part.hidden = part.getAttribute("data-role") !== role; });
  }
  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "role") update();
  });
  update();
})();

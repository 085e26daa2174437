/* "Leave this page quickly": replace this page in the history with a neutral site, so that
 * the Back button does not return here. Also on pressing Escape twice within a second.
 * Without JavaScript the button is a plain link to the same address (rel="noreferrer"). */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    var target = link.getAttribute("href");
    document.title = "";
    document.body.style.visibility = "hidden";
    window.location.replace(target);
  }
  link.addEventListener("click", leave);
  var last = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    var now = Date.now();
    if (now - last < 1000) leave(event);
    last = now;
  });
})();

/* Progressive enhancement for search-as-you-type. Every page works without this file.
 *
 * <form method="get" data-live="#results"> ... <input name="q"> ... </form>
 * <div id="results">...server-rendered results...</div>
 *
 * While the person types, the form is submitted in the background with `partial=1`
 * added; the view answers with the results fragment only, which replaces #results.
 */
(function () {
  "use strict";
  function enhance(form) {
    var target = document.querySelector(form.getAttribute("data-live"));
    if (!target) return;
    var timer = null;
    var last = "";
    var controller = null;
    function refresh() {
      var params = new URLSearchParams(new FormData(form));
      params.set("partial", "1");
      var query = params.toString();
      if (query === last) return;
      last = query;
      if (controller) controller.abort();
      controller = new AbortController();
      fetch((form.getAttribute("action") || window.location.pathname) + "?" + query, {
        headers: { "X-Requested-With": "fetch" },
        signal: controller.signal,
        credentials: "same-origin",
      })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { target.innerHTML = html; })
        .catch(function () { /* keep the last results; the submit button still works */ });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 180);
    });
  }
  document.querySelectorAll("form[data-live]").forEach(enhance);
})();

/* Occupation suggestions while the employer types the job title (progressive
 * enhancement: without this file the "Suggest occupation" button does the same).
 * Same pattern as kazi/live.js: fetch the server-rendered fragment and swap it in. */
(function () {
  "use strict";
  var box = document.getElementById("occupation-suggestions");
  var title = document.getElementById("id_title");
  if (!box || !title) return;
  var url = box.getAttribute("data-suggest-url");
  var timer = null;
  var last = "";
  var controller = null;
  function selected() {
    var checked = box.querySelector('input[name="occupation"]:checked');
    return checked ? checked.value : "";
  }
  function refresh() {
    var params = new URLSearchParams({ q: title.value, selected: selected(), partial: "1" });
    var query = params.toString();
    if (query === last) return;
    last = query;
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(url + "?" + query, {
      headers: { "X-Requested-With": "fetch" },
      signal: controller.signal,
      credentials: "same-origin",
    })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { box.innerHTML = html; })
      .catch(function () { /* keep the last suggestions; the button still works */ });
  }
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
})();

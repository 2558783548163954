// Likely duplicates while the title is typed. The page works without it: "Preview" shows the
// same list from the server.
(function () {
  "use strict";
  var form = document.querySelector(".ask-form");
  if (!form) { return; }
  var title = form.querySelector("input[name=title]");
  var box = document.getElementById("duplicates");
  var url = form.getAttribute("data-similar-url");
  if (!title || !box || !url) { return; }
  var timer = null;
  var last = "";
  function lookup() {
    var value = title.value.trim();
    if (value === last) { return; }
    last = value;
    if (value.length < 8) { box.innerHTML = ""; return; }
    fetch(url + "?title=" + encodeURIComponent(value), {
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && title.value.trim() === value) { box.innerHTML = data.html; }
      })
      .catch(function () { /* suggestions are a convenience; asking still works */ });
  }
  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 300);
  });
})();

// Suggestions under the search box as the visitor types (no library, no CDN).
(function () {
  const box = document.querySelector("[data-suggest-url]");
  if (!box) return;
  const list = document.getElementById(box.getAttribute("list"));
  let timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    const typed = box.value.trim();
    if (typed.length < 2) return;
    timer = setTimeout(function () {
      fetch(box.dataset.suggestUrl + "?q=" + encodeURIComponent(typed))
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (titles) {
          list.replaceChildren(...titles.map(function (title) {
            const option = document.createElement("option");
            option.value = title;
            return option;
          }));
        })
        .catch(function () {});
    }, 200);
  });
})();

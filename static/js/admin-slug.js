// Page slugs in plain ASCII, as the server stores them (cms.slugs): “Tọa đàm” → “toa-dam”,
// shown in the slug field as soon as the title or the slug is left, so the editor sees the
// address the page will have.
(function () {
  function fold(value) {
    return value
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/-{2,}/g, "-")
      .replace(/^-|-$/g, "");
  }
  function foldSlug() {
    const slug = document.getElementById("id_slug");
    if (slug && slug.value) slug.value = fold(slug.value);
  }
  // Wagtail copies the title into the slug a moment after each keystroke (its w-sync debounce).
  const AFTER_WAGTAIL = 300;
  ["input", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.id === "id_title") setTimeout(foldSlug, AFTER_WAGTAIL);
      if (event.target.id === "id_slug" && type === "focusout") foldSlug();
    });
  });
  document.addEventListener("submit", foldSlug, true);
})();

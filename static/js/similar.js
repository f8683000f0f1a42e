// The proposal form's “similar existing work” panel: while the lecturer types the title, keywords
// or objectives, the panel asks the server (debounced, one request at a time) for the similar
// work and shows the fragment it returns. Without JavaScript the panel's button submits the
// form, and the server answers with the same list beside the form as typed.
(() => {
  const panel = document.querySelector("[data-similar-url]");
  if (!panel) return;
  const form = panel.closest("form");
  const results = panel.querySelector("[data-similar-results]");
  const fields = ["title", "keyword_list", "objectives"]
    .map((name) => form.elements.namedItem(name))
    .filter(Boolean);
  const WAIT = 700; // ms after the last key
  const LIMITS = { title: 500, keyword_list: 1000, objectives: 3000 };
  let timer = null;
  let pending = null;
  let last = "";

  const query = () => {
    const params = new URLSearchParams();
    fields.forEach((field) => params.set(field.name, field.value.slice(0, LIMITS[field.name])));
    if (panel.dataset.similarProposal) params.set("proposal", panel.dataset.similarProposal);
    return params.toString();
  };

  const ask = async () => {
    const params = query();
    const typed = fields.map((field) => field.value.trim()).join("");
    if (params === last || typed.length < 8) return;
    last = params;
    if (pending) pending.abort();
    pending = new AbortController();
    panel.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(`${panel.dataset.similarUrl}?${params}`, {
        credentials: "same-origin",
        signal: pending.signal,
      });
      if (response.ok) results.innerHTML = await response.text();
    } catch (error) {
      if (error.name !== "AbortError") last = ""; // try again on the next key
    } finally {
      panel.removeAttribute("aria-busy");
    }
  };

  fields.forEach((field) =>
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT);
    }),
  );
  if (!results.children.length) ask();
})();

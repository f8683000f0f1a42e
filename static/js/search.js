// The search box's suggestions: an ARIA 1.2 combobox with a listbox popup (no library, no CDN).
// It shows what the server suggests as it comes — titles holding the typed words in sequence,
// best first, each with its type — never filtering them again by the typed text.
// Every search box that asks for them: the header's, the home page's and the search page's.
document.querySelectorAll("[data-suggest-url]").forEach(function (input) {
  const list = document.getElementById(input.getAttribute("aria-controls"));
  const status = input.parentElement.querySelector("[data-suggest-status]");
  let items = [], active = -1, timer = null, asked = 0, controller = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(index) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, position) {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    active = index;
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  function open(suggestions) {
    items = suggestions;
    list.replaceChildren(...suggestions.map(function (item, index) {
      const option = document.createElement("li");
      option.id = list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      const title = document.createElement("span");
      title.textContent = item.title;
      const type = document.createElement("span");
      type.className = "combobox__type";
      type.textContent = item.type_label;
      option.append(title, " ", type);
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { go(index); });
      return option;
    }));
    status.textContent = suggestions.length
      ? input.dataset.statusMany.replace("{count}", suggestions.length)
      : input.dataset.statusNone;
    if (!suggestions.length) return close();
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    choose(-1);
  }

  function go(index) {
    if (items[index]) window.location.assign(items[index].url);
  }

  function ask() {
    const typed = input.value.trim();
    if (typed.length < 2) return close();
    const number = ++asked;
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(typed), { signal: controller.signal })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (suggestions) { if (number === asked) open(suggestions); })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (event) {
    const count = list.querySelectorAll("[role=option]").length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) return;
      event.preventDefault();
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      const step = event.key === "ArrowDown" ? 1 : -1;
      choose(active < 0 && step < 0 ? count - 1 : (active + step + count) % count);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      go(active);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      } else {
        input.value = "";
      }
    } else if (event.key === "Tab") {
      close();
    }
  });
  input.addEventListener("blur", close);
});

(function () {
  // Sorting applies at once where scripts run; the button stays for those without.
  document.querySelectorAll("[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
})();

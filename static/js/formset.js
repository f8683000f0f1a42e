// Lists that grow in the proposal form: add, remove and reorder rows in the page. Without
// JavaScript the same buttons submit the form: the server saves the draft and adds or moves.
document.querySelectorAll("[data-formset]").forEach((fieldset) => {
  const prefix = fieldset.dataset.formset;
  const rows = fieldset.querySelector("[data-rows]");
  const template = fieldset.querySelector("template[data-empty-row]");
  const total = fieldset.querySelector(`[name="${prefix}-TOTAL_FORMS"]`);

  // A new row nobody typed in stays as it came, so that the server skips it: its order is only
  // set once something in it differs from what the page rendered.
  const untouched = (row) =>
    [...row.querySelectorAll("input, select, textarea")].every((field) => {
      if (field.name.endsWith("-ORDER") || field.type === "hidden") return true;
      if (field.type === "checkbox" || field.type === "radio") return field.checked === field.defaultChecked;
      if (field.tagName === "SELECT") return [...field.options].every((option) => option.selected === option.defaultSelected);
      return field.value === field.defaultValue;
    });

  const renumber = () => {
    rows.querySelectorAll("[data-row]").forEach((row, index) => {
      const order = row.querySelector(`[name$="-ORDER"]`);
      const fresh = !row.querySelector(`[name$="-id"]`)?.value;
      if (order) order.value = fresh && untouched(row) ? order.defaultValue : index + 1;
    });
  };
  fieldset.closest("form").addEventListener("submit", renumber);

  const wire = (row) => {
    row.querySelectorAll("[data-move]").forEach((button) => {
      button.hidden = false;
      button.type = "button";
      button.addEventListener("click", () => {
        const sibling = button.dataset.move === "up" ? row.previousElementSibling : row.nextElementSibling;
        if (!sibling) return;
        if (button.dataset.move === "up") rows.insertBefore(row, sibling);
        else rows.insertBefore(sibling, row);
        renumber();
        button.focus();
      });
    });
    const remove = row.querySelector(`[name$="-DELETE"]`);
    if (remove) {
      const label = remove.closest("label");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button button--small button--danger";
      button.textContent = label.textContent.trim();
      button.addEventListener("click", () => {
        remove.checked = true;
        row.hidden = true;
        renumber();
      });
      label.hidden = true;
      label.after(button);
    }
  };

  rows.querySelectorAll("[data-row]").forEach(wire);
  fieldset.querySelector("[data-add-row]").addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number(total.value);
    const holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replaceAll("__prefix__", index);
    const row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = index + 1;
    wire(row);
    renumber();
    row.querySelector("input, select, textarea")?.focus();
  });
  renumber();
});

// Live total of a score sheet: points over the maximum of the criteria that apply.
document.querySelectorAll("[data-score-sheet]").forEach((sheet) => {
  const output = sheet.querySelector("[data-total]");
  const maxCell = sheet.querySelector("[data-max-total]");
  const update = () => {
    let points = 0;
    let maximum = 0;
    sheet.querySelectorAll("tbody tr").forEach((row) => {
      const input = row.querySelector(".score-points");
      const na = row.querySelector(".score-na");
      if (na && na.checked) {
        input.disabled = true;
        return;
      }
      input.disabled = false;
      maximum += Number(input.dataset.max);
      points += Number(input.value || 0);
    });
    maxCell.textContent = maximum;
    output.textContent = `${points} / ${maximum}`;
  };
  sheet.addEventListener("input", update);
  update();
});

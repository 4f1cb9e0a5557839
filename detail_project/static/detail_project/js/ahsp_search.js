// The pekerjaan form's AHSP field: as the planner types a kode or words, the catalogue's
// matches fill the field's <datalist> (the browser shows them as suggestions). While an
// analysis is chosen, the typed unit price is not used: the field says so and is read-only.
"use strict";

(() => {
  const input = document.querySelector("input[data-ahsp-search]");
  const options = document.getElementById("ahsp-options");
  if (!input || !options) return;
  const price = document.querySelector("input[name=harga_satuan]");
  const url = input.dataset.ahspSearch;
  const DELAY_MS = 150; // one request per pause in typing, not per key
  let pending = null;
  let asked = "";

  async function search(query) {
    asked = query;
    try {
      const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok || query !== asked) return;
      const body = await response.json();
      options.replaceChildren(
        ...body.results.map((row) => {
          const option = document.createElement("option");
          option.value = row.kode;
          option.label = `${row.nama} (${row.satuan})`;
          return option;
        }),
      );
      options.dataset.query = query;
    } catch {
      // Suggestions only help; typing a kode still works without them.
    }
  }

  function followLink() {
    if (!price) return;
    const linked = input.value.trim() !== "";
    price.readOnly = linked;
    price.classList.toggle("bg-body-tertiary", linked);
    price.title = linked ? gettext("Derived from the AHSP analysis and the harga dasar.") : "";
  }

  input.addEventListener("input", () => {
    clearTimeout(pending);
    const query = input.value.trim();
    followLink();
    if (query.length < 2) return;
    pending = setTimeout(() => search(query), DELAY_MS);
  });
  followLink();
})();

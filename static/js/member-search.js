// The member pickers (hongjun.forms.MemberSearch): Tom Select over a <select> that holds
// only the chosen members; the others are found on the server as the user types a name or
// an employee number. The search stays within the branch chosen in the form's
// `data-branch-field` select, if there is one.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-member-search]").forEach((select) => {
    const url = select.dataset.memberSearch;
    const branchName = select.dataset.branchField;
    const branch = branchName ? select.form.elements.namedItem(branchName) : null;
    const picker = new TomSelect(select, {
      valueField: "id",
      labelField: "text",
      searchField: ["text", "hint"],
      maxOptions: 20,
      loadThrottle: 250,
      placeholder: select.dataset.placeholder,
      plugins: select.multiple ? ["remove_button"] : [],
      shouldLoad: (query) => query.trim().length > 0,
      load(query, callback) {
        const params = new URLSearchParams({ q: query });
        if (branch && branch.value) params.set("branch", branch.value);
        fetch(`${url}?${params}`, { headers: { Accept: "application/json" } })
          .then((response) => (response.ok ? response.json() : { results: [] }))
          .then((data) => callback(data.results))
          .catch(() => callback());
      },
      render: {
        option: (item, escape) =>
          `<div>${escape(item.text)}${item.hint ? ` <small class="text-muted">${escape(item.hint)}</small>` : ""}</div>`,
        no_results: (data, escape) => `<div class="no-results">${escape(select.dataset.noResults)}</div>`,
      },
    });
    if (branch) {
      // Another branch: what was found or chosen in the last one no longer applies.
      branch.addEventListener("change", () => {
        picker.clear();
        picker.clearOptions();
        picker.loadedSearches = {};
      });
    }
  });
});

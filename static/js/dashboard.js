// The dashboard: charts drawn from the JSON the page carries (every chart has its table on
// the page, which reads without this file), the print button, the weights' running total
// and the company workbook's progress.
(() => {
  const PALETTE = ["#c8102e", "#1f9d55", "#1d4fa8", "#e07b00", "#6a2c91", "#0f8b8d",
    "#8a4b00", "#d63384", "#495057", "#20c997", "#ffc107", "#6610f2", "#adb5bd"];
  const THEME_COLOURS = ["#e07b00", "#1f9d55", "#1d4fa8", "#6a2c91"];

  function goTo(links) {
    return (event, elements) => {
      if (!elements.length) return;
      const { datasetIndex, index } = elements[0];
      const url = links[datasetIndex] && links[datasetIndex][index];
      if (url) window.location.href = url;
    };
  }

  function pointer(event, elements) {
    event.native.target.style.cursor = elements.length ? "pointer" : "default";
  }

  function config(spec) {
    const horizontal = Boolean(spec.horizontal);
    const valueAxis = horizontal ? "x" : "y";
    const base = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      onHover: pointer,
      plugins: { legend: { display: false } },
    };
    if (spec.type === "bar") {
      const scales = { [valueAxis]: { beginAtZero: true } };
      if (spec.max) scales[valueAxis].max = spec.max;
      if (horizontal) scales.y = { ticks: { autoSkip: false } };  // every name, none skipped
      return {
        type: "bar",
        data: { labels: spec.labels, datasets: [{ label: spec.title, data: spec.data, backgroundColor: PALETTE[0] }] },
        options: { ...base, indexAxis: horizontal ? "y" : "x", scales, onClick: goTo([spec.links]) },
      };
    }
    if (spec.type === "stacked") {
      const scales = { x: { stacked: true }, y: { stacked: true } };
      scales[valueAxis].beginAtZero = true;
      if (spec.max) scales[valueAxis].max = spec.max;
      if (horizontal) scales.y.ticks = { autoSkip: false };
      return {
        type: "bar",
        data: {
          labels: spec.labels,
          datasets: spec.datasets.map((d, i) => ({ label: d.label, data: d.data, backgroundColor: PALETTE[i % PALETTE.length] })),
        },
        options: {
          ...base,
          indexAxis: horizontal ? "y" : "x",
          scales,
          plugins: { legend: { display: true, position: "bottom", labels: { boxWidth: 12 } } },
          onClick: goTo(spec.datasets.map((d) => d.links)),
        },
      };
    }
    if (spec.type === "grouped") {
      return {
        type: "bar",
        data: {
          labels: spec.labels,
          datasets: spec.datasets.map((d, i) => ({ label: d.label, data: d.data, backgroundColor: ["#e07b00", PALETTE[0]][i % 2] })),
        },
        options: {
          ...base,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { display: true, position: "bottom" } },
          onClick: goTo(spec.datasets.map((d) => d.links)),
        },
      };
    }
    if (spec.type === "doughnut") {
      return {
        type: "doughnut",
        data: { labels: spec.labels, datasets: [{ data: spec.data, backgroundColor: THEME_COLOURS }] },
        options: { ...base, plugins: { legend: { display: true, position: "right" } }, onClick: goTo([spec.links]) },
      };
    }
    if (spec.type === "line") {
      return {
        type: "line",
        data: {
          labels: spec.labels,
          datasets: [
            { label: spec.title, data: spec.data, borderColor: PALETTE[1], backgroundColor: PALETTE[1], spanGaps: true, tension: 0.2 },
            { label: spec.target_label, data: spec.labels.map(() => spec.target), borderColor: PALETTE[0], borderDash: [6, 4], pointRadius: 0 },
          ],
        },
        options: {
          ...base,
          scales: { y: { beginAtZero: true, suggestedMax: 50 } },
          plugins: { legend: { display: true, position: "bottom" } },
        },
      };
    }
    if (spec.type === "gauge") {
      const value = spec.value === null ? 0 : spec.value;
      return {
        type: "doughnut",
        data: {
          labels: spec.labels,
          datasets: [{ data: [value, Math.max(100 - value, 0)], backgroundColor: [value >= spec.target ? PALETTE[1] : "#e07b00", "#e9ecef"] }],
        },
        options: { ...base, rotation: -90, circumference: 180, cutout: "65%" },
      };
    }
    return null;
  }

  function drawCharts() {
    const source = document.getElementById("dashboard-charts");
    if (!source || typeof Chart === "undefined") return;
    const specs = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const spec = specs[canvas.dataset.chart];
      // A bar per branch: the box grows with the bars (portal.css sizes .chart-box-bars
      // from --bars, on screen and in print), and no name is ever skipped.
      if (spec && spec.horizontal) {
        canvas.parentNode.classList.add("chart-box-bars");
        canvas.parentNode.style.setProperty("--bars", String(spec.labels.length));
      }
      const made = spec && config(spec);
      if (made) new Chart(canvas, made);
    });
    // The page is laid out again for paper: redraw each chart at its printed size, and
    // back on screen afterwards (Chart.js does not follow the print layout by itself).
    const resizeAll = () => Object.values(Chart.instances).forEach((chart) => chart.resize());
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
  }

  function weightsTotal() {
    const form = document.querySelector("form[data-weights]");
    if (!form) return;
    const out = form.querySelector("[data-weights-total]");
    const update = () => {
      let total = 0;
      form.querySelectorAll("input.weight-input").forEach((input) => { total += Number(input.value) || 0; });
      out.textContent = String(total);
      out.classList.toggle("text-danger", total !== 100);
      out.classList.toggle("text-green", total === 100);
    };
    form.addEventListener("input", update);
    update();
  }

  function pollExport() {
    const card = document.querySelector("[data-export-status]");
    if (!card) return;
    const url = card.dataset.exportStatus;
    const show = (status) => {
      card.querySelector("[data-export-state]").textContent = status.state_label;
      card.querySelector("[data-export-progress]").value = status.progress;
      card.querySelector("[data-export-percent]").textContent = String(status.progress);
      const error = card.querySelector("[data-export-error]");
      error.textContent = status.error;
      error.classList.toggle("d-none", !status.error);
      const download = card.querySelector("[data-export-download]");
      if (status.download) download.href = status.download;
      download.classList.toggle("d-none", !status.download);
      card.querySelector("[data-export-refresh]").classList.toggle("d-none", status.finished);
    };
    const tick = () => {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((status) => {
          show(status);
          if (!status.finished) setTimeout(tick, 1500);
        })
        .catch(() => setTimeout(tick, 5000));
    };
    tick();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
    drawCharts();
    weightsTotal();
    pollExport();
  });
})();

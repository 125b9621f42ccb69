// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Submit a <select> on change where the form asks for it (language switch, filters).
  document.querySelectorAll("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
  // A .table-stack reads as cards on a phone (portal.css): each body and footer cell gets
  // its column's heading as data-label. Two heading rows (a group over its columns) read
  // "group · column"; a cell that spans columns keeps no label.
  document.querySelectorAll("table.table-stack").forEach(labelCells);
});

function labelCells(table) {
  // Lay the heading rows out on a grid (rowspan and colspan spread), then join each
  // column's distinct texts from top to bottom.
  const grid = [];
  Array.from(table.tHead ? table.tHead.rows : []).forEach((row, r) => {
    grid[r] = grid[r] || [];
    let column = 0;
    for (const cell of row.cells) {
      while (grid[r][column] !== undefined) column += 1;
      const text = cell.textContent.replace(/\s+/g, " ").trim();
      for (let down = 0; down < cell.rowSpan; down += 1) {
        grid[r + down] = grid[r + down] || [];
        for (let across = 0; across < cell.colSpan; across += 1) grid[r + down][column + across] = text;
      }
      column += cell.colSpan;
    }
  });
  const label = (column) => [...new Set(grid.map((row) => row[column]).filter(Boolean))].join(" · ");
  for (const body of [...table.tBodies, table.tFoot].filter(Boolean)) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        if (cell.colSpan === 1 && !cell.hasAttribute("data-label") && label(column)) {
          cell.dataset.label = label(column);
        }
        column += cell.colSpan;
      }
    }
  }
}

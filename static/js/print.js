// The 会议记录 page's 打印 button: the browser's print dialog (the page itself is the A4 sheet).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

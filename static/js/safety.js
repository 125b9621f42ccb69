// Safety pages: one tap signs once.
document.addEventListener("DOMContentLoaded", () => {
  // A double tap must not send the pledge twice (the server refuses a second one anyway).
  document.querySelectorAll("form[data-sign-once]").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((b) => {
        // Disable after this event, so the button's own submission still goes out.
        setTimeout(() => { b.disabled = true; }, 0);
      });
    });
  });
});

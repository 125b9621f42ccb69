// The activity form: show only what applies. The form works without this file.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("activity-form");
  if (!form) return;

  // The first agenda item: what was studied, only when it was held.
  const firstTopic = form.querySelector("input[name=first_topic]");
  const firstTopicText = document.getElementById("first-topic-text");
  const syncFirstTopic = () => firstTopicText.classList.toggle("d-none", !firstTopic.checked);
  if (firstTopic && firstTopicText) {
    firstTopic.addEventListener("change", syncFirstTopic);
    syncFirstTopic();
  }

  // A branch committee meeting expects its committee members only: the server lists them
  // when the page is asked for that kind (?kind=committee_meeting), so a change of kind
  // that needs the other roster reloads the form (without this, saving says so).
  const kind = form.querySelector("select[name=kind]");
  if (kind) {
    kind.addEventListener("change", () => {
      const wanted = kind.value === "committee_meeting" ? "committee" : "branch";
      if (wanted === form.dataset.roster) return;
      const url = new URL(window.location.href);
      url.searchParams.set("kind", kind.value);
      window.location.assign(url);
    });
  }

  // A planned activity has no attendance yet.
  const attendance = document.getElementById("attendance-card");
  const statusInputs = form.querySelectorAll("input[name=status]");
  const syncStatus = () => {
    const planned = form.querySelector("input[name=status]:checked")?.value === "planned";
    attendance.classList.toggle("d-none", planned);
  };
  statusInputs.forEach((el) => el.addEventListener("change", syncStatus));
  if (attendance) syncStatus();

  // A party group meeting lists only that group's members.
  const group = form.querySelector("select[name=party_group]");
  const syncGroup = () => {
    form.querySelectorAll(".attendance-row").forEach((row) => {
      row.classList.toggle("d-none", group.value !== "" && row.dataset.group !== group.value);
    });
  };
  if (group) {
    group.addEventListener("change", syncGroup);
    syncGroup();
  }

  // The reason box matters only for leave or absence.
  form.querySelectorAll(".attendance-row").forEach((row) => {
    const reason = row.querySelector(".attendance-reason");
    const sync = () => {
      const value = row.querySelector("input[type=radio]:checked")?.value;
      reason.classList.toggle("d-none", value === "present" && !reason.querySelector(".is-invalid"));
    };
    row.querySelectorAll("input[type=radio]").forEach((el) => el.addEventListener("change", sync));
    sync();
  });
});

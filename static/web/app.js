// Small progressive enhancements; every page works without them.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// The agent overview's created-vs-resolved chart, fed by a json_script block.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("created-resolved-chart");
  const source = document.getElementById("created-resolved-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Created", data: data.created, backgroundColor: "#0d6efd" },
        { label: "Resolved", data: data.resolved, backgroundColor: "#198754" },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
});

// An agent's reply form shows clearly when it will post an internal note, not a reply the
// customer reads: the box turns note-coloured and the button says so.
document.addEventListener("change", (event) => {
  if (event.target.id !== "id_is_internal") {
    return;
  }
  const form = event.target.form;
  const button = form.querySelector("[data-reply-label]");
  form.classList.toggle("is-note", event.target.checked);
  if (button) {
    button.lastChild.textContent = event.target.checked
      ? ` ${button.dataset.noteLabel}`
      : ` ${button.dataset.replyLabel}`;
  }
});

// Ctrl+Enter (⌘+Enter on a Mac) in a text box sends its form, as the form's own button does.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) {
    return;
  }
  const field = event.target;
  if (field.tagName !== "TEXTAREA" || !field.form) {
    return;
  }
  event.preventDefault();
  const button = field.form.querySelector("button[type=submit], input[type=submit]");
  field.form.requestSubmit(button || undefined);
});

// A link to a message inside a folded part of the thread opens the fold.
const openFoldedTarget = () => {
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  const fold = target && target.closest("details");
  if (fold && !fold.open) {
    fold.open = true;
    target.scrollIntoView();
  }
};
window.addEventListener("hashchange", openFoldedTarget);
document.addEventListener("DOMContentLoaded", openFoldedTarget);

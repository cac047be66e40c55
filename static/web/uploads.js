// Checks the files chosen in an attachments input against the server's limits (rendered
// as data attributes by forms.AttachmentsInput) before anything is sent: a file too large,
// of a type not accepted, or one too many is named at once and the form is not submitted.
// The server checks again; this only spares sending a file that would be refused.
(() => {
  const SELECTOR = "input[type=file][data-upload-limits]";

  const extensionOf = (name) => {
    const dot = name.lastIndexOf(".");
    return dot > 0 ? name.slice(dot).toLowerCase() : "";
  };

  const problemsOf = (input) => {
    const maxBytes = Number(input.dataset.maxBytes);
    const maxFiles = Number(input.dataset.maxFiles);
    const extensions = input.dataset.extensions.split(",");
    const problems = [];
    for (const file of input.files) {
      if (file.size > maxBytes) {
        problems.push(
          `“${file.name}” is too large: at most ${input.dataset.maxSize} per file.`,
        );
      } else if (!extensions.includes(extensionOf(file.name))) {
        problems.push(
          `“${file.name}” is not a type of file we accept (${extensions.join(", ")}).`,
        );
      } else if (file.size === 0) {
        problems.push(`“${file.name}” is empty.`);
      }
    }
    const kept = input.form
      ? input.form.querySelectorAll("input[name=kept_uploads]:checked").length
      : 0;
    if (input.files.length + kept > maxFiles) {
      problems.push(`At most ${maxFiles} files per message.`);
    }
    return problems;
  };

  const show = (input, problems) => {
    const box = document.getElementById(`${input.id}_problems`);
    input.classList.toggle("is-invalid", problems.length > 0);
    if (!box) {
      return;
    }
    box.replaceChildren(
      ...problems.map((text) => {
        const line = document.createElement("div");
        line.textContent = text;
        return line;
      }),
    );
    box.classList.toggle("invalid-feedback", problems.length > 0);
    box.classList.toggle("d-block", problems.length > 0);
  };

  document.addEventListener("change", (event) => {
    const input = event.target.closest ? event.target : null;
    if (input && input.matches(SELECTOR)) {
      show(input, problemsOf(input));
    } else if (input && input.name === "kept_uploads" && input.form) {
      input.form.querySelectorAll(SELECTOR).forEach((files) => show(files, problemsOf(files)));
    }
  });

  // Capture phase: refuse before any other submit handler (a confirm dialog) runs.
  document.addEventListener(
    "submit",
    (event) => {
      const inputs = event.target.querySelectorAll(SELECTOR);
      for (const input of inputs) {
        const problems = problemsOf(input);
        show(input, problems);
        if (problems.length) {
          event.preventDefault();
          event.stopImmediatePropagation();
          input.focus();
          return;
        }
      }
    },
    true,
  );
})();

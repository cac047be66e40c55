// Keyboard shortcuts for agents, on the queue and on a ticket's page. Each key also has a
// visible control, so every page works without this file. Keys never fire while typing in
// a field (Ctrl+Enter, which sends, lives in app.js).
(() => {
  const QUEUE_STORE = "helpdesk:queue";
  const queueLinks = () => [...document.querySelectorAll(".ticket-table tbody a.subject-link")];
  const ticketPage = document.querySelector("[data-ticket-page]");

  const isTyping = (element) =>
    element &&
    (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));

  // The help overlay: a native modal dialog (focus moves in, Esc closes, focus comes back).
  const HELP = [
    ["Queue", [["j or ↓", "Next ticket"], ["k or ↑", "Previous ticket"], ["Enter or o", "Open the highlighted ticket"]]],
    [
      "Ticket",
      [
        ["r", "Write a reply"],
        ["n", "Write an internal note"],
        ["] or j", "Next ticket of the queue"],
        ["[ or k", "Previous ticket of the queue"],
        ["Ctrl+Enter or ⌘+Enter", "Send what you are writing"],
      ],
    ],
    ["Anywhere", [["?", "Show these shortcuts"], ["Esc", "Close this list"]]],
  ];
  let help = null;
  let returnFocus = null;
  const buildHelp = () => {
    const dialog = document.createElement("dialog");
    dialog.id = "shortcuts-help";
    dialog.className = "shortcuts-help";
    dialog.setAttribute("aria-labelledby", "shortcuts-help-title");
    const title = document.createElement("h2");
    title.id = "shortcuts-help-title";
    title.className = "h5";
    title.textContent = "Keyboard shortcuts";
    dialog.append(title);
    HELP.forEach(([section, keys]) => {
      const heading = document.createElement("h3");
      heading.className = "h6 mt-3";
      heading.textContent = section;
      const list = document.createElement("dl");
      list.className = "shortcut-list";
      keys.forEach(([key, what]) => {
        const term = document.createElement("dt");
        key.split(" or ").forEach((part, index) => {
          if (index) {
            term.append(" or ");
          }
          const kbd = document.createElement("kbd");
          kbd.textContent = part;
          term.append(kbd);
        });
        const description = document.createElement("dd");
        description.textContent = what;
        list.append(term, description);
      });
      dialog.append(heading, list);
    });
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn btn-sm btn-dark mt-2";
    close.textContent = "Close";
    close.addEventListener("click", () => dialog.close());
    dialog.append(close);
    dialog.addEventListener("close", () => {
      if (returnFocus && document.contains(returnFocus)) {
        returnFocus.focus();
      }
    });
    // A click on the backdrop (outside the box) closes it too.
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog) {
        dialog.close();
      }
    });
    document.body.append(dialog);
    return dialog;
  };
  const openHelp = () => {
    help = help || buildHelp();
    if (!help.open) {
      returnFocus = document.activeElement;
      help.showModal();
    }
  };
  // A visible way to the same list, in the footer.
  const footer = document.querySelector("footer .container-xl");
  if (footer) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm p-0 shortcuts-button";
    button.append("Keyboard shortcuts ");
    const kbd = document.createElement("kbd");
    kbd.textContent = "?";
    button.append(kbd);
    button.addEventListener("click", openHelp);
    footer.append(button);
  }

  // The queue: a highlighted row moved with j/k or the arrows, opened with Enter or o.
  // The list is kept for the ticket page's next and previous keys.
  let current = -1;
  const highlight = (index) => {
    const links = queueLinks();
    if (!links.length) {
      return;
    }
    current = Math.max(0, Math.min(index, links.length - 1));
    links.forEach((link, n) => link.closest("tr")?.classList.toggle("is-current", n === current));
    links[current].focus();
  };
  const links = queueLinks();
  if (links.length) {
    try {
      sessionStorage.setItem(
        QUEUE_STORE,
        JSON.stringify({ tickets: links.map((link) => link.pathname), queue: window.location.href }),
      );
    } catch (error) {
      // Storage refused (private mode, full): next and previous stay off.
    }
    document.addEventListener("focusin", (event) => {
      const index = queueLinks().indexOf(event.target);
      if (index >= 0) {
        highlight(index);
      }
    });
    document.querySelectorAll("[data-skip-to-first-ticket]").forEach((skip) =>
      skip.addEventListener("click", (event) => {
        event.preventDefault();
        highlight(0);
      }),
    );
  }

  // The ticket page: its place in the queue the agent came from.
  const neighbour = (step) => {
    try {
      const stored = JSON.parse(sessionStorage.getItem(QUEUE_STORE) || "null");
      const index = stored ? stored.tickets.indexOf(window.location.pathname) : -1;
      return index >= 0 ? stored.tickets[index + step] : undefined;
    } catch (error) {
      return undefined;
    }
  };
  const write = (asNote) => {
    const body = document.getElementById("id_body");
    if (!body) {
      return;
    }
    const internal = document.getElementById("id_is_internal");
    if (internal && internal.checked !== asNote) {
      internal.checked = asNote;
      internal.dispatchEvent(new Event("change", { bubbles: true }));
    }
    body.focus();
  };

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (isTyping(event.target) || (help && help.open)) {
      return;
    }
    if (event.key === "?") {
      event.preventDefault();
      openHelp();
      return;
    }
    if (links.length) {
      const moves = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };
      if (event.key in moves) {
        event.preventDefault();
        highlight(current < 0 ? 0 : current + moves[event.key]);
      } else if (event.key === "o" && current >= 0) {
        event.preventDefault();
        queueLinks()[current].click();
      }
      // Enter on the highlighted (focused) link opens it: the browser does that.
      return;
    }
    if (ticketPage) {
      const keys = {
        r: () => write(false),
        n: () => write(true),
        "]": () => neighbour(1),
        j: () => neighbour(1),
        "[": () => neighbour(-1),
        k: () => neighbour(-1),
      };
      if (!(event.key in keys)) {
        return;
      }
      event.preventDefault();
      const target = keys[event.key]();
      if (typeof target === "string") {
        window.location.assign(target);
      }
    }
  });
})();

// The agents' tools: suggestions as one types, who else has a ticket open, bulk selection.
// Every page works without this file; it only makes them quicker to use.
(() => {
  const csrfToken = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  // Inputs with data-suggest-url fill their datalist from a small JSON endpoint.
  const fillSuggestions = async (input) => {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) {
      return;
    }
    // Tags are typed comma-separated: suggest for the last one.
    const parts = input.value.split(",");
    const term = parts.pop().trim();
    const url = new URL(input.dataset.suggestUrl, window.location.href);
    url.searchParams.set("q", term);
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      return;
    }
    const data = await response.json();
    const head = parts.length ? `${parts.join(",")}, ` : "";
    list.replaceChildren(
      ...(data[input.dataset.suggestKey] || []).map((item) => {
        const option = document.createElement("option");
        option.value = typeof item === "string" ? head + item : item.username;
        if (typeof item !== "string" && item.name) {
          option.label = item.name;
        }
        return option;
      }),
    );
  };
  let suggestTimer = null;
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!input.dataset || !input.dataset.suggestUrl) {
      return;
    }
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => fillSuggestions(input), 150);
  });
  document.addEventListener("focusin", (event) => {
    if (event.target.dataset && event.target.dataset.suggestUrl) {
      fillSuggestions(event.target);
    }
  });

  // Presence: report every few seconds; show who else has the ticket open or is typing.
  const notice = document.getElementById("presence-notice");
  if (notice) {
    const text = notice.querySelector("[data-presence-text]");
    const poll = Number(notice.dataset.pollSeconds || 5) * 1000;
    // Typing counts for two polls, so a report that starts just after a keystroke (or a
    // slow answer that stretches the cycle) still carries it to the other agents.
    const typingWindow = 2 * poll;
    let typedAt = 0;
    let reportedTyping = false;
    let timer = null;
    let inFlight = false;
    let again = false;
    const isTyping = () => Date.now() - typedAt < typingWindow;
    const report = async () => {
      if (inFlight) {
        again = true; // one poll at a time: the running one reports again when it ends
        return;
      }
      inFlight = true;
      clearTimeout(timer);
      reportedTyping = isTyping();
      const body = new URLSearchParams({ typing: reportedTyping ? "1" : "0" });
      try {
        const response = await fetch(notice.dataset.presenceUrl, {
          method: "POST",
          body,
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
          credentials: "same-origin",
        });
        if (response.ok) {
          const data = await response.json();
          text.textContent = data.others
            .map((o) => `${o.name} ${o.is_typing ? "is typing a reply" : "has this ticket open"}`)
            .join("; ");
          notice.hidden = data.others.length === 0;
        }
      } catch (error) {
        // Offline for a moment: the next poll tries again.
      }
      inFlight = false;
      if (again) {
        again = false;
        report();
      } else {
        timer = setTimeout(report, poll);
      }
    };
    document.addEventListener("input", (event) => {
      if (event.target.name !== "body") {
        return;
      }
      typedAt = Date.now();
      if (!reportedTyping) {
        report(); // the others learn at once that a reply is being written
      }
    });
    report();
  }

  // Bulk actions: "select all" on the page, and only the value the chosen action needs.
  const bulk = document.getElementById("bulk-form");
  if (bulk) {
    const rows = () => document.querySelectorAll("input[name=tickets][form=bulk-form]");
    const counter = bulk.querySelector("[data-bulk-count]");
    const allMatching = bulk.querySelector("input[name=all_matching]");
    const refresh = () => {
      const picked = [...rows()].filter((box) => box.checked).length;
      if (counter) {
        counter.textContent = allMatching && allMatching.checked ? "all matching" : `${picked} selected`;
      }
      const action = bulk.querySelector("select[name=action]").value;
      bulk.querySelectorAll("[data-bulk-value]").forEach((field) => {
        field.hidden = !field.dataset.bulkValue.split(" ").includes(action);
      });
    };
    document.addEventListener("change", (event) => {
      if (event.target.id === "bulk-select-page") {
        rows().forEach((box) => {
          box.checked = event.target.checked;
        });
      }
      refresh();
    });
    refresh();
  }
})();

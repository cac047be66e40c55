// The category picker in two steps: the top level (grouped by channel), then its
// sub-categories. The server renders one plain select whose <optgroup>s carry
// data-category-top (a top level with sub-categories) or data-category-channel (top
// levels without any); see tickets/web/category_picker.py. Without this file that select
// works as it is. With it, the select is hidden and keeps the value the two new ones pick.
(() => {
  const PROMPT = "Choose a sub-category";

  // The top levels as the hidden select lists them: a top level with sub-categories is
  // one group; one without is an option of its channel's group (or of no group).
  const readTops = (select) => {
    const tops = [];
    for (const child of select.children) {
      if (child.tagName === "OPTION") {
        if (child.value !== "") {
          tops.push({ channel: "", label: child.text, value: child.value, options: [], pending: [] });
        }
        continue;
      }
      const channel = child.dataset.categoryChannel || "";
      if (child.dataset.categoryTop) {
        const all = Array.from(child.querySelectorAll("option"));
        tops.push({
          channel,
          label: child.dataset.categoryLabel || child.label,
          value: child.dataset.categoryTop,
          // A heading the server just refused is no choice: its sub-categories are.
          options: all.filter((option) => !("categoryPending" in option.dataset)),
          pending: all.filter((option) => "categoryPending" in option.dataset),
        });
      } else {
        for (const option of child.querySelectorAll("option")) {
          tops.push({ channel, label: option.text, value: option.value, options: [], pending: [] });
        }
      }
    }
    return tops;
  };

  const makeOption = (value, text) => {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = text;
    return option;
  };

  const enhance = (real) => {
    const tops = readTops(real);
    if (!tops.some((top) => top.options.length)) {
      return; // a flat list: one step is enough
    }
    const blank = real.querySelector("option[value='']");
    const top = document.createElement("select");
    const sub = document.createElement("select");
    top.className = real.className;
    sub.className = real.className;
    const inGroup = real.parentElement.classList.contains("input-group");
    if (!inGroup) {
      sub.classList.add("mt-2");
    }
    // The page's <label for> now names the first step; the hidden select keeps the name.
    top.id = real.id;
    real.id = `${real.id}-value`;
    sub.id = `${top.id}-sub`;
    for (const name of ["aria-describedby", "aria-invalid", "required"]) {
      if (real.hasAttribute(name)) {
        top.setAttribute(name, real.getAttribute(name));
      }
    }
    real.removeAttribute("required");
    top.dataset.categoryStep = "top";
    sub.dataset.categoryStep = "sub";

    top.append(makeOption("", blank ? blank.text : "Choose a category"));
    const channels = new Set(tops.map((item) => item.channel));
    const groups = new Map();
    tops.forEach((item, index) => {
      let parent = top;
      if (channels.size > 1 && item.channel) {
        if (!groups.has(item.channel)) {
          const group = document.createElement("optgroup");
          group.label = item.channel;
          top.append(group);
          groups.set(item.channel, group);
        }
        parent = groups.get(item.channel);
      }
      parent.append(makeOption(String(index), item.label));
    });

    // A heading picked without a sub-category keeps its own id, so the server answers
    // with the reason ("choose one of them") instead of a blank being taken for "none".
    const ensureValue = (value) => {
      if (!Array.from(real.options).some((option) => option.value === value)) {
        const option = makeOption(value, "");
        option.hidden = true;
        real.append(option);
      }
      real.value = value;
    };

    const fillSub = (item, selected) => {
      sub.replaceChildren();
      if (!item || !item.options.length) {
        sub.hidden = true;
        sub.disabled = true;
        return;
      }
      const hasAll = item.options.some((option) => option.value === item.value);
      if (!hasAll) {
        sub.append(makeOption("", PROMPT));
      }
      for (const option of item.options) {
        sub.append(makeOption(option.value, option.text));
      }
      const isOffered = item.options.some((option) => option.value === selected);
      sub.value = isOffered ? selected : hasAll ? item.value : "";
      sub.setAttribute("aria-label", `Sub-category of ${item.label}`);
      sub.hidden = false;
      sub.disabled = false;
      if (top.classList.contains("is-invalid")) {
        sub.classList.add("is-invalid");
      }
    };

    const publish = (value) => {
      ensureValue(value);
      real.dispatchEvent(new Event("change", { bubbles: true }));
    };

    top.addEventListener("change", () => {
      const item = tops[Number(top.value)];
      if (top.value === "" || !item) {
        fillSub(null);
        publish("");
        return;
      }
      fillSub(item);
      publish(item.options.length ? sub.value || item.value : item.value);
    });
    sub.addEventListener("change", () => {
      const item = tops[Number(top.value)];
      publish(sub.value || (item ? item.value : ""));
    });

    // Start from the hidden select's value (a bound form, a ticket's category).
    const current = real.value;
    const at = tops.findIndex(
      (item) =>
        item.value === current ||
        [...item.options, ...item.pending].some((option) => option.value === current),
    );
    if (at >= 0) {
      top.value = String(at);
      fillSub(tops[at], current);
    } else {
      fillSub(null);
    }

    real.hidden = true;
    real.setAttribute("aria-hidden", "true");
    real.tabIndex = -1;
    real.after(top, sub);
  };

  const start = () => {
    for (const select of document.querySelectorAll("select")) {
      if (select.querySelector("optgroup[data-category-top], optgroup[data-category-channel]")) {
        enhance(select);
      }
    }
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* Title suggestions under a search box, as progressive enhancement.
 *
 * Every <input data-suggest-url> becomes an ARIA 1.2 combobox: typing fetches
 * {"results": [{"title", "url"}]} from that URL and lists the titles in a listbox;
 * Up and Down move through them, Enter opens the highlighted one, Escape closes
 * the list (and clears the box when the list is already closed). Without
 * JavaScript the input stays a plain search field that submits its form.
 * No third-party code; titles are set as text, never as HTML.
 */
(() => {
  "use strict";

  const DELAY_MS = 150;
  const MAX_CHARS = 100;
  let counter = 0;

  const sameOrigin = (url) => {
    try {
      return new URL(url, window.location.href).origin === window.location.origin;
    } catch {
      return false;
    }
  };

  const enhance = (input) => {
    counter += 1;
    const listId = `search-suggest-${counter}`;
    const list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const label = input.labels && input.labels[0];
    if (label) {
      label.id = label.id || `${listId}-label`;
      list.setAttribute("aria-labelledby", label.id);
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.insertAdjacentElement("afterend", list);
    input.parentElement.classList.add("has-suggestions");

    let items = [];
    let active = -1;
    let timer = null;
    let controller = null;

    const setActive = (index) => {
      items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };

    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    };

    const open = () => {
      if (!items.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    };

    const go = (index) => {
      const url = items[index] && items[index].dataset.url;
      if (url && sameOrigin(url)) window.location.assign(url);
    };

    const render = (results) => {
      list.textContent = "";
      items = results
        .filter((result) => result && result.title && result.url)
        .map((result, i) => {
          const item = document.createElement("li");
          item.id = `${listId}-${i}`;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          item.textContent = result.title;
          item.dataset.url = result.url;
          // Keep the focus in the input while a suggestion is clicked.
          item.addEventListener("mousedown", (event) => event.preventDefault());
          item.addEventListener("click", () => go(i));
          item.addEventListener("mousemove", () => setActive(i));
          list.appendChild(item);
          return item;
        });
      active = -1;
      if (items.length && document.activeElement === input) open();
      else close();
    };

    const fetchSuggestions = () => {
      const query = input.value.trim().slice(0, MAX_CHARS);
      if (controller) controller.abort();
      if (!query) {
        render([]);
        return;
      }
      controller = new AbortController();
      const url = new URL(input.dataset.suggestUrl, window.location.href);
      url.searchParams.set("q", query);
      fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => {
          if (input.value.trim().slice(0, MAX_CHARS) === query) render(data.results || []);
        })
        .catch(() => {});
    };

    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    };

    // Japanese is typed through an IME: wait until a word is committed.
    input.addEventListener("input", (event) => {
      if (!event.isComposing) schedule();
    });
    input.addEventListener("compositionend", schedule);

    input.addEventListener("keydown", (event) => {
      if (event.isComposing || event.keyCode === 229) return;
      switch (event.key) {
        case "ArrowDown":
          if (!items.length) return;
          event.preventDefault();
          open();
          setActive(active + 1 < items.length ? active + 1 : 0);
          break;
        case "ArrowUp":
          if (!items.length) return;
          event.preventDefault();
          open();
          setActive(active > 0 ? active - 1 : items.length - 1);
          break;
        case "Enter":
          if (!list.hidden && active >= 0) {
            event.preventDefault();
            go(active);
          }
          break;
        case "Escape":
          event.preventDefault();
          if (!list.hidden) {
            close();
          } else {
            // Clearing the box sends no input event: forget its suggestions here,
            // or focusing the empty box would bring them back.
            input.value = "";
            window.clearTimeout(timer);
            fetchSuggestions();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });
    input.addEventListener("blur", close);
    input.addEventListener("focus", open);
  };

  const start = () => {
    document.querySelectorAll("input[data-suggest-url]").forEach(enhance);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// The admin's fuzzy date fields: show how the typed text is read
// ("Read as: 16 February 2021 (day)") or why it cannot be, as one types.
// The server reads it (records.admin_views.read_fuzzy_date), with the same
// parser the form uses on save. Delegated listeners, so date fields in inline
// panel rows added later are covered too. A static file: no inline script.
(function () {
  "use strict";

  var SELECTOR = "input[data-fuzzy-date]";
  var DELAY = 250;
  var timers = new WeakMap();
  var shown = new WeakMap();

  function readoutFor(input) {
    var id = input.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  function show(readout, state, message) {
    readout.textContent = message;
    if (state) {
      readout.setAttribute("data-state", state);
    } else {
      readout.removeAttribute("data-state");
    }
  }

  function read(input) {
    var readout = readoutFor(input);
    if (!readout) {
      return;
    }
    var text = input.value.trim();
    if (shown.get(input) === text) {
      return;
    }
    if (!text) {
      shown.set(input, text);
      show(readout, "", "");
      return;
    }
    var url = new URL(input.getAttribute("data-fuzzy-date-url"), window.location.href);
    url.searchParams.set("text", text);
    if (input.hasAttribute("data-fuzzy-date-allow-future")) {
      url.searchParams.set("allow_future", "1");
    }
    fetch(url.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        // Only the answer for what the field still holds.
        if (!data || input.value.trim() !== text) {
          return;
        }
        shown.set(input, text);
        show(readout, data.ok ? "ok" : "error", data.message);
      })
      .catch(function () {
        // Offline: the form still reads the date when it is saved.
      });
  }

  function later(event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.matches(SELECTOR)) {
      return;
    }
    clearTimeout(timers.get(input));
    timers.set(
      input,
      setTimeout(function () {
        read(input);
      }, DELAY)
    );
  }

  function now(event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.matches(SELECTOR)) {
      clearTimeout(timers.get(input));
      read(input);
    }
  }

  document.addEventListener("input", later);
  document.addEventListener("change", now);
  document.addEventListener("focusout", now);
})();

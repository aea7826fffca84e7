// The sources of a record (records/widgets.py): "Add sources" opens the Source
// chooser with multiple selection (as Wagtail's MultipleChooserPanel does),
// and the chosen ones, or one made in its Create tab, join the list as
// hidden inputs: the form posts the pks as a multi-select would.
// Delegated listeners, a static file: no inline script.
(function () {
  "use strict";

  function changed(chooser) {
    // Wagtail's unsaved-changes check and autosave listen on the form.
    chooser.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function showEmpty(chooser) {
    var empty = chooser.querySelector("[data-sources-chooser-empty]");
    var list = chooser.querySelector("[data-sources-chooser-list]");
    empty.hidden = list.children.length > 0;
  }

  function fill(item, source) {
    item.setAttribute("data-source-id", source.id);
    item.querySelector("input").value = source.id;
    item.querySelector("[data-source-title]").textContent = source.title;
    item.querySelector("[data-source-date]").textContent = source.date || "";
    item.querySelector("[data-source-publisher]").textContent = source.publisher || "";
    item.querySelector(".sources-chooser__sep").hidden = !(source.date && source.publisher);
    item.querySelector("[data-source-draft]").hidden = !source.draft;
    item.querySelector("[data-source-confidential]").hidden = !source.confidential;
    item.querySelector("[data-source-remove-title]").textContent = " " + source.title;
  }

  function add(chooser, results) {
    var list = chooser.querySelector("[data-sources-chooser-list]");
    var template = chooser.querySelector("template[data-sources-chooser-template]");
    var added = false;
    [].concat(results).forEach(function (source) {
      var id = String(source.id);
      var present = Array.prototype.some.call(list.children, function (item) {
        return item.getAttribute("data-source-id") === id;
      });
      if (present) {
        return;
      }
      var item = template.content.firstElementChild.cloneNode(true);
      fill(item, source);
      list.appendChild(item);
      added = true;
    });
    showEmpty(chooser);
    if (added) {
      changed(chooser);
    }
  }

  function open(chooser) {
    // eslint-disable-next-line no-undef
    ModalWorkflow({
      url: chooser.getAttribute("data-sources-chooser-url"),
      urlParams: { multiple: 1 },
      onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
      responses: {
        chosen: function (results) {
          add(chooser, results);
        },
      },
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var button = target && target.closest("[data-sources-chooser-add], [data-sources-chooser-remove]");
    if (!button) {
      return;
    }
    var chooser = button.closest("[data-sources-chooser]");
    if (!chooser) {
      return;
    }
    event.preventDefault();
    if (button.hasAttribute("data-sources-chooser-add")) {
      open(chooser);
      return;
    }
    button.closest(".sources-chooser__item").remove();
    showEmpty(chooser);
    changed(chooser);
    chooser.querySelector("[data-sources-chooser-add]").focus();
  });
})();

// The event page's map: one marker per place. The places are also listed as
// text on the page, so nothing is lost when the tiles cannot load. The words
// Leaflet would show in English come translated in the box's data-* attributes.
(function () {
  "use strict";
  var data = document.getElementById("event-places");
  var element = document.getElementById("event-map");
  if (!data || !element || !window.L) {
    return;
  }
  var places = JSON.parse(data.textContent);
  // The box is hidden in the HTML, so a reader without this script never
  // sees it empty; shown before Leaflet measures it.
  element.hidden = false;
  var text = element.dataset;
  var map = L.map(element, { scrollWheelZoom: false, zoomControl: false });
  L.control
    .zoom({
      zoomInTitle: text.zoomInTitle || "Zoom in",
      zoomOutTitle: text.zoomOutTitle || "Zoom out",
    })
    .addTo(map);
  map.on("popupopen", function (event) {
    var close = event.popup
      .getElement()
      .querySelector(".leaflet-popup-close-button");
    if (close && text.closePopupLabel) {
      close.setAttribute("aria-label", text.closePopupLabel);
    }
  });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution:
      '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
  }).addTo(map);
  var bounds = [];
  places.forEach(function (place) {
    var marker = L.marker([place.lat, place.lng], {
      title: place.name,
      alt: place.name,
    }).addTo(map);
    var label = document.createElement("span");
    label.textContent = place.name;
    marker.bindPopup(label);
    bounds.push([place.lat, place.lng]);
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 9);
  } else {
    map.fitBounds(bounds, { padding: [24, 24] });
  }
  // Leaflet writes its attribution once the view is set: its link's title
  // can be translated only after that.
  var leafletLink = element.querySelector(
    ".leaflet-control-attribution a[href='https://leafletjs.com']",
  );
  if (leafletLink && text.leafletTitle) {
    leafletLink.title = text.leafletTitle;
  }
  element.dataset.ready = "true";
})();

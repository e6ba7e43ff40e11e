/*
 * Admin: picking a Place on an event moves the event's point to the place. The editor can
 * then drag or redraw it (for "near" locations) before saving.
 */
(function () {
  "use strict";

  var locationField = null;

  window.addEventListener("map:init", function (event) {
    event.detail.map.on("map:loadfield", function (e) {
      if (e.fieldid === "id_location") locationField = e.field;
    });
  });

  function moveMarker(lat, lon) {
    if (!locationField) return;
    var marker = L.marker([lat, lon]);
    locationField.drawnItems.clearLayers();
    locationField.drawnItems.addLayer(marker);
    locationField.store.save(locationField.drawnItems);
    locationField._map.setView([lat, lon], Math.max(locationField._map.getZoom(), 9));
  }

  function onPlaceChange(select) {
    var id = select.value;
    if (!id) return;
    var url = select.dataset.locationUrl.replace(/\/0\/location\.json$/, "/" + id + "/location.json");
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (place) { moveMarker(place.lat, place.lon); })
      .catch(function (error) { console.warn("Place location not loaded:", error.message); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("id_place");
    if (!select || !select.dataset.locationUrl) return;
    var handler = function () { onPlaceChange(select); };
    // The admin's autocomplete (select2) announces changes through jQuery only.
    if (window.django && window.django.jQuery) window.django.jQuery(select).on("change", handler);
    else select.addEventListener("change", handler);
  });
})();

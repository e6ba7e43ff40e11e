/*
 * The bundled basemap: Natural Earth 1:110m country outlines and capitals, served from
 * static/basemap/. It is added to every django-leaflet map (the public map and the admin's
 * widgets), so a map is readable with no tile server and no network at all.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var basemapUrl = script
    // Its own address, hashed by collectstatic in production (offline-basemap.1a2b….js).
    ? script.src.replace(/conflictmap\/offline-basemap(\.[0-9a-f]{12})?\.js(\?.*)?$/, "basemap/")
    : "/static/basemap/";

  function hasTiles(map) {
    var found = false;
    map.eachLayer(function (layer) {
      if (layer instanceof L.TileLayer) found = true;
    });
    return found;
  }

  function addOfflineBasemap(map) {
    var withTiles = hasTiles(map);
    if (!withTiles) map.getContainer().classList.add("cm-offline-map");
    var pane = map.createPane("cm-basemap");
    // Above online tiles (200), below drawn data (400): outlines stay visible on either.
    pane.style.zIndex = 250;
    pane.style.pointerEvents = "none";
    // Labels sit above the data so that zones never hide a city's name.
    var labels = map.createPane("cm-basemap-labels");
    labels.style.zIndex = 450;
    labels.style.pointerEvents = "none";

    var countries = L.geoJSON(null, {
      pane: "cm-basemap",
      interactive: false,
      style: {
        color: "#6b6b6b",
        weight: 1,
        fill: !withTiles,
        fillColor: "#f3efe6",
        fillOpacity: 1,
      },
    });
    var places = L.geoJSON(null, {
      pane: "cm-basemap",
      interactive: false,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          pane: "cm-basemap", radius: 2, color: "#333", weight: 1, fillOpacity: 1,
        }).bindTooltip(feature.properties.name, {
          permanent: true, direction: "right", className: "cm-place-label", pane: "cm-basemap-labels",
        });
      },
    });
    var group = L.layerGroup([countries, places]).addTo(map);
    if (map.layerscontrol) map.layerscontrol.addOverlay(group, "Natural Earth (offline)");
    map.offlineBasemap = group;

    [["ne_110m_admin_0_countries.geojson", countries],
     ["ne_110m_populated_places.geojson", places]].forEach(function (pair) {
      fetch(basemapUrl + pair[0])
        .then(function (response) {
          if (!response.ok) throw new Error(pair[0] + ": HTTP " + response.status);
          return response.json();
        })
        .then(function (data) { pair[1].addData(data); })
        .catch(function (error) { console.warn("Offline basemap not loaded:", error.message); });
    });
  }

  window.addEventListener("map:init", function (event) {
    addOfflineBasemap(event.detail.map);
  });
})();

/*
 * Admin, zone form: what surrounds the zone being drawn.
 * - The other zones valid on the zone's first day (staff preview: drafts too), outlined in
 *   their controllers' colours, and the events of the week around that day, as grey dots.
 * - Snapping: a vertex drawn or moved within SNAP_PX pixels of a neighbouring zone's edge or
 *   vertex lands exactly on it (Leaflet.Snap, static/vendor/), so that a front line two zones
 *   share stays one line.
 * The place names come from the offline basemap (offline-basemap.js) like every other map.
 */
(function () {
  "use strict";

  var SNAP_PX = 12;
  var FIELD = "id_geometry";

  function isoDay(text) {
    var value = (text || "").trim();
    var dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value); // the admin's en-gb format
    if (dmy) return dmy[3] + "-" + ("0" + dmy[2]).slice(-2) + "-" + ("0" + dmy[1]).slice(-2);
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : "";
  }

  function addDays(iso, days) {
    return new Date(Date.parse(iso + "T00:00:00Z") + days * 86400000).toISOString().slice(0, 10);
  }

  function ZoneContext(map, field, settings) {
    this.map = map;
    this.field = field;
    this.settings = settings;
    this.guides = [];
    this.zones = L.featureGroup().addTo(map);
    this.events = L.featureGroup().addTo(map);
    this.ticket = 0;
    this.container = map.getContainer();
    var handler = this.polygonHandler();
    if (handler) {
      handler.options.guideLayers = this.guides;
      handler.options.snapDistance = SNAP_PX;
      // The init hook Leaflet.Snap adds to L.Draw.Feature is not run for the form's handlers
      // (seen in Chromium, with the Leaflet.draw 1.0.4 django-leaflet ships): run it here, once.
      if (!handler._snapWired) {
        handler._snap_initialize();
        handler._snapWired = true;
      }
      // Leaflet.Snap moves the drawing's mouse marker onto the guide, but Leaflet.draw 1.0
      // adds the vertex where the mouse was released: take the snapped position instead.
      var addVertex = handler.addVertex;
      handler.addVertex = function (latlng) {
        var marker = this._mouseMarker;
        return addVertex.call(this, marker && marker.snap ? marker.getLatLng() : latlng);
      };
    }
    map.on("draw:editstart", this.snapEditing, this);
    map.on("moveend", this.loadEvents, this);
  }

  ZoneContext.prototype.polygonHandler = function () {
    var control = this.map["drawControl" + FIELD];
    var modes = control && control._toolbars.draw && control._toolbars.draw._modes;
    return modes && modes.polygon ? modes.polygon.handler : null;
  };

  // Vertices dragged while editing snap too: the drawn polygons edit through Leaflet.Snap's
  // handler, given the same guides.
  ZoneContext.prototype.snapEditing = function () {
    var guides = this.guides;
    var map = this.map;
    this.field.drawnItems.eachLayer(function (layer) {
      if (layer.snapediting || !layer.getLatLngs) return;
      layer.snapediting = new L.Handler.PolylineSnap(map, layer, { snapDistance: SNAP_PX });
      guides.forEach(function (guide) { layer.snapediting.addGuideLayer(guide); });
      layer.editing = layer.snapediting;
    });
  };

  ZoneContext.prototype.setDay = function (day) {
    if (!day || day === this.day) return;
    this.day = day;
    this.container.dataset.contextDay = day;
    this.loadZones();
    this.loadEvents();
  };

  ZoneContext.prototype.loadZones = function () {
    var self = this;
    var ticket = ++this.ticket;
    fetch(this.settings.zonesUrl + "?date=" + this.day, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { features: [] }; })
      .then(function (data) {
        if (ticket !== self.ticket) return; // another day was asked for meanwhile
        self.zones.clearLayers();
        self.guides.length = 0;
        var others = data.features.filter(function (f) { return String(f.id) !== self.settings.zoneId; });
        others.forEach(function (feature) {
          var colour = feature.properties.colour;
          L.geoJSON(feature, {
            interactive: false,
            style: { color: colour, weight: 2, opacity: 0.9, fillColor: colour, fillOpacity: 0.12 },
          }).eachLayer(function (layer) {
            self.zones.addLayer(layer);
            self.guides.push(layer);
          });
        });
        self.container.dataset.contextZones = String(others.length);
      })
      .catch(function () { self.container.dataset.contextZones = "error"; });
  };

  ZoneContext.prototype.loadEvents = function () {
    if (!this.day) return;
    var self = this;
    var bounds = this.map.getBounds();
    var query = new URLSearchParams({
      bbox: [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
        .map(function (v) { return Math.max(-180, Math.min(180, v)).toFixed(4); }).join(","),
      zoom: String(this.map.getZoom()),
      start: addDays(this.day, -3),
      end: addDays(this.day, 3),
    });
    fetch(this.settings.eventsUrl + "?" + query.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { features: [] }; })
      .then(function (data) {
        self.events.clearLayers();
        (data.features || []).forEach(function (feature) {
          var c = feature.geometry.coordinates;
          L.circleMarker([c[1], c[0]], {
            radius: 5, color: "#333333", weight: 1, fillColor: "#999999", fillOpacity: 0.9,
          }).bindTooltip(feature.properties.start_date + ": " + feature.properties.title)
            .addTo(self.events);
        });
        self.container.dataset.contextEvents = String((data.features || []).length);
      })
      .catch(function () { self.container.dataset.contextEvents = "error"; });
  };

  window.addEventListener("map:init", function (event) {
    var settings = document.getElementById("zone-context");
    if (!settings) return;
    event.detail.map.on("map:loadfield", function (e) {
      if (e.fieldid !== FIELD) return;
      var context = new ZoneContext(event.detail.map, e.field, {
        zonesUrl: settings.dataset.zonesUrl,
        eventsUrl: settings.dataset.eventsUrl,
        zoneId: settings.dataset.zoneId || "",
      });
      var input = document.getElementById("id_valid_from");
      var update = function () { context.setDay(isoDay(input && input.value) || settings.dataset.today); };
      if (input) input.addEventListener("change", update);
      update();
      window.conflictmapZoneContext = context; // for the browser tests and the console
    });
  });
})();

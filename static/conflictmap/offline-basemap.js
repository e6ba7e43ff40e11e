/*
 * The bundled basemap, on every django-leaflet map (the public map and the admin's widgets):
 * Natural Earth 1:10m coastlines, borders, rivers and lakes over Syria, Iraq and their
 * neighbours (1:110m for the rest of the world at small scales), their governorates and Iraq's
 * districts (OCHA COD-AB), relief shading and physical names, served from static/basemap/, and
 * the gazetteer's place names from /api/labels/, placed with the rest so none overlaps another.
 * It needs no tile server and no network beyond this host. Online tiles, when the settings
 * name a server, draw over it: a tile that fails to load shows this map, never grey.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var basemapUrl = script
    // Its own address, hashed by collectstatic in production (offline-basemap.1a2b….js).
    ? script.src.replace(/conflictmap\/offline-basemap(\.[0-9a-f]{12})?\.js(\?.*)?$/, "basemap/")
    : "/static/basemap/";
  var labelsMeta = document.querySelector('meta[name="cm-labels-url"]');
  var labelsUrl = labelsMeta ? labelsMeta.content : "/api/labels/";

  var LAND = "#f3efe6";
  var WATER = "#a9c8dc";
  var WORLD_UNTIL_ZOOM = 6; // the 1:110m world, outside the detailed region, at small scales
  var MAX_LABEL_TILES = 30;
  var LABEL_FONT = "11px system-ui, sans-serif";
  // The relief image's corners (static/basemap/README.md): the region, in Web Mercator.
  var RELIEF_BOUNDS = [[24, 24], [43, 56]];
  var DISTRICTS_FROM_ZOOM = 8;
  // The zooms at which each kind of fixed name is written, and how it ranks against towns (a
  // town's rank is its population): a governorate's name gives way to towns of 15,000 people.
  var FIXED_LABELS = {
    admin1: { from: 6, until: 9, rank: 15000 },
    admin2: { from: 9, until: 11, rank: 3000 },
    region: { from: 5, until: 10, rank: 30000 },
    peak: { from: 8, until: 13, rank: 2500 },
  };

  // A feature of the bundled geography as a label: divisions at the point inside them the build
  // chose, physical names where Natural Earth puts them.
  function fixedLabel(feature) {
    var p = feature.properties;
    var kind = p.level ? "admin" + p.level : p.kind;
    var at = p.label || feature.geometry.coordinates;
    return {
      id: kind + ":" + (p.pcode || p.name), name: p.name, arabic: p.name_ar || "", kind: kind,
      rank: FIXED_LABELS[kind].rank, lon: at[0], lat: at[1], fixed: FIXED_LABELS[kind],
      title: p.elevation ? p.name + " (" + p.elevation + " m)" : p.name,
    };
  }

  function pane(map, name, zIndex) {
    var element = map.createPane(name);
    element.style.zIndex = zIndex;
    element.style.pointerEvents = "none";
    return name;
  }

  // A layer's file, drawn by `layer` (if any) and its names given to `labels` (if any).
  function load(file, layer, labels) {
    fetch(basemapUrl + file)
      .then(function (response) {
        if (!response.ok) throw new Error(file + ": HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (layer) layer.addData(data);
        if (labels) labels.addFixed(data.features.map(fixedLabel));
      })
      .catch(function (error) { console.warn("Offline basemap not loaded:", error.message); });
  }

  // Online tiles are credited once one has been drawn: never for tiles that never came.
  function creditTilesWhenDrawn(map) {
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.TileLayer) || !map.attributionControl) return;
      var credit = layer.getAttribution && layer.getAttribution();
      if (!credit) return;
      map.attributionControl.removeAttribution(credit);
      layer.once("tileload", function () { map.attributionControl.addAttribution(credit); });
    });
  }

  function addOfflineBasemap(map) {
    map.getContainer().classList.add("cm-offline-map");
    // Below online tiles (200) and the data (400).
    var ground = pane(map, "cm-basemap", 150);
    var lines = pane(map, "cm-basemap-lines", 160);
    // Names under the zones and events' canvas (400): a zone's tint leaves them legible, and an
    // event's marker is never hidden by a name. They take no clicks.
    pane(map, "cm-basemap-labels", 390);

    var world = L.geoJSON(null, {
      pane: ground, interactive: false,
      style: { color: "#8a8a8a", weight: 0.6, fillColor: LAND, fillOpacity: 1 },
    });
    var countries = L.geoJSON(null, {
      pane: ground, interactive: false,
      style: { color: "#8a8a8a", weight: 0.6, fillColor: LAND, fillOpacity: 1 },
    });
    var lakes = L.geoJSON(null, {
      pane: lines, interactive: false,
      style: { color: WATER, weight: 0.8, fillColor: WATER, fillOpacity: 1 },
    });
    var rivers = L.geoJSON(null, {
      pane: lines, interactive: false,
      style: function (feature) {
        var major = (feature.properties.scalerank || 10) <= 6;
        return { color: WATER, weight: major ? 2 : 1.2, opacity: 1 };
      },
    });
    var borders = L.geoJSON(null, {
      pane: lines, interactive: false,
      style: { color: "#6e5d6e", weight: 1.3, dashArray: "6 3", opacity: 0.9 },
    });
    // Relief: light and shade of slopes, multiplied into the land below (white leaves it as
    // it is), so ranges such as Jebel Bishri and the Palmyra hills read at working zooms.
    var reliefPane = pane(map, "cm-basemap-relief", 155);
    // On the pane, not the image: a pane is where Leaflet's stacking starts, so only there does
    // the multiplication reach the land drawn in the panes below.
    map.getPane(reliefPane).classList.add("cm-relief-pane");
    var relief = L.imageOverlay(basemapUrl + "relief_region.jpg", RELIEF_BOUNDS, {
      pane: reliefPane, interactive: false, alt: "",
    });
    var governorates = L.geoJSON(null, {
      pane: lines, interactive: false,
      style: { color: "#7d6b8a", weight: 1.1, opacity: 0.8, fill: false },
    });
    var districts = L.geoJSON(null, {
      pane: lines, interactive: false,
      style: { color: "#9a8ca6", weight: 0.7, opacity: 0.8, dashArray: "3 3", fill: false },
    });
    var group = L.layerGroup([relief, countries, lakes, rivers, governorates, borders]).addTo(map);
    function showDistricts() {
      var wanted = map.getZoom() >= DISTRICTS_FROM_ZOOM && map.hasLayer(group);
      if (wanted && !map.hasLayer(districts)) districts.addTo(map);
      else if (!wanted && map.hasLayer(districts)) map.removeLayer(districts);
    }
    // The relief has 2.8 km pixels: past zoom 8 it is softened rather than drawn as blur.
    function reliefStrength() { relief.setOpacity(Math.max(0.4, Math.min(0.8, 0.8 - 0.15 * (map.getZoom() - 8)))); }
    map.on("zoomend", function () { showDistricts(); reliefStrength(); });
    showDistricts();
    reliefStrength();
    function showWorld() {
      if (map.getZoom() < WORLD_UNTIL_ZOOM) {
        if (!map.hasLayer(world)) { world.addTo(map); world.bringToBack(); }
      } else if (map.hasLayer(world)) {
        map.removeLayer(world);
      }
    }
    map.on("zoomend", showWorld);
    showWorld();
    load("ne_110m_admin_0_countries.geojson", world);
    load("ne_10m_region_countries.geojson", countries);
    load("ne_10m_region_lakes.geojson", lakes);
    load("ne_10m_region_rivers.geojson", rivers);
    load("ne_10m_region_borders.geojson", borders);
    var labels = new PlaceLabels(map);
    load("admin1_region.geojson", governorates, labels);
    load("admin2_region.geojson", districts, labels);
    load("physical_names.geojson", null, labels);
    creditTilesWhenDrawn(map);

    if (map.layerscontrol) map.layerscontrol.addOverlay(group, "Natural Earth (offline)");
    map.offlineBasemap = group;
    map.placeLabels = labels;
  }

  // ---- place names ---------------------------------------------------------------------------
  // Labels come a map tile at a time (each tile's answer is the same for every view, so the
  // server and the browser cache it); the most important places are placed first and a name
  // that would overlap one already placed is left out.
  function PlaceLabels(map) {
    this.map = map;
    this.fixed = [];
    this.tiles = new Map();
    this.placed = [];
    this.generation = 0;
    this.group = L.layerGroup().addTo(map);
    this.measure = document.createElement("canvas").getContext("2d");
    this.measure.font = LABEL_FONT;
    this.hover = L.tooltip({ direction: "top", offset: [0, -8], className: "cm-place-hover" });
    map.on("moveend", this.refresh, this);
    map.on("mousemove", this.showArabic, this);
    map.on("mouseout", function () { map.closeTooltip(this.hover); }, this);
    this.refresh();
  }

  // Names that come with the bundled geography rather than the gazetteer.
  PlaceLabels.prototype.addFixed = function (labels) {
    this.fixed = this.fixed.concat(labels);
    this.refresh();
  };

  PlaceLabels.prototype.tile = function (key) {
    if (!this.tiles.has(key)) {
      this.tiles.set(key, fetch(labelsUrl + key + ".json")
        .then(function (response) { return response.ok ? response.json() : { labels: [] }; })
        .then(function (data) { return data.labels; })
        .catch(function () { return []; }));
    }
    return this.tiles.get(key);
  };

  PlaceLabels.prototype.refresh = function () {
    var map = this.map;
    // Tiles of the zoom above: each covers 512 screen pixels, so a view needs few of them.
    var zoom = Math.max(0, Math.min(18, Math.round(map.getZoom()) - 1));
    var bounds = map.getBounds();
    var size = Math.pow(2, zoom);
    var topLeft = map.project(bounds.getNorthWest(), zoom).divideBy(256).floor();
    var bottomRight = map.project(bounds.getSouthEast(), zoom).divideBy(256).floor();
    var keys = [];
    for (var x = Math.max(0, topLeft.x); x <= Math.min(size - 1, bottomRight.x); x++) {
      for (var y = Math.max(0, topLeft.y); y <= Math.min(size - 1, bottomRight.y); y++) {
        keys.push(zoom + "/" + x + "/" + y);
      }
    }
    var generation = ++this.generation;
    var self = this;
    Promise.all(keys.slice(0, MAX_LABEL_TILES).map(this.tile, this)).then(function (lists) {
      if (generation !== self.generation) return; // the map moved on meanwhile
      var now = Math.round(map.getZoom());
      var fixed = self.fixed.filter(function (label) {
        return now >= label.fixed.from && now <= label.fixed.until && bounds.contains([label.lat, label.lon]);
      });
      self.draw([].concat.apply(fixed, lists));
    });
  };

  PlaceLabels.prototype.draw = function (labels) {
    var map = this.map;
    var seen = new Set();
    labels = labels.filter(function (label) {
      if (seen.has(label.id)) return false;
      seen.add(label.id);
      return true;
    }).sort(function (a, b) { return b.rank - a.rank || (a.name < b.name ? -1 : 1); });
    var view = map.getSize();
    var placed = [];
    this.group.clearLayers();
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      var point = map.latLngToContainerPoint([label.lat, label.lon]);
      var text = labelText(label);
      // Capitals are spaced out by CSS (basemap.css): one pixel a letter.
      var width = this.measure.measureText(text).width + (label.kind === "admin1" ? text.length : 0);
      // A town's name starts at its dot; a division's or a region's is centred on its point.
      var anchor = label.fixed ? [width / 2 + 2, 8] : [3, 7];
      var box = label.fixed
        ? { left: point.x - width / 2 - 2, right: point.x + width / 2 + 2, top: point.y - 8, bottom: point.y + 8 }
        : { left: point.x - 4, right: point.x + 8 + width, top: point.y - 8, bottom: point.y + 8 };
      if (box.right < 0 || box.left > view.x || box.bottom < 0 || box.top > view.y) continue;
      if (placed.some(function (other) { return overlaps(box, other.box); })) continue;
      placed.push({ box: box, label: label });
      this.group.addLayer(L.marker([label.lat, label.lon], {
        pane: "cm-basemap-labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "cm-place", html: labelElement(label), iconSize: null, iconAnchor: anchor }),
      }));
    }
    this.placed = placed;
    map.getContainer().dataset.placeLabels = placed.map(function (p) { return p.label.name; }).join("|");
  };

  // The Arabic name of the place under the pointer, without taking clicks from the data.
  PlaceLabels.prototype.showArabic = function (event) {
    var point = event.containerPoint;
    var hit = this.placed.find(function (p) {
      return point.x >= p.box.left && point.x <= p.box.right && point.y >= p.box.top && point.y <= p.box.bottom;
    });
    if (!hit || !hit.label.arabic) {
      this.map.closeTooltip(this.hover);
      return;
    }
    this.hover.setLatLng([hit.label.lat, hit.label.lon]).setContent(hit.label.arabic);
    if (!this.map.hasLayer(this.hover)) this.map.openTooltip(this.hover);
  };

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function labelText(label) {
    return label.kind === "admin1" ? label.name.toUpperCase() : label.title || label.name;
  }

  function labelElement(label) {
    var element = document.createElement("span");
    element.className = "cm-place-label cm-place-" + label.kind;
    var name = document.createElement("b");
    name.textContent = labelText(label);
    if (!label.fixed) element.append(document.createElement("i"));
    element.append(name);
    return element;
  }

  window.addEventListener("map:init", function (event) {
    addOfflineBasemap(event.detail.map);
  });
})();

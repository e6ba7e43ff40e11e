// Events on a canvas: circle markers sized by fatalities and coloured by type, the map date's
// events highlighted, imprecise locations drawn with a dashed halo, dense views aggregated.
// The server sends the view's events (lean: no actors, sources or summaries), or, when there
// are too many to draw, their counts per grid cell; an event's details are fetched when its
// popup opens.
import { getJSON } from "./api.js";
import { HALO_METRES, TYPE_COLOURS, TYPE_SHAPES, el } from "./dom.js";
import { eventPopup } from "./popup.js";
import { activeOn, isUnpublished } from "./records.js";

const AGGREGATE_OVER = 1500; // more events than this in view, below CLUSTER_UNTIL_ZOOM: aggregate
const CLUSTER_UNTIL_ZOOM = 10;
const CELL_PX = 60;

function radius(p) {
  const best = p.fatalities_best !== null ? p.fatalities_best : p.fatalities_low;
  return best === null ? 5 : Math.min(18, 5 + 2 * Math.sqrt(best));
}

// A circle marker drawn as its type's shape, with a white halo that keeps it readable over the
// basemap's names and the zones. It extends Leaflet's canvas circle (clicks still hit within
// its radius); the drawing mirrors Leaflet 1.9's Canvas._updateCircle.
const ShapeMarker = L.CircleMarker.extend({
  _updatePath() {
    const renderer = this._renderer;
    if (!renderer._ctx) { L.CircleMarker.prototype._updatePath.call(this); return; }
    if (!renderer._drawing || this._empty()) return;
    const ctx = renderer._ctx;
    const p = this._point;
    const r = Math.max(Math.round(this._radius), 1);
    const shape = TYPE_SHAPES[this.options.eventType] || "circle";
    const trace = () => {
      ctx.beginPath();
      if (shape === "circle") {
        ctx.arc(p.x, p.y, r, 0, Math.PI * 2, false);
      } else {
        shape.forEach(([x, y], i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, p.x + x * r, p.y + y * r));
        ctx.closePath();
      }
    };
    trace();
    ctx.globalAlpha = 1;
    ctx.lineWidth = this.options.weight + 3;
    ctx.strokeStyle = "#fff";
    ctx.setLineDash([]);
    ctx.stroke();
    trace();
    renderer._fillStroke(ctx, this);
  },
});

export class EventLayer {
  constructor(map, { detailUrl, factsUrl, renderer }) {
    this.map = map;
    this.detailUrl = detailUrl;
    this.factsUrl = factsUrl;
    this.renderer = renderer;
    this.group = L.layerGroup().addTo(map);
    this.features = [];
    this.cells = null;
    this.total = 0;
    this.facts = new Map();
    this.markers = new Map();
    this.date = null;
    this.aggregated = false;
    this.shown = null; // the open popup and the events it describes
    map.on("zoomend", () => this.draw());
    map.on("moveend", () => { if (this.aggregated) this.draw(); });
  }

  // The view endpoint's answer: {mode: "points", features} or {mode: "cells", cells}.
  // `moved`: the answer is for a new view of the same query (a pan, a zoom, the popup's own
  // pan to fit): the open popup stays, whether or not its event is still in the view.
  setAnswer(answer, { moved = false } = {}) {
    this.features = answer.mode === "points" ? answer.features : [];
    this.cells = answer.mode === "cells" ? answer.cells : null;
    this.total = answer.mode === "cells" ? answer.total : this.features.length;
    if (!moved) this.closeIfGone();
    this.draw();
  }

  // A popup whose events the new filters or date left out closes: it would describe what is not
  // drawn. (Counted in cells, the events drawn are not known one by one: the popup stays.)
  closeIfGone() {
    if (!this.shown || !this.map.hasLayer(this.shown.popup) || this.cells) return;
    const drawn = new Set(this.features.map((f) => f.properties.id));
    if (!this.shown.ids.some((id) => drawn.has(id))) this.map.closePopup(this.shown.popup);
  }

  // A popup never wider than the map (a phone's is 390 px), panned clear of its edges.
  popupOptions() {
    const width = this.map.getSize().x;
    return {
      // The content's width; the popup adds its margins and the close button (about 60 px).
      maxWidth: Math.min(380, width - 90),
      minWidth: Math.min(240, width - 90),
      autoPanPadding: [12, 12],
      // At most half the map's height (the rest scrolls): the pan that fits the popup in the
      // map never takes its event out of the view (a phone's map is short).
      maxHeight: Math.max(140, Math.round(this.map.getSize().y * 0.5)),
      className: "cm-event-popup",
    };
  }

  show(popup, ids) {
    this.shown = { popup, ids };
    return popup.openOn(this.map);
  }

  setDate(date) {
    this.date = date;
    this.markers.forEach((marker) => marker.setStyle(this.style(marker.feature.properties)));
  }

  inView() {
    const bounds = this.map.getBounds();
    return this.features.filter((f) => bounds.contains(L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0])));
  }

  style(p) {
    const active = this.date !== null && activeOn(p, this.date);
    const unknown = [p.fatalities_low, p.fatalities_best, p.fatalities_high].every((v) => v === null);
    // A staff preview's unpublished event: grey, dashed, never mistaken for a public one.
    const unpublished = isUnpublished(p);
    return {
      renderer: this.renderer,
      eventType: p.event_type,
      radius: radius(p),
      color: unpublished ? "#6b7280" : active ? "#000" : "#444",
      weight: active || unpublished ? 3 : 1,
      dashArray: unpublished ? "2 3" : unknown ? "3 2" : null,
      fillColor: unpublished ? "#d1d5db" : TYPE_COLOURS[p.event_type] || "#666",
      fillOpacity: active ? 0.95 : 0.45,
    };
  }

  draw() {
    this.group.clearLayers();
    this.markers.clear();
    if (this.cells) {
      this.aggregated = true;
      this.cells.forEach((cell) => {
        // A cell of one event comes with it: the event is drawn, not a "1".
        if (cell.feature) { this.drawMarker(cell.feature); return; }
        this.drawCell(cell.lat, cell.lon, cell.count,
          L.latLngBounds([cell.bbox[1], cell.bbox[0]], [cell.bbox[3], cell.bbox[2]]), 14);
      });
      return;
    }
    this.aggregated = this.features.length > AGGREGATE_OVER && this.map.getZoom() < CLUSTER_UNTIL_ZOOM;
    if (this.aggregated) this.drawCells(); else this.drawEach();
  }

  drawCell(lat, lon, count, bounds, maxZoom = CLUSTER_UNTIL_ZOOM) {
    const size = Math.min(56, 22 + 6 * Math.log10(count + 1));
    L.marker([lat, lon], {
      keyboard: true,
      title: count + " events: zoom in",
      icon: L.divIcon({ className: "cm-cluster", html: String(count), iconSize: [size, size] }),
    }).on("click", () => this.map.flyToBounds(bounds.pad(0.2), { maxZoom }))
      .addTo(this.group);
  }

  drawEach() {
    this.features.forEach((feature) => this.drawMarker(feature));
  }

  drawMarker(feature) {
    const p = feature.properties;
    const latlng = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
    if (HALO_METRES[p.geo_precision]) {
      L.circle(latlng, {
        renderer: this.renderer, radius: HALO_METRES[p.geo_precision], interactive: false,
        color: TYPE_COLOURS[p.event_type] || "#666", weight: 1, dashArray: "4 4", fillOpacity: 0.06,
      }).addTo(this.group);
    }
    const marker = new ShapeMarker(latlng, this.style(p));
    marker.feature = feature;
    marker.on("click", () => this.popupAt(marker));
    marker.addTo(this.group);
    this.markers.set(p.id, marker);
  }

  drawCells() {
    const cells = new Map();
    this.inView().forEach((feature) => {
      const latlng = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
      const point = this.map.latLngToLayerPoint(latlng);
      const key = Math.floor(point.x / CELL_PX) + ":" + Math.floor(point.y / CELL_PX);
      const cell = cells.get(key) || { count: 0, lat: 0, lon: 0, bounds: L.latLngBounds(latlng, latlng), only: feature };
      cell.count += 1;
      cell.lat += latlng.lat;
      cell.lon += latlng.lng;
      cell.bounds.extend(latlng);
      cells.set(key, cell);
    });
    cells.forEach((cell) => {
      if (cell.count === 1) this.drawMarker(cell.only); // one event: drawn, not a "1"
      else this.drawCell(cell.lat / cell.count, cell.lon / cell.count, cell.count, cell.bounds);
    });
  }

  // Several events often share a point (the same town, the same base): a click on them lists
  // them all rather than showing whichever happens to be drawn on top.
  popupAt(marker) {
    const here = this.map.latLngToContainerPoint(marker.getLatLng());
    const stacked = [];
    this.markers.forEach((other) => {
      if (this.map.latLngToContainerPoint(other.getLatLng()).distanceTo(here) <= 3) stacked.push(other);
    });
    if (stacked.length <= 1) {
      this.popup(marker);
      return;
    }
    stacked.sort((a, b) => a.feature.properties.start_date.localeCompare(b.feature.properties.start_date));
    const box = el("div", null, "cm-popup");
    box.appendChild(el("h3", stacked.length + " events at this point"));
    const list = el("ul", null, "cm-stack");
    stacked.forEach((other) => {
      const p = other.feature.properties;
      const button = el("button", p.start_date + ": " + p.title);
      button.type = "button";
      button.addEventListener("click", () => this.popup(other));
      const item = el("li");
      item.appendChild(button);
      list.appendChild(item);
    });
    box.appendChild(list);
    this.show(
      L.popup(this.popupOptions()).setLatLng(marker.getLatLng()).setContent(box),
      stacked.map((other) => other.feature.properties.id),
    );
  }

  // The popup opens at once and fills in when the event's facts arrive (kept for next time).
  async popup(marker) {
    const id = marker.feature.properties.id;
    const popup = this.show(
      L.popup(this.popupOptions()).setLatLng(marker.getLatLng()).setContent(el("p", "Loading…", "cm-popup")),
      [id],
    );
    if (!this.facts.has(id)) {
      const { data, error } = await getJSON(this.factsUrl.replace(/\/0\.json$/, "/" + id + ".json"));
      if (error) {
        popup.setContent(el("p", error, "cm-popup"));
        return;
      }
      this.facts.set(id, data);
    }
    if (this.map.hasLayer(popup)) popup.setContent(eventPopup(this.facts.get(id), this.detailUrl));
  }

  open(id) {
    const feature = this.features.find((f) => f.properties.id === id);
    if (!feature) return;
    const latlng = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
    const zoom = Math.max(this.map.getZoom(), this.aggregated ? CLUSTER_UNTIL_ZOOM : 8);
    const openPopup = () => {
      const marker = this.markers.get(id);
      if (marker) this.popup(marker);
    };
    if (zoom === this.map.getZoom() && this.map.getCenter().distanceTo(latlng) < 1) {
      openPopup();
      return;
    }
    this.map.once("moveend", openPopup);
    this.map.flyTo(latlng, zoom, { duration: 0.5 });
  }
}

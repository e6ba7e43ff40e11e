// Events on a canvas: circle markers sized by fatalities and coloured by type, the map date's
// events highlighted, imprecise locations drawn with a dashed halo, dense views aggregated.
import { HALO_METRES, TYPE_COLOURS, el } from "./dom.js";
import { eventPopup } from "./popup.js";

const AGGREGATE_OVER = 1500; // more events than this in view, below CLUSTER_UNTIL_ZOOM: aggregate
const CLUSTER_UNTIL_ZOOM = 10;
const CELL_PX = 60;

function radius(fatalities) {
  const best = fatalities.best !== null ? fatalities.best : fatalities.low;
  return best === null ? 5 : Math.min(18, 5 + 2 * Math.sqrt(best));
}

export function activeOn(p, date) {
  return p.start_date <= date && date <= p.end_date;
}

export class EventLayer {
  constructor(map, { detailUrl, renderer }) {
    this.map = map;
    this.detailUrl = detailUrl;
    this.renderer = renderer;
    this.group = L.layerGroup().addTo(map);
    this.features = [];
    this.markers = new Map();
    this.date = null;
    this.aggregated = false;
    map.on("zoomend", () => this.draw());
    map.on("moveend", () => { if (this.aggregated) this.draw(); });
  }

  setData(features) {
    this.features = features;
    this.draw();
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
    const unknown = [p.fatalities.low, p.fatalities.best, p.fatalities.high].every((v) => v === null);
    return {
      renderer: this.renderer,
      radius: radius(p.fatalities),
      color: active ? "#000" : "#444",
      weight: active ? 3 : 1,
      dashArray: unknown ? "3 2" : null,
      fillColor: TYPE_COLOURS[p.event_type] || "#666",
      fillOpacity: active ? 0.95 : 0.45,
    };
  }

  draw() {
    this.group.clearLayers();
    this.markers.clear();
    this.aggregated = this.features.length > AGGREGATE_OVER && this.map.getZoom() < CLUSTER_UNTIL_ZOOM;
    if (this.aggregated) this.drawCells(); else this.drawEach();
  }

  drawEach() {
    this.features.forEach((feature) => {
      const p = feature.properties;
      const latlng = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
      if (HALO_METRES[p.geo_precision]) {
        L.circle(latlng, {
          renderer: this.renderer, radius: HALO_METRES[p.geo_precision], interactive: false,
          color: TYPE_COLOURS[p.event_type] || "#666", weight: 1, dashArray: "4 4", fillOpacity: 0.06,
        }).addTo(this.group);
      }
      const marker = L.circleMarker(latlng, this.style(p));
      marker.feature = feature;
      marker.on("click", () => this.popupAt(marker));
      marker.addTo(this.group);
      this.markers.set(p.id, marker);
    });
  }

  drawCells() {
    const cells = new Map();
    this.inView().forEach((feature) => {
      const latlng = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
      const point = this.map.latLngToLayerPoint(latlng);
      const key = Math.floor(point.x / CELL_PX) + ":" + Math.floor(point.y / CELL_PX);
      const cell = cells.get(key) || { count: 0, lat: 0, lon: 0, bounds: L.latLngBounds(latlng, latlng) };
      cell.count += 1;
      cell.lat += latlng.lat;
      cell.lon += latlng.lng;
      cell.bounds.extend(latlng);
      cells.set(key, cell);
    });
    cells.forEach((cell) => {
      const size = Math.min(56, 22 + 6 * Math.log10(cell.count + 1));
      L.marker([cell.lat / cell.count, cell.lon / cell.count], {
        keyboard: true,
        title: cell.count + " events: zoom in",
        icon: L.divIcon({
          className: "cm-cluster", html: String(cell.count), iconSize: [size, size],
        }),
      }).on("click", () => this.map.flyToBounds(cell.bounds.pad(0.2), { maxZoom: CLUSTER_UNTIL_ZOOM }))
        .addTo(this.group);
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
    L.popup({ maxWidth: 380 }).setLatLng(marker.getLatLng()).setContent(box).openOn(this.map);
  }

  popup(marker) {
    L.popup({ maxWidth: 380 })
      .setLatLng(marker.getLatLng())
      .setContent(eventPopup(marker.feature.properties, this.detailUrl))
      .openOn(this.map);
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

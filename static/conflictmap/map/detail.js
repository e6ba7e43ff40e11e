// The event page's small map: the point, and its uncertainty halo when the location is imprecise.
import { HALO_METRES, TYPE_COLOURS } from "./dom.js";
const box = document.querySelector(".cm-detail-map");

window.addEventListener("map:init", (event) => {
  if (event.detail.id !== "cm-detail-map") return;
  const map = event.detail.map;
  const latlng = [Number(box.dataset.lat), Number(box.dataset.lon)];
  const precision = Number(box.dataset.precision);
  const colour = TYPE_COLOURS[box.dataset.type] || "#666";
  if (HALO_METRES[precision]) {
    L.circle(latlng, { radius: HALO_METRES[precision], color: colour, dashArray: "4 4", fillOpacity: 0.1 }).addTo(map);
  }
  L.circleMarker(latlng, { radius: 8, color: "#000", weight: 2, fillColor: colour, fillOpacity: 0.9 }).addTo(map);
  map.setView(latlng, 8);
});

// Control zones for one date: polygons coloured by controller, contested ones hatched with a
// dashed edge, and a legend with one entry per controller shown. They share the events' canvas
// (drawn beneath them), so that a click on an event is never caught by a zone.
import { getJSON } from "./api.js";
import { el } from "./dom.js";
import { zonePopup } from "./popup.js";

const hatches = new Map();

// Leaflet's canvas renderer hands fillColor to the context's fillStyle, which takes a pattern.
function hatch(colour) {
  if (!hatches.has(colour)) {
    const tile = document.createElement("canvas");
    tile.width = tile.height = 8;
    const ctx = tile.getContext("2d");
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.moveTo(0, 8);
    ctx.lineTo(8, 0);
    ctx.moveTo(-2, 2);
    ctx.lineTo(2, -2);
    ctx.moveTo(6, 10);
    ctx.lineTo(10, 6);
    ctx.stroke();
    hatches.set(colour, ctx.createPattern(tile, "repeat"));
  }
  return hatches.get(colour);
}

export class ZoneLayer {
  constructor(map, { url, legend, legendDate, overlapNote, renderer, onError }) {
    this.url = url;
    this.overlapNote = overlapNote;
    this.legendDate = legendDate;
    this.renderer = renderer;
    this.legend = legend;
    this.onError = onError;
    this.cache = new Map();
    this.group = L.featureGroup().addTo(map);
    this.requested = null;
  }

  async fetch(date) {
    if (!this.cache.has(date)) {
      this.cache.set(date, getJSON(this.url + "?date=" + encodeURIComponent(date)));
    }
    return this.cache.get(date);
  }

  async show(date) {
    this.requested = date;
    const { data, error } = await this.fetch(date);
    if (this.requested !== date) return; // a later date was asked for meanwhile
    if (error) {
      this.cache.delete(date);
      this.onError(error);
      return;
    }
    this.draw(data.features);
    // The heading names the date the legend shows, once it shows it.
    this.legendDate.textContent = date;
  }

  draw(features) {
    this.group.clearLayers();
    const controllers = new Map();
    let overlapping = false;
    features.forEach((feature) => {
      const p = feature.properties;
      const contested = p.status === "contested";
      // A staff preview's unpublished zone: a grey dotted outline over its colour.
      const unpublished = p.publication !== undefined && p.publication !== "published";
      // Over an older zone of another controller, a zone is drawn as a thick outline: the
      // older one's colour stays visible, and no blended colour means something it does not.
      const over = p.overlaps_older === true;
      overlapping = overlapping || over;
      const layer = L.geoJSON(feature, {
        renderer: this.renderer,
        style: {
          color: unpublished ? "#6b7280" : p.colour,
          weight: contested || unpublished || over ? 3 : 1,
          dashArray: unpublished ? "2 4" : contested ? "8 5" : null,
          fill: !over || contested,
          fillColor: contested ? hatch(p.colour) : p.colour,
          fillOpacity: contested ? 0.7 : 0.3,
        },
      }).bindPopup(() => zonePopup(p), { maxWidth: 360 }).addTo(this.group);
      layer.bringToBack();
      const entry = controllers.get(p.controller_id) ||
        { label: p.controller_label, name: p.controller, colour: p.colour, contested: false };
      entry.contested = entry.contested || contested;
      controllers.set(p.controller_id, entry);
    });
    this.legend.replaceChildren();
    controllers.forEach((entry, id) => {
      const item = el("li");
      item.dataset.controllerId = id;
      item.title = entry.name;
      const swatch = el("span", null, "cm-swatch");
      swatch.style.backgroundColor = entry.colour;
      item.appendChild(swatch);
      item.appendChild(el("span", entry.label));
      if (entry.contested) {
        const dashed = el("span", null, "cm-swatch contested");
        dashed.style.backgroundColor = entry.colour;
        item.appendChild(dashed);
        item.appendChild(el("span", "contested", "cm-contested-note"));
      }
      this.legend.appendChild(item);
    });
    if (!controllers.size) this.legend.appendChild(el("li", "No zone recorded on this date."));
    this.overlapNote.hidden = !overlapping;
  }
}

// Territory that changed hands: outlines of what each controller gained (solid) and lost
// (dashed) between a comparison date and the map date, from /api/zones/changes.geojson.
import { getJSON } from "./api.js";
import { el } from "./dom.js";

export class ChangesLayer {
  constructor(map, { url, renderer, legend }) {
    this.url = url;
    this.renderer = renderer;
    this.legend = legend;
    this.group = L.featureGroup().addTo(map);
    this.ticket = 0;
  }

  clear() {
    this.ticket += 1;
    this.group.clearLayers();
    this.legend.replaceChildren();
  }

  async show(since, until) {
    const ticket = ++this.ticket;
    const query = new URLSearchParams({ from: since, to: until });
    const { data, error } = await getJSON(this.url + "?" + query.toString());
    if (ticket !== this.ticket) return; // another comparison was asked for meanwhile
    this.group.clearLayers();
    this.legend.replaceChildren();
    if (error) {
      this.legend.appendChild(el("li", error));
      return;
    }
    data.features.forEach((feature) => {
      L.geoJSON(feature, { renderer: this.renderer, interactive: false, style: changeStyle(feature.properties) })
        .addTo(this.group);
    });
    changeLegend(data.features, since).forEach((entry) => {
      const item = el("li", entry.text);
      if (entry.change) {
        item.dataset.change = entry.change;
        const swatch = el("span", null, "cm-swatch cm-change-" + entry.change);
        swatch.style.borderColor = entry.colour;
        item.prepend(swatch);
      }
      this.legend.appendChild(item);
    });
  }
}

// Gained ground is outlined solid, lost ground dashed, in the controller's colour.
export function changeStyle(p) {
  return { color: p.colour, weight: 4, opacity: 1, dashArray: p.change === "gained" ? null : "2 6", fill: false };
}

// One legend line per change, or a sentence when nothing changed hands.
export function changeLegend(features, since) {
  if (!features.length) return [{ text: `No territory changed hands since ${since}.` }];
  return features.map(({ properties: p }) => ({ text: `${p.controller_label} ${p.change}`, change: p.change, colour: p.colour }));
}

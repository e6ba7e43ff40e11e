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
      const p = feature.properties;
      const gained = p.change === "gained";
      L.geoJSON(feature, {
        renderer: this.renderer,
        interactive: false,
        style: { color: p.colour, weight: 4, opacity: 1, dashArray: gained ? null : "2 6", fill: false },
      }).addTo(this.group);
      const item = el("li", `${p.controller_label} ${p.change}`);
      item.dataset.change = p.change;
      const swatch = el("span", null, "cm-swatch cm-change-" + p.change);
      swatch.style.borderColor = p.colour;
      item.prepend(swatch);
      this.legend.appendChild(item);
    });
    if (!data.features.length) this.legend.appendChild(el("li", `No territory changed hands since ${since}.`));
  }
}

// The events in view, in step with the map: a row per event, a click flies the map to it.
import { el } from "./dom.js";
import { activeOn, isUnpublished } from "./events.js";

const MAX_ROWS = 200;

export class EventList {
  constructor(listEl, countEl, { onPick }) {
    this.listEl = listEl;
    this.countEl = countEl;
    this.onPick = onPick;
  }

  // Too many events in view to list: say how many, and how to see them.
  tooMany(count) {
    this.countEl.textContent = "(" + count + ")";
    this.listEl.replaceChildren(el("li", count + " events in view: zoom in or filter to list them.", "cm-hint"));
  }

  update(features, date) {
    const rows = features.slice().sort((a, b) =>
      a.properties.start_date.localeCompare(b.properties.start_date) || a.properties.id - b.properties.id);
    this.countEl.textContent = "(" + rows.length + ")";
    this.listEl.replaceChildren();
    rows.slice(0, MAX_ROWS).forEach((feature) => {
      const p = feature.properties;
      const item = el("li");
      const button = el("button");
      button.type = "button";
      button.dataset.eventId = p.id;
      if (activeOn(p, date)) button.classList.add("cm-today");
      const when = el("time", p.start_date === p.end_date ? p.start_date : p.start_date + " – " + p.end_date);
      when.dateTime = p.start_date;
      button.appendChild(when);
      if (isUnpublished(p)) button.appendChild(el("span", p.publication, "cm-status"));
      button.appendChild(el("span", p.title));
      button.addEventListener("click", () => this.onPick(p.id));
      item.appendChild(button);
      this.listEl.appendChild(item);
    });
    if (rows.length > MAX_ROWS) {
      this.listEl.appendChild(el("li", "…and " + (rows.length - MAX_ROWS) + " more: zoom in or filter.", "cm-hint"));
    }
  }
}

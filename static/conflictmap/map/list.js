// The events in view, in step with the map: a row per event, a click flies the map to it.
import { el } from "./dom.js";
import { activeOn, isUnpublished } from "./records.js";

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
    const { rows, total, more } = listRows(features, date);
    this.countEl.textContent = "(" + total + ")";
    this.listEl.replaceChildren();
    rows.forEach((r) => {
      const item = el("li");
      const button = el("button");
      button.type = "button";
      button.dataset.eventId = r.id;
      if (r.today) button.classList.add("cm-today");
      const when = el("time", r.when);
      when.dateTime = r.datetime;
      button.appendChild(when);
      if (r.status) button.appendChild(el("span", r.status, "cm-status"));
      button.appendChild(el("span", r.title));
      button.addEventListener("click", () => this.onPick(r.id));
      item.appendChild(button);
      this.listEl.appendChild(item);
    });
    if (more) this.listEl.appendChild(el("li", "…and " + more + " more: zoom in or filter.", "cm-hint"));
  }
}

// The list's rows: newest first, what a reader following a war wants at the top (then by id,
// newest first too, so the order never flickers), at most MAX_ROWS, each with its dates,
// whether it is under way on the map's date, and its status if not public.
export function listRows(features, date) {
  const sorted = features.slice().sort((a, b) =>
    b.properties.start_date.localeCompare(a.properties.start_date) || b.properties.id - a.properties.id);
  const rows = sorted.slice(0, MAX_ROWS).map(({ properties: p }) => ({
    id: p.id,
    when: p.start_date === p.end_date ? p.start_date : p.start_date + " – " + p.end_date,
    datetime: p.start_date,
    today: activeOn(p, date),
    status: isUnpublished(p) ? p.publication : null,
    title: p.title,
  }));
  return { rows, total: sorted.length, more: Math.max(0, sorted.length - MAX_ROWS) };
}

import { el } from "./dom.js";

export function fatalitiesText(f) {
  const known = [f.low, f.best, f.high].filter((v) => v !== null);
  if (!known.length) return "unknown";
  if (f.low !== null && f.high !== null && f.low !== f.high) {
    return f.low + "–" + f.high + (f.best !== null ? " (best estimate " + f.best + ")" : "");
  }
  return String(f.best !== null ? f.best : known[0]);
}

export function whenText(p) {
  const period = p.start_date === p.end_date ? p.start_date : p.start_date + " to " + p.end_date;
  return period + " (precise to the " + p.date_precision_label.toLowerCase() + ")";
}

const GEO_PRECISION = {
  1: "the place itself",
  2: "near the place, or part of an area",
  3: "a larger region",
};

function row(list, term, value) {
  list.appendChild(el("dt", term));
  const dd = el("dd");
  if (value instanceof Node) dd.appendChild(value); else dd.textContent = value;
  list.appendChild(dd);
}

// What a popup says of a source: its label, and its address when it is one a browser may open.
export function sourceLabel(source) {
  return (source.publisher || "Unknown publisher") + ", " +
    (source.published_on || "undated") + ": " + source.title;
}

export function safeLink(url) {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export function sourceItem(source) {
  const item = el("li", null, "cm-source");
  const label = sourceLabel(source);
  const href = safeLink(source.url);
  if (href) {
    const link = el("a", label);
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    item.appendChild(link);
  } else {
    item.appendChild(el("span", label));
  }
  item.appendChild(el("blockquote", "“" + source.quote + "”"));
  return item;
}

export function previewNote(p) {
  return p.publication && p.publication !== "published" ? "Preview: " + p.publication + ", not public" : null;
}

// An event's facts as [term, text] rows; the actors' row holds a list of names, or a sentence.
export function eventFacts(p) {
  return [
    ["When", whenText(p)],
    ["Type", p.event_type_label + " / " + p.sub_event_type_label],
    ["Actors", p.actors.length ? p.actors.map((a) => a.name + " (" + a.role_label + ")") : "none recorded"],
    ["Fatalities", fatalitiesText(p.fatalities)],
    ["Where", (p.place || "unnamed place") + ": " + GEO_PRECISION[p.geo_precision] +
      (p.location_note ? " (" + p.location_note + ")" : "")],
  ];
}

export function zoneTitle(p) {
  return p.controller + (p.status === "contested" ? " (contested)" : "");
}

export function zoneFacts(p) {
  const facts = [["Valid", p.valid_from + " to " + (p.valid_to || "now")]];
  if (p.previous_from) facts.push(["Previously", "drawn otherwise from " + p.previous_from + " to " + p.previous_to]);
  facts.push(["Confidence", p.confidence_label]);
  return facts;
}

// The permalink of event `id`, from the page's pattern for event 0.
export function detailLink(detailUrl, id) {
  return detailUrl.replace(/\/0\/$/, "/" + id + "/");
}

function factList(facts) {
  const list = el("dl");
  facts.forEach(([term, value]) => {
    if (Array.isArray(value)) {
      const items = el("ul");
      value.forEach((text) => items.appendChild(el("li", text)));
      row(list, term, items);
    } else {
      row(list, term, value);
    }
  });
  return list;
}

export function eventPopup(p, detailUrl) {
  const box = el("article", null, "cm-popup");
  const note = previewNote(p);
  if (note) box.appendChild(el("p", note, "cm-status"));
  box.appendChild(el("h3", p.title));
  box.appendChild(factList(eventFacts(p)));
  box.appendChild(el("p", p.summary));
  box.appendChild(el("h4", "Sources"));
  const sources = el("ul");
  p.sources.forEach((s) => sources.appendChild(sourceItem(s)));
  box.appendChild(sources);
  const link = el("a", "Permalink and downloads");
  link.href = detailLink(detailUrl, p.id);
  box.appendChild(link);
  return box;
}

export function zonePopup(p) {
  const box = el("article", null, "cm-popup");
  const note = previewNote(p);
  if (note) box.appendChild(el("p", note, "cm-status"));
  box.appendChild(el("h3", zoneTitle(p)));
  box.appendChild(factList(zoneFacts(p)));
  if (p.note) box.appendChild(el("p", p.note));
  const sources = el("ul");
  p.sources.forEach((s) => sources.appendChild(sourceItem(s)));
  box.appendChild(sources);
  return box;
}

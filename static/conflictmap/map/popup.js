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

export function sourceItem(source) {
  const item = el("li", null, "cm-source");
  const label = (source.publisher || "Unknown publisher") + ", " +
    (source.published_on || "undated") + ": " + source.title;
  if (source.url && /^https?:\/\//i.test(source.url)) {
    const link = el("a", label);
    link.href = source.url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    item.appendChild(link);
  } else {
    item.appendChild(el("span", label));
  }
  item.appendChild(el("blockquote", "“" + source.quote + "”"));
  return item;
}

export function eventPopup(p, detailUrl) {
  const box = el("article", null, "cm-popup");
  if (p.publication && p.publication !== "published") {
    box.appendChild(el("p", "Preview: " + p.publication + ", not public", "cm-status"));
  }
  box.appendChild(el("h3", p.title));
  const facts = el("dl");
  row(facts, "When", whenText(p));
  row(facts, "Type", p.event_type_label + " / " + p.sub_event_type_label);
  const actors = el("ul");
  p.actors.forEach((a) => actors.appendChild(el("li", a.name + " (" + a.role_label + ")")));
  row(facts, "Actors", p.actors.length ? actors : "none recorded");
  row(facts, "Fatalities", fatalitiesText(p.fatalities));
  row(facts, "Where", (p.place || "unnamed place") + ": " + GEO_PRECISION[p.geo_precision] +
    (p.location_note ? " (" + p.location_note + ")" : ""));
  box.appendChild(facts);
  box.appendChild(el("p", p.summary));
  box.appendChild(el("h4", "Sources"));
  const sources = el("ul");
  p.sources.forEach((s) => sources.appendChild(sourceItem(s)));
  box.appendChild(sources);
  const link = el("a", "Permalink and downloads");
  link.href = detailUrl.replace(/\/0\/$/, "/" + p.id + "/");
  box.appendChild(link);
  return box;
}

export function zonePopup(p) {
  const box = el("article", null, "cm-popup");
  if (p.publication && p.publication !== "published") {
    box.appendChild(el("p", "Preview: " + p.publication + ", not public", "cm-status"));
  }
  box.appendChild(el("h3", p.controller + (p.status === "contested" ? " (contested)" : "")));
  const facts = el("dl");
  row(facts, "Valid", p.valid_from + " to " + (p.valid_to || "now"));
  if (p.previous_from) {
    row(facts, "Previously", "drawn otherwise from " + p.previous_from + " to " + p.previous_to);
  }
  row(facts, "Confidence", p.confidence_label);
  box.appendChild(facts);
  if (p.note) box.appendChild(el("p", p.note));
  const sources = el("ul");
  p.sources.forEach((s) => sources.appendChild(sourceItem(s)));
  box.appendChild(sources);
  return box;
}

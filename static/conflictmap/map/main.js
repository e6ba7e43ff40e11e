// The researchers' map: wires the URL state, the filters, the date control, the map layers,
// the list and the timeline together. Data comes from the read API (/api/*).
import { getJSON } from "./api.js";
import { addDays, clampDate, daysBetween, isISODate } from "./dates.js";
import { TYPE_COLOURS, shapeClipPath } from "./dom.js";
import { ChangesLayer } from "./changes.js";
import { Charts } from "./charts.js";
import { EventLayer } from "./events.js";
import { EventList } from "./list.js";
import { MULTI_FILTERS, SINGLE_FILTERS, filterParams, mapPeriod, readState, viewQuery, writeState } from "./state.js";
import { Territory } from "./territory.js";
import { Timeline } from "./timeline.js";
import { ZoneLayer } from "./zones.js";

const root = document.querySelector(".cm-main");
const config = JSON.parse(root.dataset.config);
const state = readState(window.location.search, config);
const $ = (id) => document.getElementById(id);
const form = $("cm-filters");
const slider = $("cm-slider");
const dateInput = $("cm-date");
const errorBox = $("cm-error");
let events, zones, changes, charts, territory, list, timeline, map, playing = null;

function showError(message) {
  errorBox.hidden = !message;
  errorBox.textContent = message || "";
}

// ---- filters <-> form ----------------------------------------------------------------------
function fillForm() {
  SINGLE_FILTERS.forEach((name) => { form.elements[name].value = state.filters[name]; });
  form.querySelectorAll("input[name=type]").forEach((box) => {
    box.checked = state.filters.type.includes(box.value);
  });
  ["sub_type", "actor"].forEach((name) => {
    Array.from(form.elements[name].options).forEach((option) => {
      option.selected = state.filters[name].includes(option.value);
    });
  });
}

function readForm() {
  SINGLE_FILTERS.forEach((name) => { state.filters[name] = form.elements[name].value.trim(); });
  state.filters.type = Array.from(form.querySelectorAll("input[name=type]:checked")).map((b) => b.value);
  ["sub_type", "actor"].forEach((name) => {
    state.filters[name] = Array.from(form.elements[name].selectedOptions).map((o) => o.value);
  });
}

// The count of events drawn, and its noun agreeing with it ("1 event", "0 events", "— events").
function showCount(text) {
  $("cm-count").textContent = text;
  $("cm-count-noun").textContent = text === "1" ? "event" : "events";
}

// ---- downloads -----------------------------------------------------------------------------
// `url` with the query parts that are not empty.
function withQuery(url, ...parts) {
  const query = parts.filter(Boolean).join("&");
  return query ? url + "?" + query : url;
}

// The events drawn (`drawn`: null when the window holds none), and the whole filtered period.
function setDownloads(drawn, whole) {
  const links = [
    ["csv", root.dataset.csvUrl, ""],
    ["acled", root.dataset.acledUrl, ""],
    ["geojson", root.dataset.eventsUrl, "download=1"],
    ["gpkg", root.dataset.gpkgUrl, "map_date=" + state.date],
  ];
  links.forEach(([name, url, extra]) => {
    const link = $("cm-export-" + name);
    if (drawn === null) {
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
    } else {
      link.href = withQuery(url, drawn, extra);
      link.removeAttribute("aria-disabled");
    }
    const period = $("cm-export-period-" + name);
    if (period) period.href = withQuery(url, whole, extra);
  });
}

// ---- data ----------------------------------------------------------------------------------
// The view's events, or their counts per cell when too many to draw: never the whole database.
let eventsTicket = 0;
async function loadEvents({ moved = false } = {}) {
  // The map draws the period filter's events cut to the window ending on the map date, in the
  // view's box; "the events drawn" downloads take the same query, the others the whole period.
  const period = mapPeriod(state);
  const view = viewQuery(state, viewBox());
  setDownloads(period.empty ? null : view.toString(), filterParams(state.filters).toString());
  view.set("zoom", String(Math.round(map.getZoom())));
  $("cm-span").textContent = period.empty ? "(the period filter ends before the map date)"
    : period.start ? `from ${period.start} to ${period.end}` : `up to ${period.end}`;
  const ticket = ++eventsTicket;
  if (period.empty) {
    events.setAnswer({ mode: "points", features: [] });
    showCount("0");
    refreshList();
    return;
  }
  const { data, error } = await getJSON(root.dataset.viewUrl + "?" + view.toString());
  if (ticket !== eventsTicket) { // a newer view was asked for meanwhile
    window.conflictmap.dropped += 1;
    return;
  }
  if (error) {
    showError(error);
    showCount("—");
    events.setAnswer({ mode: "points", features: [] });
    refreshList();
    return;
  }
  showError("");
  events.setAnswer(data, { moved });
  showCount(String(events.total));
  refreshList();
}

// The map's bounds as minLon,minLat,maxLon,maxLat, within the world (Leaflet's may wrap past it).
function viewBox() {
  const b = map.getBounds();
  const west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
  const south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
  return [west, south, Math.max(east, west + 1e-4), Math.max(north, south + 1e-4)]
    .map((v) => v.toFixed(4)).join(",");
}

let timelineTicket = 0;
async function loadTimeline() {
  // The bars show every period, so that a new one can be brushed; the other filters apply.
  const query = filterParams(state.filters, { omit: ["start", "end"] }).toString();
  const ticket = ++timelineTicket;
  const { data } = await getJSON(root.dataset.timelineUrl + (query ? "?" + query : ""));
  if (ticket !== timelineTicket) { // an older answer, arriving after a newer one
    window.conflictmap.dropped += 1;
    return;
  }
  if (data) timeline.setCounts(data.days);
}

function refreshList() {
  if (events.cells) {
    list.tooMany(events.total);
    return;
  }
  list.update(events.inView(), state.date);
}

function filtersChanged() {
  writeState(state);
  timeline.setPeriod(state.filters.start, state.filters.end);
  loadEvents();
  loadTimeline();
  charts.setQuery(filterParams(state.filters).toString());
  territory.setPeriod(...territoryPeriod());
}

// The territory chart's period: the filters' own, or the days the zones cover.
function territoryPeriod() {
  const first = state.filters.start || config.zones_first;
  const last = state.filters.end || config.zones_last || config.last;
  return [first, last];
}

// ---- the date ------------------------------------------------------------------------------
function setDate(iso) {
  if (!isISODate(iso)) return;
  state.date = clampDate(iso, config.first, config.last);
  dateInput.value = state.date;
  slider.value = String(daysBetween(config.first, state.date));
  writeState(state);
  zones.show(state.date);
  events.setDate(state.date);
  timeline.setDate(state.date);
  showZoneSpan();
  showChanges();
  territory.setDate(state.date);
  $("cm-export-zones").href = root.dataset.zonesExportUrl + "?date=" + state.date;
  $("cm-export-zones-gpkg").href = $("cm-export-zones").href.replace(/\.geojson\?/, ".gpkg?");
  loadEvents();
}

// The outlines of what changed hands since the comparison date (a week before, unless chosen).
function showChanges() {
  const on = $("cm-changes-on");
  const since = $("cm-changes-since");
  on.checked = Boolean(state.since);
  if (state.since || !isISODate(since.value)) since.value = state.since || addDays(state.date, -7);
  if (!state.since) {
    changes.clear();
    return;
  }
  changes.show(state.since <= state.date ? state.since : state.date, state.date);
}

// Outside the days any zone covers the map has no front lines to draw: it says so.
function showZoneSpan() {
  const notice = $("cm-zone-notice");
  let text = "";
  if (!config.zones_first) text = "No control zones are recorded yet.";
  else if (config.zones_last && state.date > config.zones_last) text = `No control zones are recorded after ${config.zones_last}.`;
  else if (state.date < config.zones_first) text = `No control zones are recorded before ${config.zones_first}.`;
  notice.hidden = !text;
  notice.textContent = text;
}

const PLAY_STEP_MS = 1000;

function togglePlay() {
  const button = $("cm-play");
  if (playing) {
    clearInterval(playing);
    playing = null;
  } else {
    if (state.date >= config.last) setDate(config.first);
    // One step a second, of the length chosen (read at each step: it may change while playing).
    playing = setInterval(() => {
      if (state.date >= config.last) { togglePlay(); return; }
      setDate(addDays(state.date, Number($("cm-play-step").value) || 1));
    }, PLAY_STEP_MS);
  }
  button.textContent = playing ? "Pause" : "Play";
  button.setAttribute("aria-pressed", playing ? "true" : "false");
}

// ---- wiring --------------------------------------------------------------------------------
function start(leafletMap) {
  map = leafletMap;
  // A handle for the browser console and the browser tests; `dropped` counts the answers that
  // arrived after a newer one and were left unused.
  window.conflictmap = { map, state, dropped: 0 };
  // At once, not animated: the first request for events must already be for this view.
  if (state.view) map.setView([state.view.lat, state.view.lon], state.view.zoom, { animate: false });
  // One canvas for zones and events: tens of thousands of circles stay smooth, and events,
  // drawn last, are always the ones a click reaches.
  const renderer = L.canvas({ padding: 0.5 });
  zones = new ZoneLayer(map, {
    url: root.dataset.zonesUrl, legend: $("cm-legend"), legendDate: $("cm-legend-date"),
    overlapNote: $("cm-overlap-note"),
    renderer, onError: showError,
  });
  changes = new ChangesLayer(map, {
    url: root.dataset.changesUrl, renderer, legend: $("cm-changes-legend"),
  });
  events = new EventLayer(map, {
    detailUrl: root.dataset.detailUrl, factsUrl: root.dataset.factsUrl, renderer,
  });
  const typeLabels = {};
  form.querySelectorAll("input[name=type]").forEach((box) => {
    typeLabels[box.value] = box.parentElement.textContent.trim();
  });
  charts = new Charts($("cm-charts-panel"), { url: root.dataset.weeklyUrl, labels: typeLabels });
  territory = new Territory($("cm-territory-panel"), {
    url: root.dataset.territoryUrl, changesUrl: root.dataset.changesUrl, onDate: setDate,
  });
  territory.setPeriod(...territoryPeriod());
  list = new EventList($("cm-list"), $("cm-list-count"), { onPick: (id) => events.open(id) });
  timeline = new Timeline($("cm-timeline"), {
    first: config.first,
    last: config.last,
    onDate: setDate,
    onPeriod: (startISO, endISO) => {
      state.filters.start = startISO;
      state.filters.end = endISO;
      fillForm();
      filtersChanged();
    },
  });

  slider.max = String(daysBetween(config.first, config.last));
  slider.addEventListener("input", () => setDate(addDays(config.first, Number(slider.value))));
  dateInput.addEventListener("change", () => setDate(dateInput.value));
  document.querySelectorAll(".cm-step").forEach((button) => {
    button.addEventListener("click", () => setDate(addDays(state.date, Number(button.dataset.step))));
  });
  $("cm-play").addEventListener("click", togglePlay);
  // A long record plays a week a second unless chosen otherwise; a short one, a day.
  $("cm-play-step").value = daysBetween(config.first, config.last) > 365 ? "7" : "1";
  $("cm-changes-on").addEventListener("change", (event) => {
    state.since = event.target.checked ? $("cm-changes-since").value : "";
    writeState(state);
    showChanges();
  });
  $("cm-changes-since").addEventListener("change", (event) => {
    if (!isISODate(event.target.value) || !$("cm-changes-on").checked) return;
    state.since = event.target.value;
    writeState(state);
    showChanges();
  });
  // What the address asked for that could not be read, said once; a click puts it away.
  if (state.problems.length) {
    const notice = $("cm-query-notice");
    notice.textContent = state.problems.join(" ");
    notice.hidden = false;
    notice.addEventListener("click", () => { notice.hidden = true; });
  }
  const windowChoice = $("cm-window");
  windowChoice.value = state.window;
  windowChoice.addEventListener("change", () => {
    state.window = windowChoice.value;
    writeState(state);
    loadEvents();
  });
  $("cm-reset").addEventListener("click", () => window.location.assign(window.location.pathname));

  let typing = null;
  form.addEventListener("change", () => { readForm(); filtersChanged(); });
  form.elements.q.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => { readForm(); filtersChanged(); }, 350);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  // Escape closes the popup wherever the focus is (Leaflet's own needs the map focused).
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") map.closePopup();
  });

  let moving = null;
  map.on("moveend", () => {
    const centre = map.getCenter();
    state.view = { lat: centre.lat, lon: centre.lng, zoom: map.getZoom() };
    writeState(state);
    refreshList();
    clearTimeout(moving);
    moving = setTimeout(() => loadEvents({ moved: true }), 150); // a pan in several steps asks once
  });

  document.querySelectorAll(".cm-type-dot").forEach((dot) => {
    dot.style.backgroundColor = TYPE_COLOURS[dot.dataset.type];
    dot.style.clipPath = shapeClipPath(dot.dataset.type);
  });
  if (window.matchMedia("(max-width: 800px)").matches) {
    // On a phone the map comes first: filters and timeline open on demand.
    $("cm-filters-panel").open = false;
    $("cm-timeline-panel").open = false;
  }

  fillForm();
  timeline.setPeriod(state.filters.start, state.filters.end);
  setDate(state.date); // which loads the events
  loadTimeline();
  charts.setQuery(filterParams(state.filters).toString());
}

window.addEventListener("map:init", (event) => {
  if (event.detail.id === "cm-map") start(event.detail.map);
});

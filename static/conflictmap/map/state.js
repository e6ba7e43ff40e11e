// The map's whole state lives in the URL: reload or share the link and the same view returns.
// Filter parameters use the API's own names, so a map URL's filters are an API query.
import { addDays, isISODate } from "./dates.js";

export const SINGLE_FILTERS = ["start", "end", "q", "min_fatalities"];
export const MULTI_FILTERS = ["type", "sub_type", "actor"];

// Which events the map draws on its date: those of the day, of the days before it, or all up to
// it; never those after it (the map date is the state of the world on that day).
export const WINDOWS = { day: 0, week: 6, month: 29, all: null };
export const DEFAULT_WINDOW = "all";

export function emptyFilters() {
  const filters = {};
  SINGLE_FILTERS.forEach((name) => { filters[name] = ""; });
  MULTI_FILTERS.forEach((name) => { filters[name] = []; });
  return filters;
}

export function readState(search, config) {
  const params = new URLSearchParams(search);
  const filters = emptyFilters();
  SINGLE_FILTERS.forEach((name) => { filters[name] = (params.get(name) || "").trim(); });
  MULTI_FILTERS.forEach((name) => {
    filters[name] = params.getAll(name).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  });
  const date = isISODate(params.get("date")) ? params.get("date") : config.last;
  const lat = parseFloat(params.get("lat"));
  const lon = parseFloat(params.get("lon"));
  const zoom = parseInt(params.get("z"), 10);
  const view = [lat, lon, zoom].every(Number.isFinite) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
    ? { lat, lon, zoom } : null;
  // A staff preview stays one across reloads and shared links (the server checks who asks).
  const preview = params.get("preview") === "1";
  const trailing = params.get("window");
  // The comparison date of the "what changed" outlines, when they are on.
  const since = isISODate(params.get("since")) ? params.get("since") : "";
  return {
    date, filters, view, preview, since,
    window: Object.hasOwn(WINDOWS, trailing) ? trailing : DEFAULT_WINDOW,
    problems: queryProblems(params, { date, view }),
  };
}

// What in the page's address could not be read, each naming its parameter and what the map
// shows instead: a link that is wrong says so, never falls back in silence.
function queryProblems(params, { date, view }) {
  const problems = [];
  const given = (name) => params.get(name) !== null && params.get(name).trim() !== "";
  if (given("date") && !isISODate(params.get("date"))) {
    problems.push(`date=${params.get("date")} is not a day (YYYY-MM-DD): the map shows ${date}.`);
  }
  if (given("since") && !isISODate(params.get("since"))) {
    problems.push(`since=${params.get("since")} is not a day (YYYY-MM-DD): no comparison is drawn.`);
  }
  if (given("window") && !Object.hasOwn(WINDOWS, params.get("window"))) {
    problems.push(`window=${params.get("window")} is not one of ${Object.keys(WINDOWS).join(", ")}: ` +
      `the map shows ${DEFAULT_WINDOW}.`);
  }
  if (["lat", "lon", "z"].some(given) && view === null) {
    problems.push("lat, lon and z must be a latitude, a longitude and a zoom level: " +
      "the map shows the whole region.");
  }
  return problems;
}

// The period the map draws: the period filter's, cut to the window that ends on the map date.
// `empty` when the two do not meet (a filter period after the date, say).
export function mapPeriod(state) {
  const days = WINDOWS[state.window];
  const windowStart = days === null ? "" : addDays(state.date, -days);
  const start = [state.filters.start, windowStart].filter(Boolean).sort().pop() || "";
  const end = [state.filters.end, state.date].filter(Boolean).sort()[0];
  return { start, end, empty: start !== "" && start > end };
}

// The query of what the map draws: the filters, the days of the window ending on the map date
// (cut to the period filter), and the view's box. The map's own requests and the downloads of
// "the events drawn" both use it, so a download holds exactly what is on screen.
export function viewQuery(state, bbox) {
  const period = mapPeriod(state);
  const params = filterParams(state.filters, { omit: ["start", "end"] });
  if (period.start) params.set("start", period.start);
  params.set("end", period.end);
  if (bbox) params.set("bbox", bbox);
  return params;
}

export function filterParams(filters, { omit = [] } = {}) {
  const params = new URLSearchParams();
  SINGLE_FILTERS.forEach((name) => {
    if (!omit.includes(name) && filters[name] !== "") params.set(name, filters[name]);
  });
  MULTI_FILTERS.forEach((name) => {
    if (!omit.includes(name)) filters[name].forEach((value) => params.append(name, value));
  });
  return params;
}

export function writeState(state) {
  const params = new URLSearchParams({ date: state.date });
  if (state.window !== DEFAULT_WINDOW) params.set("window", state.window);
  if (state.since) params.set("since", state.since);
  if (state.preview) params.set("preview", "1");
  filterParams(state.filters).forEach((value, name) => params.append(name, value));
  if (state.view) {
    params.set("lat", state.view.lat.toFixed(4));
    params.set("lon", state.view.lon.toFixed(4));
    params.set("z", String(state.view.zoom));
  }
  const url = window.location.pathname + "?" + params.toString();
  if (url !== window.location.pathname + window.location.search) {
    window.history.replaceState(null, "", url);
  }
}

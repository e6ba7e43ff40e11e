// The map's URL state and the period it draws (static/conflictmap/map/state.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { filterParams, mapPeriod, readState, viewQuery } from "../../static/conflictmap/map/state.js";

const CONFIG = { first: "2017-01-01", last: "2017-06-21" };

test("the URL gives the date, the window, the comparison date and the filters", () => {
  const state = readState("?date=2017-06-08&window=week&since=2017-06-01&type=battles,strategic&q=drone", CONFIG);
  assert.equal(state.date, "2017-06-08");
  assert.equal(state.window, "week");
  assert.equal(state.since, "2017-06-01");
  assert.deepEqual(state.filters.type, ["battles", "strategic"]);
  assert.equal(filterParams(state.filters).toString(), "q=drone&type=battles&type=strategic");
});

test("unknown windows and bad dates fall back to the defaults", () => {
  const state = readState("?date=2017-02-30&window=year&since=soon", CONFIG);
  assert.equal(state.date, "2017-06-21");
  assert.equal(state.window, "all");
  assert.equal(state.since, "");
});

test("the map draws up to its date, never after it", () => {
  const state = readState("?date=2017-06-08", CONFIG);
  assert.deepEqual(mapPeriod(state), { start: "", end: "2017-06-08", empty: false });
});

test("a window ends on the map date and meets the period filter", () => {
  assert.deepEqual(mapPeriod(readState("?date=2017-06-08&window=day", CONFIG)),
    { start: "2017-06-08", end: "2017-06-08", empty: false });
  assert.deepEqual(mapPeriod(readState("?date=2017-06-20&window=month&start=2017-06-09", CONFIG)),
    { start: "2017-06-09", end: "2017-06-20", empty: false });
  assert.deepEqual(mapPeriod(readState("?date=2017-06-20&window=week&end=2017-06-10", CONFIG)),
    { start: "2017-06-14", end: "2017-06-10", empty: true });
});

test("what is drawn: the window cut to the period filter, the view's box, the other filters", () => {
  const state = readState("?date=2017-06-20&window=month&start=2017-06-09&type=battles&q=drone", CONFIG);
  const query = viewQuery(state, "36.0,32.0,40.0,35.0");
  assert.equal(query.get("start"), "2017-06-09", "the filter's start is later than the window's");
  assert.equal(query.get("end"), "2017-06-20", "never past the map date");
  assert.equal(query.get("bbox"), "36.0,32.0,40.0,35.0");
  assert.deepEqual(query.getAll("type"), ["battles"]);
  assert.equal(query.get("q"), "drone");
  const everything = viewQuery(readState("?date=2017-06-20&window=all", CONFIG), "");
  assert.equal(everything.get("start"), null, "no window: from the beginning");
  assert.equal(everything.get("bbox"), null);
});

test("an address the map cannot read is named, with what the map shows instead", () => {
  const state = readState("?date=2017-13-45&window=fortnight&since=yesterday&lat=95&lon=38&z=8", CONFIG);
  assert.equal(state.date, "2017-06-21");
  assert.deepEqual(state.problems, [
    "date=2017-13-45 is not a day (YYYY-MM-DD): the map shows 2017-06-21.",
    "since=yesterday is not a day (YYYY-MM-DD): no comparison is drawn.",
    "window=fortnight is not one of day, week, month, all: the map shows all.",
    "lat, lon and z must be a latitude, a longitude and a zoom level: the map shows the whole region.",
  ]);
  assert.deepEqual(readState("?date=2017-06-08&window=week&lat=33.6&lon=37.9&z=8", CONFIG).problems, []);
  assert.deepEqual(readState("", CONFIG).problems, [], "nothing asked, nothing wrong");
});

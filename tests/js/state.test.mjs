// The map's URL state and the period it draws (static/conflictmap/map/state.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { filterParams, mapPeriod, readState } from "../../static/conflictmap/map/state.js";

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

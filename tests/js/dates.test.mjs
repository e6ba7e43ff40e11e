// The map's date arithmetic and time-axis ticks (static/conflictmap/map/dates.js): pure
// functions, run by `node --test` (make lint).
import assert from "node:assert/strict";
import { test } from "node:test";

import { addDays, clampDate, daysBetween, isISODate, monthTicks } from "../../static/conflictmap/map/dates.js";

test("ISO days are checked as calendar days", () => {
  assert.equal(isISODate("2017-06-20"), true);
  assert.equal(isISODate("2017-02-30"), false);
  assert.equal(isISODate("2017-6-20"), false);
  assert.equal(isISODate(null), false);
});

test("day arithmetic crosses months, years and leap days in UTC", () => {
  assert.equal(addDays("2017-06-20", -20), "2017-05-31");
  assert.equal(addDays("2016-02-28", 1), "2016-02-29");
  assert.equal(addDays("2017-12-31", 1), "2018-01-01");
  assert.equal(daysBetween("2017-01-01", "2017-06-21"), 171);
  assert.equal(clampDate("2016-12-01", "2017-01-01", "2017-06-21"), "2017-01-01");
});

test("a half-year span gets a tick and a name for every month, the year on the first", () => {
  const ticks = monthTicks("2017-01-01", "2017-06-21", 1300);
  assert.deepEqual(ticks.map((t) => t.label), ["Jan 2017", "Feb", "Mar", "Apr", "May", "Jun"]);
  assert.deepEqual(ticks.map((t) => t.iso), [
    "2017-01-01", "2017-02-01", "2017-03-01", "2017-04-01", "2017-05-01", "2017-06-01",
  ]);
});

test("a span starting mid-month begins with the next month", () => {
  assert.equal(monthTicks("2017-01-15", "2017-03-01", 600)[0].iso, "2017-02-01");
});

test("long spans thin out the ticks so that labels keep their distance", () => {
  const ticks = monthTicks("2010-01-05", "2020-06-21", 1300);
  const gap = 1300 / (ticks.length + 1);
  assert.ok(gap >= 44, `ticks ${gap.toFixed(0)} px apart`);
  assert.ok(ticks.every((t) => t.iso.endsWith("-01-01") || t.iso.endsWith("-07-01")));
  assert.ok(ticks.filter((t) => t.major).every((t) => /^(Jan|Jul) \d{4}$/.test(t.label)));
  assert.deepEqual(monthTicks("2000-01-01", "2020-01-01", 300).map((t) => t.label).slice(0, 2), ["2000", "2005"]);
});

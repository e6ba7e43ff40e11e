// The list of events in view (static/conflictmap/map/list.js), run by `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { listRows } from "../../static/conflictmap/map/list.js";

const feature = (id, start, end, extra = {}) => ({
  properties: { id, start_date: start, end_date: end, title: "Event " + id, ...extra },
});

test("newest first, then by id, with a period's two ends", () => {
  const { rows, total, more } = listRows([
    feature(9, "2017-06-08", "2017-06-08"),
    feature(3, "2017-06-01", "2017-06-07"),
    feature(5, "2017-06-08", "2017-06-08"),
  ], "2017-06-08");
  assert.deepEqual(rows.map((r) => r.id), [9, 5, 3]);
  assert.equal(rows[2].when, "2017-06-01 – 2017-06-07");
  assert.equal(rows[2].datetime, "2017-06-01");
  assert.equal(rows[0].when, "2017-06-08");
  assert.equal(total, 3);
  assert.equal(more, 0);
});

test("an event under way on the map's date is marked, one that ended is not", () => {
  const { rows } = listRows([feature(1, "2017-06-01", "2017-06-07"), feature(2, "2017-06-07", "2017-06-09")], "2017-06-08");
  assert.deepEqual(rows.map((r) => [r.id, r.today]), [[2, true], [1, false]]);
});

test("staff's preview names the status of what is not public", () => {
  const { rows } = listRows([
    feature(1, "2017-06-01", "2017-06-01", { publication: "draft" }),
    feature(2, "2017-06-02", "2017-06-02", { publication: "published" }),
    feature(3, "2017-06-03", "2017-06-03"),
  ], "2017-06-08");
  assert.deepEqual(rows.map((r) => r.status), [null, null, "draft"]);
});

test("at most 200 rows, the newest, and how many more", () => {
  const many = Array.from({ length: 230 }, (_, i) => feature(i + 1, "2017-06-01", "2017-06-01"));
  const { rows, total, more } = listRows(many, "2017-06-01");
  assert.equal(rows.length, 200);
  assert.equal(total, 230);
  assert.equal(more, 30);
  assert.equal(rows[0].id, 230);
  assert.equal(rows[199].id, 31);
});

test("the features given are left in their order", () => {
  const given = [feature(2, "2017-06-02", "2017-06-02"), feature(1, "2017-06-01", "2017-06-01")];
  listRows(given, "2017-06-01");
  assert.deepEqual(given.map((f) => f.properties.id), [2, 1]);
});

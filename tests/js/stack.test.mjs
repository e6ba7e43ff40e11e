// The territory chart's arithmetic (static/conflictmap/map/stack.js), run by `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { chooseStep, seriesByController, stacked } from "../../static/conflictmap/map/stack.js";

const actor = (id, name) => ({ id, name, colour: "#000000" });

test("the step keeps a period's series short", () => {
  assert.equal(chooseStep("2017-06-01", "2017-06-21"), "day");
  assert.equal(chooseStep("2017-01-01", "2017-12-31"), "week");
  assert.equal(chooseStep("2012-01-01", "2017-12-31"), "month");
});

test("held ground becomes one row per controller, 0 where it held none, contested left out", () => {
  const answer = {
    series: [
      { date: "2017-06-01", actor: actor(1, "Small"), status: "held", area_km2: 5, population: 10 },
      { date: "2017-06-02", actor: actor(1, "Small"), status: "held", area_km2: 7, population: 10 },
      { date: "2017-06-02", actor: actor(2, "Large"), status: "held", area_km2: 90, population: 1 },
      { date: "2017-06-02", actor: actor(2, "Large"), status: "contested", area_km2: 3, population: 0 },
    ],
  };
  const { dates, rows } = seriesByController(answer, "area_km2");
  assert.deepEqual(dates, ["2017-06-01", "2017-06-02"]);
  assert.deepEqual(rows.map((r) => [r.name, r.values]), [["Large", [0, 90]], ["Small", [5, 7]]]);
  assert.deepEqual(seriesByController(answer, "population").rows[0].values, [10, 10]);
});

test("stacking sums each row with the rows below it", () => {
  assert.deepEqual(stacked([{ values: [1, 2] }, { values: [10, 20] }, { values: [0, 5] }]), [
    [1, 2], [11, 22], [11, 27],
  ]);
});

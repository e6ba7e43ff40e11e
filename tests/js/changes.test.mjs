// Territory that changed hands (static/conflictmap/map/changes.js), run by `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { changeLegend, changeStyle } from "../../static/conflictmap/map/changes.js";

// Properties as /api/zones/changes.geojson gives them.
const gained = { controller_label: "Syrian government", change: "gained", colour: "#C0392B" };
const lost = { controller_label: "Islamic State", change: "lost", colour: "#222222" };

test("gained ground is outlined solid and lost ground dashed, in the controller's colour, unfilled", () => {
  assert.deepEqual(changeStyle(gained), { color: "#C0392B", weight: 4, opacity: 1, dashArray: null, fill: false });
  const dashed = changeStyle(lost);
  assert.equal(dashed.dashArray, "2 6");
  assert.equal(dashed.color, "#222222");
  assert.equal(dashed.fill, false);
});

test("one legend line per change, with what the swatch needs", () => {
  assert.deepEqual(changeLegend([{ properties: gained }, { properties: lost }], "2017-06-01"), [
    { text: "Syrian government gained", change: "gained", colour: "#C0392B" },
    { text: "Islamic State lost", change: "lost", colour: "#222222" },
  ]);
});

test("nothing changed hands: a sentence with the comparison date, and no swatch", () => {
  assert.deepEqual(changeLegend([], "2017-06-01"), [{ text: "No territory changed hands since 2017-06-01." }]);
});

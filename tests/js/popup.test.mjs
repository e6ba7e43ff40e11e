// What an event's and a zone's popup say (static/conflictmap/map/popup.js), run by `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  detailLink, eventFacts, fatalitiesText, previewNote, safeLink, sourceLabel, whenText, zoneFacts, zoneTitle,
} from "../../static/conflictmap/map/popup.js";

// An event's properties as /api/events.geojson?fields=full gives them (tests/web/test_api.py).
const EVENT = {
  id: 7,
  title: "IS drone shot down near al-Tanf",
  start_date: "2017-06-08",
  end_date: "2017-06-08",
  date_precision_label: "Day",
  event_type_label: "Strategic developments",
  sub_event_type_label: "Other",
  actors: [{ name: "Coalition forces", role_label: "Side A" }, { name: "Islamic State", role_label: "Side B" }],
  fatalities: { low: null, best: 0, high: null },
  place: "al-Tanf",
  geo_precision: 2,
  location_note: "",
  publication: "published",
};

test("fatalities: a range with its best estimate, one number, or unknown", () => {
  assert.equal(fatalitiesText({ low: 10, best: 12, high: 20 }), "10–20 (best estimate 12)");
  assert.equal(fatalitiesText({ low: 10, best: null, high: 20 }), "10–20");
  assert.equal(fatalitiesText({ low: 5, best: 5, high: 5 }), "5");
  assert.equal(fatalitiesText({ low: null, best: 0, high: null }), "0", "0 is a count, not unknown");
  assert.equal(fatalitiesText({ low: 3, best: null, high: null }), "3");
  assert.equal(fatalitiesText({ low: null, best: null, high: null }), "unknown");
});

test("when: one day or a period, with its precision", () => {
  assert.equal(whenText(EVENT), "2017-06-08 (precise to the day)");
  assert.equal(whenText({ ...EVENT, end_date: "2017-06-14", date_precision_label: "Week" }),
    "2017-06-08 to 2017-06-14 (precise to the week)");
});

test("an event's facts, in order, name its actors with their roles and its place's precision", () => {
  assert.deepEqual(eventFacts(EVENT), [
    ["When", "2017-06-08 (precise to the day)"],
    ["Type", "Strategic developments / Other"],
    ["Actors", ["Coalition forces (Side A)", "Islamic State (Side B)"]],
    ["Fatalities", "0"],
    ["Where", "al-Tanf: near the place, or part of an area"],
  ]);
  const unnamed = eventFacts({ ...EVENT, actors: [], place: "", geo_precision: 3, location_note: "75 km SE of Damascus" });
  assert.deepEqual(unnamed[2], ["Actors", "none recorded"]);
  assert.deepEqual(unnamed[4], ["Where", "unnamed place: a larger region (75 km SE of Damascus)"]);
});

test("only what is not public says so", () => {
  assert.equal(previewNote(EVENT), null);
  assert.equal(previewNote({ ...EVENT, publication: undefined }), null, "the public API carries no status");
  assert.equal(previewNote({ ...EVENT, publication: "draft" }), "Preview: draft, not public");
});

test("a source's label, and a link only to a web address", () => {
  assert.equal(sourceLabel({ publisher: "", published_on: null, title: "Report" }), "Unknown publisher, undated: Report");
  assert.equal(sourceLabel({ publisher: "AFP", published_on: "2017-06-21", title: "Badia" }), "AFP, 2017-06-21: Badia");
  assert.equal(safeLink("https://example.org/a"), "https://example.org/a");
  assert.equal(safeLink("HTTP://example.org/a"), "HTTP://example.org/a");
  assert.equal(safeLink("javascript:alert(1)"), null);
  assert.equal(safeLink("data:text/html,x"), null);
  assert.equal(safeLink(""), null);
});

test("the permalink replaces the pattern's id only at its end", () => {
  assert.equal(detailLink("/events/0/", 42), "/events/42/");
  assert.equal(detailLink("/fr/events/0/", 7), "/fr/events/7/");
});

test("a zone's title and facts: contested, open-ended, redrawn", () => {
  const zone = { controller: "Islamic State", status: "contested", valid_from: "2017-05-01", valid_to: null,
    confidence_label: "Low", previous_from: "2017-04-01", previous_to: "2017-04-30" };
  assert.equal(zoneTitle(zone), "Islamic State (contested)");
  assert.equal(zoneTitle({ ...zone, status: "held" }), "Islamic State");
  assert.deepEqual(zoneFacts(zone), [
    ["Valid", "2017-05-01 to now"],
    ["Previously", "drawn otherwise from 2017-04-01 to 2017-04-30"],
    ["Confidence", "Low"],
  ]);
  assert.deepEqual(zoneFacts({ ...zone, previous_from: null, valid_to: "2017-06-21" }).map(([term]) => term),
    ["Valid", "Confidence"]);
});

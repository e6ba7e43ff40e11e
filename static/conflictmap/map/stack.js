// The territory chart's arithmetic, kept pure for `node --test`: the step that keeps a period's
// series short, the answer of /api/territory.json as one row of values per controller, and
// those rows stacked (each drawn as the sum of itself and the rows below it).
import { daysBetween } from "./dates.js";

// At most about 200 points whatever the period: days for four months, weeks for four years.
export function chooseStep(first, last) {
  const days = daysBetween(first, last);
  if (days <= 120) return "day";
  if (days <= 4 * 366) return "week";
  return "month";
}

// {dates: [...], rows: [{id, name, colour, values: [...]}]} of the controllers' held ground
// (`key`: "area_km2" or "population"); a controller absent on a date holds 0 there. The rows
// are ordered by their largest value, the largest at the bottom of the stack.
export function seriesByController(answer, key) {
  const dates = [...new Set(answer.series.map((item) => item.date))].sort();
  const at = new Map(dates.map((date, index) => [date, index]));
  const rows = new Map();
  answer.series.forEach((item) => {
    if (item.status !== "held") return;
    if (!rows.has(item.actor.id)) {
      rows.set(item.actor.id, { ...item.actor, values: dates.map(() => 0) });
    }
    rows.get(item.actor.id).values[at.get(item.date)] += item[key];
  });
  const ordered = [...rows.values()].sort(
    (a, b) => Math.max(...b.values) - Math.max(...a.values) || a.name.localeCompare(b.name),
  );
  return { dates, rows: ordered };
}

// Running sums from the bottom row up: drawn top row first, each filled to the axis, the rows
// look stacked (a later, lower fill covers the one above it down to its own top).
export function stacked(rows) {
  const sums = [];
  rows.forEach((row, index) => {
    sums.push(row.values.map((value, i) => value + (index ? sums[index - 1][i] : 0)));
  });
  return sums;
}

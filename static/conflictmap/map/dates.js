// ISO calendar dates (YYYY-MM-DD) as UTC days: no time zone can shift a day.
const DAY = 86400000;

export function isISODate(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text || "")) return false;
  const parsed = new Date(text + "T00:00:00Z");
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

export function addDays(iso, days) {
  return new Date(Date.parse(iso + "T00:00:00Z") + days * DAY).toISOString().slice(0, 10);
}

export function daysBetween(fromISO, toISO) {
  return Math.round((Date.parse(toISO + "T00:00:00Z") - Date.parse(fromISO + "T00:00:00Z")) / DAY);
}

export function clampDate(iso, first, last) {
  if (iso < first) return first;
  if (iso > last) return last;
  return iso;
}

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

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// Ticks for a time axis from `first` to `last` drawn `width` pixels wide: the first day of every
// month (or of every 2nd, 3rd, 6th or 12th, so that labels stay `minGap` pixels apart), labelled
// with the month's name, and with the year where a year begins or at the first tick.
export function monthTicks(first, last, width, minGap = 44) {
  const span = daysBetween(first, last) + 1;
  const months = Math.max(1, span / 30.44);
  const step = [1, 2, 3, 6, 12, 24, 60].find((n) => (width / months) * n >= minGap) || 120;
  const ticks = [];
  let [year, month] = first.split("-").map(Number);
  if (first.slice(8) !== "01") month += 1; // the first whole month
  for (;;) {
    if (month > 12) { year += Math.floor((month - 1) / 12); month = ((month - 1) % 12) + 1; }
    const iso = `${year}-${String(month).padStart(2, "0")}-01`;
    if (iso > last) break;
    if ((year * 12 + month - 1) % step === 0) {
      const major = month === 1 || ticks.length === 0;
      ticks.push({ iso, major, label: step >= 12 ? String(year) : MONTHS[month - 1] + (major ? " " + year : "") });
    }
    month += 1;
  }
  return ticks;
}

// What an event's properties say of it, for every view that draws or lists it (no Leaflet, no
// page: node --test runs these).

// Staff's preview sends the status; the public API sends none, since everything it sends is public.
export function isUnpublished(p) {
  return p.publication !== undefined && p.publication !== "published";
}

// Under way on `date` (ISO dates compare as text).
export function activeOn(p, date) {
  return p.start_date <= date && date <= p.end_date;
}

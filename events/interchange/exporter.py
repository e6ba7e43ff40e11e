"""Exports written as they are read: ACLED's 31 columns and our CSV, from what the selectors
stream (event_acled_records, event_features), so memory does not grow with the number of
events. This module only formats: it runs no query."""

import csv
import json
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from events.interchange import acled


class Echo:
    """A file-like object that hands back what csv.writer writes (for streaming)."""

    def write(self, value: str) -> str:
        return value


def acled_csv(
    records: Iterable[dict[str, Any]], *, progress: Callable[[int, float], None] | None = None
) -> Iterator[str]:
    """ACLED's 31-column CSV, line by line, from selectors.event_acled_records. Rows end in
    CRLF (RFC 4180): Python's csv module quotes a value holding a lone CR only when CR is part
    of the line ending, and an unquoted CR breaks the row for every reader."""
    writer = csv.writer(Echo(), lineterminator="\r\n")
    timestamp = int(time.time())
    started = time.monotonic()
    yield writer.writerow(acled.COLUMNS)
    count = 0
    for count, record in enumerate(records, start=1):
        yield writer.writerow(acled.export_row(record, timestamp=timestamp))
        if progress and count % 10_000 == 0:
            progress(count, time.monotonic() - started)
    if progress:
        progress(count, time.monotonic() - started)


CSV_COLUMNS = [
    "id",
    "start_date",
    "end_date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "disorder_type",
    "side_a",
    "associated_a",
    "side_b",
    "associated_b",
    "place",
    "latitude",
    "longitude",
    "geo_precision",
    "location_note",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "title",
    "summary",
    "sources",
    "url",
]
ROLE_COLUMNS = {
    "side_a": "side_a",
    "assoc_a": "associated_a",
    "side_b": "side_b",
    "assoc_b": "associated_b",
}


def csv_safe(value: object) -> str:
    """Spreadsheets run text cells that start with = + - @ as formulas: make them text.
    Numbers stay numbers: a quote before -0.27 makes pandas read a column of text and GDAL
    drop the point."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(features: Iterator[str], detail_url: Callable[[int], str]) -> Iterator[str]:
    """Our own CSV (one row per event, actors by role), from the database-built features."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # a BOM so spreadsheets read UTF-8 (Arabic)
    for text in features:
        feature = json.loads(text)
        p = feature["properties"]
        roles: dict[str, list[str]] = {column: [] for column in ROLE_COLUMNS.values()}
        for actor in p["actors"]:
            roles[ROLE_COLUMNS[actor["role"]]].append(actor["name"])
        lon, lat = feature["geometry"]["coordinates"]
        sources = dict.fromkeys(  # a source quoted twice is listed once
            f"{s['publisher'] or 'Unknown publisher'} ({s['published_on'] or 'undated'}): "
            f"{s['title']}" + (f" <{s['url']}>" if s["url"] else "")
            for s in p["sources"]
        )
        row = {
            **p,
            **{k: "; ".join(v) for k, v in roles.items()},
            "date_precision": p["date_precision_label"],
            "event_type": p["event_type_label"],
            "sub_event_type": p["sub_event_type_label"],
            "latitude": lat,
            "longitude": lon,
            "fatalities_low": p["fatalities"]["low"],
            "fatalities_best": p["fatalities"]["best"],
            "fatalities_high": p["fatalities"]["high"],
            "sources": " | ".join(sources),
            "url": detail_url(p["id"]),
        }
        yield writer.writerow([csv_safe(row[column]) for column in CSV_COLUMNS])

"""Control zones in and out of GIS files: GeoJSON, KML/KMZ and GeoPackage read as what their
names declare (events.interchange.zone_sources: never GDAL's guess), written as GeoJSON by the
database and as GeoPackage by GDAL's ogr2ogr.

Reading maps each feature's attributes to a zone's fields (controller, validity, status, ...) by
the names given, or by the usual names when none is given (this project's own export, and the
words QGIS users and KML's TimeSpan use), and keeps every problem with the feature and the field
it concerns: the caller decides, and writes nothing when there is any.
"""

import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon

from events.interchange.zone_sources import KINDS, SourceError, read_source
from events.lib.numbers import ascii_whole
from events.models.zones import geometry_problem

SUFFIXES = tuple(KINDS)

# The attribute names tried, in order, for each field when the mapping does not name one.
USUAL_NAMES = {
    "controller": ("controller", "actor", "controlled_by", "holder", "name"),
    "valid_from": ("valid_from", "from", "start", "start_date", "begin", "date"),
    "valid_to": ("valid_to", "to", "end", "end_date"),
    "status": ("status",),
    "confidence": ("confidence",),
    "note": ("note", "description", "notes"),
    "colour": ("colour", "color"),
    "inter": ("controller_inter", "inter"),
    "id": ("id", "zone_id"),
    "predecessor": ("predecessor_id", "predecessor"),
}
STATUS_WORDS = {"controlled": "controlled", "held": "controlled", "contested": "contested"}
CONFIDENCE_WORDS = {"low": 1, "medium": 2, "high": 3}


class ZoneFileError(ValueError):
    """The file as a whole cannot be read (not a GIS file, no layer, no such attribute)."""


@dataclass
class ZoneRow:
    """One feature, read: its place in the file and the values for a zone."""

    number: int
    geometry: MultiPolygon
    controller: str
    valid_from: date
    valid_to: date | None = None
    status: str = "controlled"
    confidence: int = 2
    note: str = ""
    colour: str = ""
    inter: int | None = None
    file_id: str = ""
    predecessor: str = ""


@dataclass
class ZoneFile:
    rows: list[ZoneRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    layer: str = ""
    features: int = 0
    attributes: list[str] = field(default_factory=list)


def read_zone_file(
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    controller: str = "",
    valid_from: date | None = None,
) -> ZoneFile:
    """Every feature of the file as a ZoneRow, or a problem naming the feature and field.
    `mapping` names the attribute for a field ("controller": "faction"); `controller` and
    `valid_from` give one value for every feature instead."""
    try:
        source = read_source(path)  # as the kind its name declares, and as nothing else
    except SourceError as error:
        raise ZoneFileError(str(error)) from None
    read = ZoneFile(layer=source.layer, attributes=source.attributes)
    columns = _columns(source.attributes, mapping or {})
    for feature in source.features:
        values = {key: feature.properties.get(name) for key, name in columns.items()}
        if controller:
            values["controller"] = controller
        if valid_from:
            values["valid_from"] = valid_from
        row = _row(feature.number, feature.geometry, values, read.problems)
        if row is not None:
            read.rows.append(row)
    read.features = len(source.features)
    if not source.features:
        read.problems.append(f"{path.name}: no features in the file.")
    return read


def _columns(names: list[str], mapping: dict[str, str]) -> dict[str, str]:
    lowered = {name.lower(): name for name in names}
    columns = {}
    for key, usual in USUAL_NAMES.items():
        wanted = mapping.get(key)
        if wanted:
            if wanted.lower() not in lowered:
                raise ZoneFileError(
                    f"--{key.replace('_', '-')}-field {wanted!r}: the file has no such "
                    f"attribute; it has: {', '.join(names) or 'none'}."
                )
            columns[key] = lowered[wanted.lower()]
            continue
        found = next((lowered[name] for name in usual if name in lowered), None)
        if found:
            columns[key] = found
    return columns


def _row(
    number: int, geometry: GEOSGeometry | str, values: dict[str, Any], problems: list[str]
) -> ZoneRow | None:
    def problem(name: str, message: str) -> None:
        problems.append(f"feature {number}: {name}: {message}")

    shape = _checked(geometry)
    if isinstance(shape, str):
        problem("geometry", shape)
    controller = _text(values.get("controller"))
    if not controller:
        problem(
            "controller", "empty: which actor holds this zone? (map it with --controller-field)"
        )
    start, end = _day(values.get("valid_from")), _day(values.get("valid_to"))
    if isinstance(start, str) or start is None:
        problem("valid_from", start or "empty: the first day the zone holds, YYYY-MM-DD.")
    if isinstance(end, str):
        problem("valid_to", end)
    if isinstance(start, date) and isinstance(end, date) and end < start:
        problem("valid_to", f"{end} is before valid_from {start}.")
    status = STATUS_WORDS.get(_text(values.get("status")).lower() or "controlled")
    if status is None:
        problem("status", f"{values.get('status')!r} is not controlled, held or contested.")
    confidence = _confidence(values.get("confidence"))
    if confidence is None:
        problem("confidence", f"{values.get('confidence')!r} is not 1–3 or low/medium/high.")
    # The ACLED inter code of a controller the import may create (1–8), or none.
    inter = ascii_whole(_text(values.get("inter")), minimum=1, maximum=8, decimal_zero=True)
    if isinstance(shape, str) or not isinstance(start, date) or isinstance(end, str):
        return None
    if not controller or status is None or confidence is None:
        return None
    return ZoneRow(
        number=number,
        geometry=shape,
        controller=controller,
        valid_from=start,
        valid_to=end,
        status=status,
        confidence=confidence,
        note=_text(values.get("note")),
        colour=_text(values.get("colour")),
        inter=inter,
        file_id=_text(values.get("id")),
        predecessor=_text(values.get("predecessor")),
    )


def _checked(geometry: GEOSGeometry | str) -> MultiPolygon | str:
    """The reader's multipolygon, if the database could store it as a zone."""
    if isinstance(geometry, str):
        return geometry
    geometry.srid = 4326
    problem = geometry_problem(geometry)
    if problem:
        return problem
    assert isinstance(geometry, MultiPolygon)  # the readers make every zone one
    return geometry


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _day(value: object) -> date | str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        # GDAL writes dates as 2017/06/08; KML's TimeSpan as 2017-06-08 or a full timestamp.
        return date.fromisoformat(text[:10].replace("/", "-"))
    except ValueError:
        return f"{text!r} is not a date in YYYY-MM-DD form."


def _confidence(value: object) -> int | None:
    if value is None or value == "":
        return 2
    text = str(value).strip().lower()
    if text in CONFIDENCE_WORDS:
        return CONFIDENCE_WORDS[text]
    return ascii_whole(text, minimum=1, maximum=3, decimal_zero=True)


# Writing ------------------------------------------------------------------------------------


def write_geojson(chunks: Iterable[str], output: TextIO) -> None:
    for chunk in chunks:
        output.write(chunk)


def geojson_to_gpkg(
    chunks: Iterable[str], target: Path, *, layer: str = "zones", add: bool = False
) -> None:
    """A GeoPackage layer from GeoJSON text, through GDAL's own ogr2ogr (gdal-bin, installed
    with GDAL by make setup): dates stay dates, lists of sources become JSON text fields. The
    text goes to a file first, so that a large selection streams in bounded memory. `add`: a
    layer more in an existing GeoPackage."""
    ogr2ogr = shutil.which("ogr2ogr")
    if ogr2ogr is None:
        raise ZoneFileError("ogr2ogr is missing: install Debian's gdal-bin (make setup does).")
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"{layer}.geojson"
        with source.open("w", encoding="utf-8") as out:
            write_geojson(chunks, out)
        if not add:
            target.unlink(missing_ok=True)
        done = subprocess.run(
            [ogr2ogr, "-f", "GPKG", *(["-update"] if add else []), str(target), str(source),
             "-nln", layer],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise ZoneFileError(f"ogr2ogr could not write {target.name}: {done.stderr.strip()}")

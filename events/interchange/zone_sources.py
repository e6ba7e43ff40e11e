"""Reading an uploaded zone file as what its name says it is, and as nothing else.

GDAL picks its reader from a file's content, so a `.geojson` that is really an OGR VRT, a CSV
or a `PG:` string would be read as one (and could read the site's own database or fetch a URL).
Here the name declares the kind, the first bytes must agree, and:
- GeoJSON is parsed by Python's json module and KML/KMZ by defusedxml (no DTD, no entities);
  their geometries are built by GEOS from well-known binary written here, so GDAL never sees
  these files at all, nor a GeoJSON `crs` (a `link` is refused, never followed);
- a GeoPackage is first checked with SQLite itself (read-only: the GeoPackage application id,
  no virtual table but the spatial index's), then opened by GDAL with one allowed driver, GPKG,
  at a path this module chose.
Features, vertices, nesting and sizes are limited before GEOS or the database sees them.
"""

import json
import math
import sqlite3
import struct
import zipfile
from ctypes import c_char_p
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring
from django.contrib.gis.gdal import DataSource, Driver, GDALException, OGRGeometry
from django.contrib.gis.gdal.prototypes import ds as gdal_ds
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon

# The kind each accepted name declares.
KINDS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".kml": "KML", ".kmz": "KMZ", ".gpkg": "GPKG"}

MAX_FEATURES = 5_000
# Every vertex of every feature: a detailed front line has thousands, a country's border tens of
# thousands; a million-vertex polygon costs GEOS seconds and hundreds of MB to validate.
MAX_VERTICES = 500_000
# A KML unzipped from a KMZ, read into memory: checked as it is inflated, not from the header.
MAX_KML_BYTES = 64 * 1024 * 1024
MAX_NESTING = 64  # JSON nesting inside a feature's properties; deeper is refused, not recursed

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                  "MultiPolygon", "GeometryCollection"}  # fmt: skip
WGS84_NAMES = {"urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84", "ogc:crs84",
               "crs84", "epsg:4326", "urn:ogc:def:crs:epsg::4326", "wgs84"}  # fmt: skip
GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"


class SourceError(ValueError):
    """The file as a whole cannot be read; the message names the file and says why."""


@dataclass
class RawFeature:
    """One feature as read: its number in the file, its geometry (a (Multi)Polygon in WGS 84,
    or why there is none) and its attributes."""

    number: int
    geometry: GEOSGeometry | str
    properties: dict[str, Any]


@dataclass
class ZoneSource:
    layer: str = ""
    attributes: list[str] = field(default_factory=list)
    features: list[RawFeature] = field(default_factory=list)


def read_source(path: Path) -> ZoneSource:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise SourceError(
            f"{path.name}: not a zone file GDAL is asked to read here; use one of "
            f"{', '.join(KINDS)}."
        )
    with path.open("rb") as handle:
        head = handle.read(100)
    found = _sniff(head)
    if found != kind and not (kind == "KMZ" and found == "ZIP"):
        raise SourceError(
            f"{path.name}: the name says {kind} but the content is "
            f"{found or 'not a GIS file this site reads'}; nothing was read."
        )
    reader = {"GeoJSON": _geojson, "KML": _kml_file, "KMZ": _kmz, "GPKG": _gpkg}[kind]
    return reader(path)


def _sniff(head: bytes) -> str:
    if head.startswith(b"SQLite format 3\x00"):
        if len(head) >= 72 and struct.unpack(">I", head[68:72])[0] == GPKG_APPLICATION_ID:
            return "GPKG"
        return "an SQLite database that is not a GeoPackage"
    if head.startswith(b"PK\x03\x04"):
        return "ZIP"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"{", b"[")):
        return "GeoJSON"
    if text.startswith(b"<"):
        return "KML" if b"<kml" in head or b"<?xml" in head else "XML that is not KML"
    return ""


class _Budget:
    """Counts features and vertices across the file and stops at the limits."""

    def __init__(self, name: str) -> None:
        self.name, self.features, self.vertices = name, 0, 0

    def feature(self) -> int:
        self.features += 1
        if self.features > MAX_FEATURES:
            raise SourceError(
                f"{self.name}: more than {MAX_FEATURES:,} features; split the file "
                "(nothing was read)."
            )
        return self.features

    def add(self, number: int, count: int) -> None:
        self.vertices += count
        if self.vertices > MAX_VERTICES:
            raise SourceError(
                f"{self.name}: feature {number}: geometry: the file passes {MAX_VERTICES:,} "
                "vertices; simplify it (nothing was read)."
            )


# Geometry: rings of (x, y) pairs to well-known binary, read by GEOS --------------------------


class _BadGeometry(ValueError):
    pass


def _position(value: Any) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) < 2:
        raise _BadGeometry(f"{json.dumps(value)[:40]} is not a position [longitude, latitude].")
    x, y = value[0], value[1]
    for number in (x, y):
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise _BadGeometry(f"{json.dumps(number)[:40]} is not a number.")
        if not math.isfinite(number):
            raise _BadGeometry("a coordinate is not a finite number.")
    return float(x), float(y)


def _ring_wkb(ring: Any, budget: _Budget, number: int) -> bytes:
    if not isinstance(ring, list):
        raise _BadGeometry("a ring is not a list of positions.")
    budget.add(number, len(ring))
    if len(ring) < 4:
        raise _BadGeometry(f"a ring has {len(ring)} position(s); a closed ring needs at least 4.")
    flat = [c for point in ring for c in _position(point)]
    if flat[:2] != flat[-2:]:
        raise _BadGeometry("a ring is not closed (its last position is not its first).")
    return struct.pack(f"<I{len(flat)}d", len(ring), *flat)


def _polygon_wkb(rings: Any, budget: _Budget, number: int) -> bytes:
    if not isinstance(rings, list) or not rings:
        raise _BadGeometry("a polygon without rings (empty coordinates).")
    return struct.pack("<BII", 1, 3, len(rings)) + b"".join(
        _ring_wkb(ring, budget, number) for ring in rings
    )


def _multipolygon(polygons: list[bytes], srid: int) -> GEOSGeometry:
    wkb = struct.pack("<BII", 1, 6, len(polygons)) + b"".join(polygons)
    try:
        shape = GEOSGeometry(memoryview(wkb))
    except (GEOSException, ValueError) as error:
        raise _BadGeometry(f"GEOS cannot build it ({error}).") from None
    return _in_wgs84(shape, srid)


def _in_wgs84(shape: GEOSGeometry, srid: int) -> GEOSGeometry:
    shape.srid = srid
    if srid != 4326:
        try:
            shape.transform(4326)  # an EPSG code, from PROJ's own database: no I/O
        except (GDALException, GEOSException) as error:
            raise _BadGeometry(f"cannot be moved from EPSG:{srid} to WGS 84 ({error}).") from None
    return shape


# GeoJSON -------------------------------------------------------------------------------------


def _geojson(path: Path) -> ZoneSource:
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except RecursionError:
        raise SourceError(f"{path.name}: nested too deeply to be GeoJSON.") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise SourceError(f"{path.name}: not valid GeoJSON ({error}).") from None
    if not isinstance(document, dict):
        raise SourceError(f"{path.name}: not a GeoJSON object.")
    srid = _geojson_srid(document, path.name)
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise SourceError(f"{path.name}: features: not a list of GeoJSON features.")
    elif kind == "Feature":
        features = [document]
    elif kind in GEOMETRY_TYPES:
        features = [{"type": "Feature", "geometry": document, "properties": {}}]
    else:
        raise SourceError(f"{path.name}: type: {str(kind)[:40]!r} is not a GeoJSON type.")
    budget = _Budget(path.name)
    source = ZoneSource(layer=path.stem)
    seen: dict[str, None] = {}
    for item in features:
        number = budget.feature()
        if not isinstance(item, dict) or item.get("type") != "Feature":
            source.features.append(RawFeature(number, "not a GeoJSON Feature.", {}))
            continue
        properties = item.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        values = {str(key): _scalar(value) for key, value in properties.items()}
        seen.update(dict.fromkeys(values))
        geometry = _geojson_geometry(item.get("geometry"), budget, number, srid)
        source.features.append(RawFeature(number, geometry, values))
    source.attributes = list(seen)
    return source


def _geojson_srid(document: dict[str, Any], name: str) -> int:
    """GeoJSON is WGS 84 (RFC 7946); the 2008 format's named `crs` is honoured by its EPSG code,
    a linked one refused: it is never fetched."""
    crs = document.get("crs")
    if crs is None:
        return 4326
    properties = crs.get("properties") if isinstance(crs, dict) else None
    if not isinstance(crs, dict) or crs.get("type") != "name" or not isinstance(properties, dict):
        raise SourceError(
            f"{name}: crs: only a named CRS is read (a linked one is never fetched); GeoJSON "
            "is WGS 84 longitude, latitude (RFC 7946): leave crs out."
        )
    text = str(properties.get("name", "")).strip().lower()
    if text in WGS84_NAMES:
        return 4326
    for prefix in ("urn:ogc:def:crs:epsg::", "urn:ogc:def:crs:epsg:", "epsg:"):
        code = text.removeprefix(prefix)
        if code != text and code.isascii() and code.isdigit() and 0 < int(code) < 1_000_000:
            return int(code)
    raise SourceError(f"{name}: crs: {text[:60]!r} is not an EPSG code this site reads.")


def _geojson_geometry(geometry: Any, budget: _Budget, number: int, srid: int) -> Any:
    if geometry is None:
        return "the feature has no geometry."
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        return "not a GeoJSON geometry."
    kind = geometry["type"]
    if kind not in ("Polygon", "MultiPolygon"):
        return f"a {kind}: a zone is a polygon or a multipolygon."
    coordinates = geometry.get("coordinates")
    try:
        if kind == "Polygon":
            parts = [_polygon_wkb(coordinates, budget, number)]
        else:
            if not isinstance(coordinates, list) or not coordinates:
                raise _BadGeometry("a multipolygon without polygons (empty coordinates).")
            parts = [_polygon_wkb(polygon, budget, number) for polygon in coordinates]
        return _multipolygon(parts, srid)
    except _BadGeometry as error:
        return str(error)


def _scalar(value: Any, depth: int = 0) -> Any:
    """A property as a zone field can take it: scalars as they are, lists and objects as JSON
    text (their depth bounded)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if depth > MAX_NESTING:
        raise SourceError(f"a property is nested more than {MAX_NESTING} levels deep.")
    if isinstance(value, list):
        return json.dumps([_scalar(v, depth + 1) for v in value])
    if isinstance(value, dict):
        return json.dumps({k: _scalar(v, depth + 1) for k, v in value.items()})
    return str(value)


# KML and KMZ ---------------------------------------------------------------------------------


def _kmz(path: Path) -> ZoneSource:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".kml")]
            if not names:
                raise SourceError(f"{path.name}: the KMZ holds no .kml file.")
            # Google Earth's own: doc.kml at the root, else the first KML in the archive.
            chosen = "doc.kml" if "doc.kml" in names else names[0]
            with archive.open(chosen) as member:
                data = member.read(MAX_KML_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
        raise SourceError(f"{path.name}: not a readable KMZ ({error}).") from None
    if len(data) > MAX_KML_BYTES:
        raise SourceError(f"{path.name}: its KML unzips to over {MAX_KML_BYTES:,} bytes.")
    return _kml(data, path.name, path.stem)


def _kml_file(path: Path) -> ZoneSource:
    return _kml(path.read_bytes(), path.name, path.stem)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: Any, name: str) -> Any:
    return next((c for c in element if _local(c.tag) == name), None)


def _text_of(element: Any) -> str:
    return "" if element is None else "".join(element.itertext()).strip()


def _kml(data: bytes, name: str, stem: str) -> ZoneSource:
    try:
        root = fromstring(data, forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise SourceError(f"{name}: a KML with a DTD or entities is not read.") from None
    except Exception as error:  # expat's ParseError, and anything it says of broken bytes
        raise SourceError(f"{name}: not valid KML ({error}).") from None
    if _local(root.tag) != "kml":
        raise SourceError(f"{name}: not KML (its root is <{_local(root.tag)[:40]}>).")
    budget = _Budget(name)
    source = ZoneSource()
    seen: dict[str, None] = {}
    for container in root.iter():
        if not source.layer and _local(container.tag) in ("Folder", "Document"):
            source.layer = _text_of(_child(container, "name"))
        if _local(container.tag) != "Placemark":
            continue
        number = budget.feature()
        values = _placemark_values(container)
        seen.update(dict.fromkeys(values))
        source.features.append(RawFeature(number, _kml_geometry(container, budget, number), values))
    source.layer = source.layer or stem
    source.attributes = list(seen)
    return source


def _placemark_values(placemark: Any) -> dict[str, Any]:
    """The names GDAL's KML drivers give these (Name, Description, begin, end), then the
    placemark's own ExtendedData."""
    values: dict[str, Any] = {}
    for tag, key in (("name", "Name"), ("description", "Description")):
        element = _child(placemark, tag)
        if element is not None:
            values[key] = _text_of(element)
    span = _child(placemark, "TimeSpan")
    if span is not None:
        for tag in ("begin", "end"):
            if _child(span, tag) is not None:
                values[tag] = _text_of(_child(span, tag))
    stamp = _child(placemark, "TimeStamp")
    if stamp is not None and _child(stamp, "when") is not None:
        values["timestamp"] = _text_of(_child(stamp, "when"))
    extended = _child(placemark, "ExtendedData")
    for element in extended.iter() if extended is not None else ():
        if _local(element.tag) == "Data" and element.get("name"):
            values[element.get("name")] = _text_of(_child(element, "value"))
        elif _local(element.tag) == "SimpleData" and element.get("name"):
            values[element.get("name")] = _text_of(element)
    return values


KML_GEOMETRIES = {"Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Model",
                  "Track", "MultiTrack"}  # fmt: skip


def _kml_geometry(placemark: Any, budget: _Budget, number: int) -> Any:
    geometry = next((c for c in placemark if _local(c.tag) in KML_GEOMETRIES), None)
    if geometry is None:
        return "the feature has no geometry."
    try:
        return _multipolygon(_kml_polygons(geometry, budget, number), 4326)
    except _BadGeometry as error:
        return str(error)


def _kml_polygons(geometry: Any, budget: _Budget, number: int, depth: int = 0) -> list[bytes]:
    kind = _local(geometry.tag)
    if kind == "MultiGeometry":
        if depth > MAX_NESTING:
            raise _BadGeometry(f"MultiGeometry nested more than {MAX_NESTING} levels deep.")
        parts = [c for c in geometry if _local(c.tag) in KML_GEOMETRIES]
        if not parts:
            raise _BadGeometry("an empty MultiGeometry.")
        return [p for part in parts for p in _kml_polygons(part, budget, number, depth + 1)]
    if kind != "Polygon":
        raise _BadGeometry(f"a {kind}: a zone is a polygon or a multipolygon.")
    rings = []
    for boundary in ("outerBoundaryIs", "innerBoundaryIs"):
        for element in (c for c in geometry if _local(c.tag) == boundary):
            ring = _child(element, "LinearRing")
            rings.append(_kml_ring(_text_of(_child(ring, "coordinates") if ring else None)))
    if not rings or not rings[0]:
        raise _BadGeometry("a polygon without an outer boundary (empty coordinates).")
    return [_polygon_wkb(rings, budget, number)]


def _kml_ring(text: str) -> list[list[float]]:
    ring = []
    for token in text.split():
        parts = token.split(",")
        try:
            ring.append([float(parts[0]), float(parts[1])])  # the altitude, if any, is dropped
        except (ValueError, IndexError):
            raise _BadGeometry(f"coordinates: {token[:40]!r} is not longitude,latitude.") from None
    return ring


# GeoPackage ----------------------------------------------------------------------------------


def _gpkg(path: Path) -> ZoneSource:
    _check_gpkg_schema(path)
    Driver.ensure_registered()
    try:
        handle = gdal_ds.open_ds(
            str(path).encode(),
            gdal_ds.GDAL_OF_READONLY | gdal_ds.GDAL_OF_VECTOR,
            _c_strings(["GPKG"]),  # the one driver this file may be read with
            _c_strings(["LIST_ALL_TABLES=NO"]),
            None,
        )
        source_ds = DataSource(handle, gdal_ds.get_dataset_driver(handle))
    except GDALException as error:
        raise SourceError(f"{path.name}: GDAL cannot read it as a GeoPackage ({error}).") from None
    budget = _Budget(path.name)
    source = ZoneSource()
    seen: dict[str, None] = {}
    for layer in source_ds:  # type: ignore[attr-defined]  # DataSource is iterable: __getitem__
        source.layer = source.layer or layer.name
        seen.update(dict.fromkeys(layer.fields))
        srid = (layer.srs.srid or 4326) if layer.srs is not None else 4326
        for feature in layer:
            number = budget.feature()
            values = {name: feature.get(name) for name in layer.fields}
            source.features.append(
                RawFeature(number, _gpkg_geometry(feature.geom, budget, number, srid), values)
            )
    source.attributes = list(seen)
    return source


def _c_strings(values: list[str]) -> Any:
    array = (c_char_p * (len(values) + 1))()
    array[:-1] = [value.encode() for value in values]
    array[-1] = None
    return array


def _check_gpkg_schema(path: Path) -> None:
    """SQLite reads the file first, read-only and untrusting: a GeoPackage whose schema holds a
    virtual table other than the spatial index's (GDAL's VirtualOGR can open any data source)
    is refused before GDAL opens it."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise SourceError(f"{path.name}: SQLite cannot open it ({error}).") from None
    try:
        connection.execute("PRAGMA trusted_schema = OFF")
        rows = connection.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    except sqlite3.Error as error:
        raise SourceError(f"{path.name}: not a readable GeoPackage ({error}).") from None
    finally:
        connection.close()
    for kind, name, sql in rows:
        text = " ".join((sql or "").lower().split())
        if text.startswith("create virtual table") and " using rtree(" not in text:
            raise SourceError(
                f"{path.name}: table {name!r} is a virtual table; a GeoPackage of zones needs "
                "none (nothing was read)."
            )
        if kind == "view":
            raise SourceError(f"{path.name}: {name!r} is a view; export the zones as a table.")


def _gpkg_geometry(geometry: OGRGeometry | None, budget: _Budget, number: int, srid: int) -> Any:
    if geometry is None:
        return "the feature has no geometry."
    geometry.set_3d(False)  # GeoPackages drawn from KML carry altitudes; a zone is flat
    geometry.set_measured(False)
    try:
        shape = GEOSGeometry(memoryview(bytes(geometry.wkb)))
    except (GEOSException, ValueError) as error:
        return f"GEOS cannot read it ({error})."
    budget.add(number, shape.num_coords)
    if shape.geom_type == "Polygon":
        shape = MultiPolygon(shape)
    if shape.geom_type != "MultiPolygon":
        return f"a {shape.geom_type}: a zone is a polygon or a multipolygon."
    try:
        return _in_wgs84(shape, srid)
    except _BadGeometry as error:
        return str(error)

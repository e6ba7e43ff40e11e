from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.services.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back the whole database up to FILE (events, zones, gazetteer, users, roles, history): "
        "SQLite's online backup for SpatiaLite, pg_dump's custom format for PostGIS."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.parent.is_dir():
            raise CommandError(f"{file.parent}: no such directory.")
        try:
            self.stdout.write(self.style.SUCCESS(backup(file)))
        except BackupError as error:
            raise CommandError(str(error)) from error

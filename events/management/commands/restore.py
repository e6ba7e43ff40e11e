from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.services.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an empty database of the same kind "
        "(DATABASE_URL): it never overwrites data."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            self.stdout.write(self.style.SUCCESS(restore(file)))
        except BackupError as error:
            raise CommandError(str(error)) from error

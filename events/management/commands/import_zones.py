from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from events.models import PublicationStatus
from events.services.imports.zones import import_zone_file

MAPPED = ("controller", "valid_from", "valid_to", "status", "confidence", "note")


class Command(BaseCommand):
    help = (
        "Import control zones from GeoJSON, KML/KMZ or GeoPackage. Atomic: a file with any "
        "problem writes nothing, and --dry-run reports exactly what a real run would write. "
        "Attributes are found by their usual names (controller, valid_from, valid_to, status, "
        "confidence, note; KML's begin/end) unless named with --<field>-field."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--status",
            default=PublicationStatus.DRAFT,
            choices=[PublicationStatus.DRAFT, PublicationStatus.PUBLISHED],
            help="Publication status of the zones created (default: draft).",
        )
        for name in MAPPED:
            parser.add_argument(
                f"--{name.replace('_', '-')}-field",
                dest=f"{name}_field",
                metavar="ATTRIBUTE",
                help=f"The file's attribute that holds {name}.",
            )
        parser.add_argument("--controller", default="", help="One controller for every feature.")
        parser.add_argument("--valid-from", default="", help="One first day for every feature.")
        parser.add_argument(
            "--create-actors",
            action="store_true",
            help="Create controllers the file names and the database does not know.",
        )
        parser.add_argument(
            "--actor-type", type=int, choices=range(1, 9), help="Inter code of created actors."
        )
        parser.add_argument("--source-title", default="", help="Title of the source cited.")
        parser.add_argument(
            "--allow-overlaps",
            action="store_true",
            help="Publish even where two controllers' zones overlap and neither is contested.",
        )
        parser.add_argument("--user", help="Run as this account (its rights are checked).")

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: no account named {options['user']!r}.")
        valid_from = None
        if options["valid_from"]:
            try:
                valid_from = date.fromisoformat(options["valid_from"])
            except ValueError:
                raise CommandError("--valid-from: a date, YYYY-MM-DD.") from None
        report = import_zone_file(
            path,
            publication=options["status"],
            dry_run=options["dry_run"],
            mapping={name: options[f"{name}_field"] for name in MAPPED if options[f"{name}_field"]},
            controller=options["controller"],
            valid_from=valid_from,
            create_actors=options["create_actors"],
            actor_type=options["actor_type"],
            source_title=options["source_title"],
            allow_overlaps=options["allow_overlaps"],
            user=user,
        )
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.problems)} problem(s): nothing was written.")

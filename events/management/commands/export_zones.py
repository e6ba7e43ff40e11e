import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.interchange.zone_files import ZoneFileError, geojson_to_gpkg, write_geojson
from events.selectors.zones import zone_export_collection


class Command(BaseCommand):
    help = (
        "Export the published control zones of one day (--date) or their whole history, as "
        "GeoJSON (standard output unless --output) or GeoPackage (--output, a .gpkg file)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=["geojson", "gpkg"])
        parser.add_argument("--date", help="YYYY-MM-DD: the zones valid that day.")
        parser.add_argument("--output", type=Path, help="A file (GeoJSON default: stdout).")

    def handle(self, *args, format: str, output: Path | None, **options) -> None:
        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date: a date, YYYY-MM-DD.") from None
        chunks = zone_export_collection(day)
        if format == "gpkg":
            if output is None:
                raise CommandError("--output is required for a GeoPackage: a .gpkg file name.")
            try:
                geojson_to_gpkg(chunks, output)
            except ZoneFileError as error:
                raise CommandError(str(error)) from None
            self.stderr.write(f"Wrote {output}")
            return
        if output is None:
            write_geojson(chunks, sys.stdout)
            return
        with output.open("w", encoding="utf-8") as out:
            write_geojson(chunks, out)
        self.stderr.write(f"Wrote {output}")

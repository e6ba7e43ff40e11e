import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.urls import reverse

from events.interchange.exporter import acled_csv, csv_rows
from events.lib.errors import BadParameter
from events.lib.filters import EventFilters
from events.selectors.events import (
    event_acled_records,
    event_features,
    event_list_for_staff,
    event_list_public,
)
from events.selectors.geojson import feature_collection


class Command(BaseCommand):
    help = (
        "Export events as ACLED's 31-column CSV, our CSV or GeoJSON, streamed in constant "
        "memory: published events only, unless --include-drafts with --user of a staff member."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=["acled", "csv", "geojson"])
        parser.add_argument("--output", type=Path, help="A file (default: standard output).")
        parser.add_argument("--start", help="YYYY-MM-DD")
        parser.add_argument("--end", help="YYYY-MM-DD")
        parser.add_argument("--bbox", help="minLon,minLat,maxLon,maxLat")
        parser.add_argument("--type", action="append", default=[], help="ACLED event type code")
        parser.add_argument("--actor", action="append", default=[], help="actor id")
        parser.add_argument("--include-drafts", action="store_true")
        parser.add_argument("--user", help="Your username: staff only may export drafts.")

    def handle(self, *args, **options) -> None:
        query = QueryDict(mutable=True)
        for name in ("start", "end", "bbox"):
            if options[name]:
                query[name] = options[name]
        query.setlist("type", options["type"])
        query.setlist("actor", options["actor"])
        try:
            filters = EventFilters.from_query(query)
            events = self._events(filters, options)
            chunks = self._chunks(options["format"], events)
            self._write(chunks, options["output"])
        except BadParameter as error:
            raise CommandError(f"--{error.field.replace('_', '-')}: {error}") from error

    def _events(self, filters, options):
        if not options["include_drafts"]:
            return event_list_public(filters)
        user = (
            get_user_model().objects.filter(username=options["user"] or "", is_active=True).first()
        )
        if not user or not user.is_staff:
            raise CommandError(
                "--include-drafts needs --user with the name of an active staff member."
            )
        return event_list_for_staff(filters)

    def _chunks(self, fmt: str, events):
        if fmt == "acled":
            return acled_csv(event_acled_records(events), progress=self._progress)
        features = self._counted(event_features(events))
        if fmt == "geojson":
            return feature_collection(features)
        return csv_rows(features, lambda pk: reverse("event-detail", args=[pk]))

    def _counted(self, features):
        for count, feature in enumerate(features, start=1):
            if count % 10_000 == 0:
                self._progress(count, 0)
            yield feature

    def _write(self, chunks, output: Path | None) -> None:
        written = 0
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                    written += 1
        else:
            try:
                for chunk in chunks:
                    self.stdout.write(chunk, ending="")
                    written += 1
            except BrokenPipeError:  # the reader (head, less) has had enough
                sys.stderr.close()
                return
        sys.stderr.write("\n")
        self.stderr.write(f"Exported to {output or 'standard output'}.")

    @staticmethod
    def _progress(rows: int, seconds: float) -> None:
        rate = f" ({rows / seconds:,.0f} rows/s)" if seconds else ""
        sys.stderr.write(f"\r  {rows:,} events{rate}")
        sys.stderr.flush()

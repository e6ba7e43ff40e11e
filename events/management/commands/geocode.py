import json

from django.core.management.base import BaseCommand, CommandError

from events.geocoding import resolve
from events.services.gazetteer import place_from_online


class Command(BaseCommand):
    help = 'Resolve place text to a point: geocode "75 km southeast of Damascus" [--near PLACE].'

    def add_arguments(self, parser):
        parser.add_argument("text", help="A place name or a relative location.")
        parser.add_argument("--near", help="A place the answer should be close to.")
        parser.add_argument(
            "--country", help="An ISO country code, e.g. SY: only places there can answer."
        )
        parser.add_argument(
            "--admin1", help="The governorate or province, e.g. Idlib: chooses among namesakes."
        )
        parser.add_argument("--online", action="store_true", help="Ask the online geocoder too.")
        parser.add_argument("--json", action="store_true", help="Print the resolution as JSON.")

    def handle(self, *args, text, near, country, admin1, online, json: bool, **options) -> None:
        result = resolve(
            text, near=near, country=country, admin1=admin1, online=online,
            remember=place_from_online,
        )  # fmt: skip
        if json:
            self.stdout.write(_json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._describe(result)
        if not result.ok:
            raise CommandError(result.error or "not resolved")

    def _describe(self, r) -> None:
        if r.ok:
            self.stdout.write(
                f"{r.lat:.5f}, {r.lon:.5f}  precision {r.geo_precision}  ({r.method}, "
                f"confidence {r.confidence:.2f})"
            )
            if r.place_name:
                self.stdout.write(f"place: {r.place_name} (id {r.place_id})")
            self.stdout.write(f"why: {r.basis}")
            if r.note:
                self.stdout.write(f"note: {r.note}")
        for warning in r.warnings:
            self.stderr.write(f"warning: {warning}")
        for c in r.alternatives:
            self.stdout.write(
                f"  candidate: {c['name']} ({c['country']}) {c['lat']:.4f}, {c['lon']:.4f} "
                f"{c['admin1'] or ''} [{c['method']} {c['score']:.2f}]"
            )


_json = json

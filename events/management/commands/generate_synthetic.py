import sys

from django.core.management.base import BaseCommand, CommandError

from events.demo import synthetic


class Command(BaseCommand):
    help = (
        "Add synthetic published events (and zones) for benchmarks: clustered around the towns "
        "of Syria and Iraq, 2012–2024, marked so that --remove takes them all away again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=0, help="How many events to add.")
        parser.add_argument("--zones", type=int, default=0, help="How many zones to add.")
        parser.add_argument("--seed", type=int, default=1, help="The random seed.")
        parser.add_argument(
            "--remove", action="store_true", help="Remove every synthetic record instead."
        )

    def handle(self, *args, events: int, zones: int, seed: int, remove: bool, **options):
        if remove:
            counts = synthetic.remove()
            self.stdout.write(f"Removed {counts['events']:,} events and {counts['zones']:,} zones.")
            return
        if events < 0 or zones < 0 or events + zones == 0:
            raise CommandError("Give --events N and/or --zones M (positive numbers), or --remove.")
        counts = synthetic.generate(events, zones=zones, seed=seed, progress=self._progress)
        sys.stderr.write("\n")
        self.stdout.write(
            f"Added {counts['events']:,} synthetic events, {counts['zones']:,} zones and "
            f"{counts['actors']:,} actors (python manage.py generate_synthetic --remove)."
        )

    @staticmethod
    def _progress(done: int, total: int, seconds: float) -> None:
        rate = done / seconds if seconds else 0
        sys.stderr.write(f"\r  {done:,}/{total:,} events ({rate:,.0f}/s)")
        sys.stderr.flush()

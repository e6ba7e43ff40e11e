from django.core.management.base import BaseCommand

from events.demo.loading import DemoNotLoaded, load_demo


class Command(BaseCommand):
    help = (
        "Load the Badia, May–June 2017 demo scenario into an empty database. Never changes "
        "what is there: with --reset, puts the demo's own records back as the scenario has them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Rewrite the demo's records (found by their keys, whatever editors renamed) "
            "and add the missing ones; other records are left alone.",
        )

    def handle(self, *args, reset: bool, **options) -> None:
        try:
            counts = load_demo(reset=reset)
        except DemoNotLoaded as refusal:
            # Not an error: `make run` calls this on every start.
            self.stdout.write(f"Demo not loaded: {refusal}")
            return
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo scenario loaded: {summary}."))

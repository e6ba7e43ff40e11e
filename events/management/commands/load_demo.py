from django.core.management.base import BaseCommand

from events.services.demo import load_demo


class Command(BaseCommand):
    help = "Load the Badia, May–June 2017 demo scenario (safe to run again: it updates in place)."

    def handle(self, *args, **options) -> None:
        counts = load_demo()
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo scenario loaded: {summary}."))

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.drafting.reports import report_text
from events.services.drafting import draft_report


class Command(BaseCommand):
    help = (
        "Propose coded events from a news report (a .txt or .html file): dates resolved against "
        "--date, places through the gazetteer, known actors, ACLED types, each with its quote. "
        "Writes nothing: accept proposals in the admin (Events → Draft events from a report)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--date", required=True, help="The report's publication day, YYYY-MM-DD."
        )
        parser.add_argument("--publisher", default="")
        parser.add_argument("--json", action="store_true", help='Print {"proposals": [...]}.')

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            published_on = date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError("--date: the publication day, YYYY-MM-DD.") from None
        text = report_text(path.read_bytes(), name=path.name)
        answer = draft_report(text, published_on=published_on)
        if options["json"]:
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2, default=str))
            return
        for number, p in enumerate(answer["proposals"], start=1):
            actors = "; ".join(f"{a['name']} ({a['role']})" for a in p["actors"]) or "none"
            self.stdout.write(
                f"{number}. {p['event_type']} / {p['sub_event_type']} (“{p['evidence']}”)\n"
                f"   {p['date_start']}–{p['date_end']} ({p['date_precision']}), "
                f"{p['place'] or p['location_text'] or 'no place'}"
                f" (precision {p['geo_precision'] or '–'})\n"
                f"   actors: {actors}\n"
                f"   “{p['quote'][:160]}”"
                + (
                    f"\n   may duplicate event(s) {[d['id'] for d in p['duplicates']]}"
                    if p["duplicates"]
                    else ""
                )
            )

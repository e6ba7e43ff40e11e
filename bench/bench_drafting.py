"""Drafting events from reports (issue 14): per-field precision and recall of the proposals on
the twelve short reports of tests/drafting_reports.py and on the seed article (the four events
the issue names, and IS's withdrawal), and the time per article. On a fresh SpatiaLite file with
the demo (its places and actors) and the reports' places and actors.

A proposal is matched to an expected event of the same report by sub-event type (the first
unmatched one). A field's precision: of the values proposed for it, the share that are right;
its recall: of the values expected, the share proposed right. "event": the proposals themselves.

    .venv/bin/python bench/bench_drafting.py
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = Path(os.environ.get("CONFLICTMAP_SEED", "/work/shared/seed/badia-2017-06-21.txt"))
FIELDS = ("event_type", "sub_event_type", "date", "place", "geo_precision", "actors", "fatalities")
SEED_TRUTH = [
    {"sub_event_type": "armed_clash", "event_type": "battles", "date": ("2017-06-20", "2017-06-20"),
     "place": "Bir Qassab", "geo_precision": 2,
     "actors": {("Military Forces of Syria (2000-)", "a"), ("Iranian-backed militias", "a"),
                ("Osoud al-Sharqiya", "b")},
     "fatalities": (None, None, None)},
    {"sub_event_type": "air_drone_strike", "event_type": "explosions",
     "actors": {("Military Forces of Russia (2015-)", "a")}, "fatalities": (None, None, None)},
    {"sub_event_type": "gov_regains", "event_type": "battles", "place": "Tal Dakwa",
     "actors": {("Military Forces of Syria (2000-)", "a")}, "fatalities": (None, None, None)},
    {"sub_event_type": "disrupted_weapons", "event_type": "strategic",
     "date": ("2017-06-20", "2017-06-20"), "place": "al-Tanf garrison", "geo_precision": 2,
     "actors": {("Military Forces of the United States (2017-)", "a")},
     "fatalities": (None, None, None)},
    {"sub_event_type": "non_violent_transfer", "event_type": "strategic",
     "date": ("2017-02-01", "2017-04-30"), "place": "Bir Qassab",
     "actors": {("Islamic State (Syria)", "a")}, "fatalities": (None, None, None)},
]  # fmt: skip


def _value(proposal: dict, name: str):
    if name == "date":
        return (proposal["date_start"], proposal["date_end"])
    if name == "actors":
        return {
            (a["name"], "a" if a["role"] in ("side_a", "assoc_a") else "b")
            for a in proposal["actors"]
            if a["actor_id"]
        }
    if name == "fatalities":
        f = proposal["fatalities"]
        return (f["low"], f["best"], f["high"])
    return proposal.get(name)


def _truth(expected: dict) -> dict:
    truth = {k: v for k, v in expected.items() if k in FIELDS}
    if "date_start" in expected:
        truth["date"] = (expected["date_start"], expected.get("date_end", expected["date_start"]))
    if "actors" in expected and isinstance(expected["actors"], list):
        truth["actors"] = set(expected["actors"])
    if "fatalities" in expected:
        f = expected["fatalities"]
        truth["fatalities"] = (f["low"], f["best"], f["high"])
    truth.setdefault("event_type", None)
    return truth


def score(cases: list[tuple[list[dict], list[dict]]]) -> dict[str, tuple[int, int, int]]:
    """Per field: (right, proposed, expected)."""
    counts = {name: [0, 0, 0] for name in ("event", *FIELDS)}
    for proposals, truths in cases:
        counts["event"][1] += len(proposals)
        counts["event"][2] += len(truths)
        unmatched = list(proposals)
        for truth in truths:
            match = next(
                (p for p in unmatched if p["sub_event_type"] == truth["sub_event_type"]), None
            )
            for name in FIELDS:
                if name in truth and truth[name] is not None:
                    counts[name][2] += 1
            if match is None:
                continue
            unmatched.remove(match)
            counts["event"][0] += 1
            for name in FIELDS:
                if name not in truth or truth[name] is None:
                    continue
                got = _value(match, name)
                if got is not None:  # (a set of actors, even empty, is always a proposal)
                    counts[name][1] += 1
                if got == truth[name] or (name == "actors" and truth[name] <= got):
                    counts[name][0] += 1
    return {name: tuple(values) for name, values in counts.items()}


def main() -> None:
    work = tempfile.mkdtemp(prefix="bench-drafting-", dir=ROOT / "var")
    os.environ["DATABASE_URL"] = f"spatialite:///{Path(work) / 'db.sqlite3'}"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from events.demo.loading import load_demo
    from events.drafting import propose_events
    from events.lib.taxonomy import EVENT_TYPE_OF
    from tests.drafting_reports import HELD_OUT, REPORTS, make_world

    call_command("migrate", verbosity=0)
    load_demo()
    make_world()
    seed = SEED.read_text(encoding="utf-8")
    articles = [(r.text, r.published_on, [_truth(e) for e in r.expected]) for r in REPORTS]
    articles.append((seed, date(2017, 6, 21), SEED_TRUTH))
    for _, _, truths in articles:
        for truth in truths:
            truth["event_type"] = str(EVENT_TYPE_OF[truth["sub_event_type"]])
    cases = [(propose_events(text, published_on=day), truths) for text, day, truths in articles]
    times = {"short report": [], "seed article": []}
    for _ in range(20):
        for text, day, _ in articles:
            began = time.perf_counter()
            propose_events(text, published_on=day)
            kind = "seed article" if text is seed else "short report"
            times[kind].append(time.perf_counter() - began)
    held_out = [
        (propose_events(r.text, published_on=r.published_on), [_truth(e) for e in r.expected])
        for r in HELD_OUT
    ]
    for _, truths in held_out:
        for truth in truths:
            truth["event_type"] = str(EVENT_TYPE_OF[truth["sub_event_type"]])
    for title, measured in (
        (f"the {len(REPORTS)} reports the rules were tuned on and the seed article", cases),
        (f"{len(HELD_OUT)} held-out reports, written after the tuning", held_out),
    ):
        print(f"\nDrafting: {title}")
        print("| field | right | proposed | expected | precision | recall |")
        print("|---|---|---|---|---|---|")
        for name, (right, proposed, expected) in score(measured).items():
            precision = right / proposed if proposed else 1.0
            recall = right / expected if expected else 1.0
            print(
                f"| {name} | {right} | {proposed} | {expected} | {precision:.2f} | {recall:.2f} |"
            )
    for kind, values in times.items():
        print(f"time per {kind}: median {statistics.median(values) * 1000:.1f} ms")


if __name__ == "__main__":
    main()

"""Offline resolution of 10,000 place names against the full gazetteer (SY, IQ, JO, LB, TR).

The names are drawn from the gazetteer and disguised the way reports disguise them: other
transliterations and Arabic script (alternate names), stripped diacritics, swapped or dropped
articles, doubled or single consonants, and typos. Side by side, in one process: the layered
index (events.geocoding) against a brute-force fuzzy search of every name (rapidfuzz's
extractOne over all keys), the obvious alternative.

    .venv/bin/python bench/bench_geocoding.py [--names 10000]
"""

import argparse
import os
import random
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ["DATABASE_URL"] = f"spatialite:///{ROOT / 'var' / 'bench_geocoding.sqlite3'}"


def strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in text if not unicodedata.combining(c)).replace("‘", "'").replace("’", "'")
    )


def disguise(name: str, rng: random.Random) -> tuple[str, str]:
    choice = rng.random()
    if choice < 0.3:
        return name, "as written"
    if choice < 0.55:
        return strip_marks(name), "diacritics stripped"
    if choice < 0.7:
        words = strip_marks(name).split()
        if words and words[0].lower() in {"al", "ar", "as", "at", "ad", "an", "az", "ash", "ath"}:
            return " ".join(["El-" + words[1], *words[2:]]) if len(words) > 1 else name, "article"
        return "al-" + strip_marks(name), "article"
    if choice < 0.85:
        plain = strip_marks(name)
        i = rng.randrange(1, max(2, len(plain) - 1))
        return plain[:i] + plain[i] + plain[i:], "doubled letter"
    plain = strip_marks(name)
    if len(plain) < 6:
        return plain, "diacritics stripped"
    i = rng.randrange(1, len(plain) - 2)
    return plain[:i] + plain[i + 1] + plain[i] + plain[i + 2 :], "typo (swapped letters)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=10_000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from rapidfuzz import fuzz, process

    from events.geocoding import resolve
    from events.geocoding.names import name_key
    from events.geocoding.place_index import build_index, indexable
    from events.models import Place

    call_command("migrate", verbosity=0)
    if Place.objects.count() < 4000:
        print("loading the gazetteer…", file=sys.stderr)
        with open(os.devnull, "w") as quiet:
            call_command("load_gazetteer", stdout=quiet)
    started = time.perf_counter()
    index = build_index()
    build_seconds = time.perf_counter() - started

    rng = random.Random(2017)
    alternates = {
        pid: [n for n in names if indexable(n)]
        for pid, names in Place.objects.values_list("id", "alternate_names")
    }
    entries = list(index.places.values())
    names = []
    for _ in range(args.names):
        entry = rng.choice(entries)
        others = alternates.get(entry.id) or []
        source = rng.choice(others) if others and rng.random() < 0.4 else entry.name
        names.append((disguise(source, rng), entry))

    started = time.perf_counter()
    outcomes = [resolve(text, index=index) for (text, _kind), _entry in names]
    layered = time.perf_counter() - started
    right = sum(
        1 for r, (_, entry) in zip(outcomes, names, strict=True) if r.ok and r.place_id == entry.id
    )
    ambiguous = sum(1 for r in outcomes if not r.ok and r.alternatives)
    wrong = sum(1 for r, (_, e) in zip(outcomes, names, strict=True) if r.ok and r.place_id != e.id)

    others = [
        (r, n) for r, n in zip(outcomes, names, strict=True) if r.ok and r.place_id != n[1].id
    ]
    for r, ((text, kind), entry) in others[:10]:
        print(
            f"  other place: {text!r} ({kind}) meant {entry.name} ({entry.country}), "
            f"got {r.place_name} [{r.method}]",
            file=sys.stderr,
        )

    sample = names[: max(200, args.names // 20)]
    started = time.perf_counter()
    for (text, _kind), _entry in sample:
        process.extractOne(name_key(text), index.keys, scorer=fuzz.ratio)
    brute = (time.perf_counter() - started) / len(sample) * len(names)

    per_thousand = layered / len(names) * 1000
    print(
        f"\n### Offline geocoding, {len(names):,} names, {len(index):,} places, "
        f"{len(index.keys):,} distinct name keys\n"
    )
    print("| method | total | per 1,000 names | ratio |")
    print("|---|---|---|---|")
    layered_row = f"{layered:.2f} s | {per_thousand * 1000:.0f} ms | 1×"
    print(f"| layered index (events.geocoding.resolve) | {layered_row} |")
    print(
        f"| brute-force fuzzy over every key (rapidfuzz extractOne; {len(sample):,} timed) | "
        f"{brute:.1f} s | {brute / len(names) * 1e6:.0f} ms | {brute / layered:.1f}× slower |"
    )
    print(
        f"\nIndex build: {build_seconds:.2f} s. Resolved to the right place: {right:,} "
        f"({right / len(names):.1%}); ambiguous (candidates returned): {ambiguous:,}; "
        f"another place: {wrong:,}; not found: {len(names) - right - ambiguous - wrong:,}."
    )


if __name__ == "__main__":
    main()

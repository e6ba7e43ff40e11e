"""Short reports written for the drafting tests and benchmark, in the styles of wire services and
monitors (datelines, "a monitor said", casualty ranges, "the village of X in Y province",
relative days and distances), each with what a careful coder would take from it. The places
and actors they name are made by `make_world`, as a gazetteer and an actor list would hold them.
Invented wording about plausible events; not quotations of real reports."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.gis.geos import Point

from events.models import Actor, Place

PLACES = [
    # name, lon, lat, kind, admin1, alternate names
    ("Maarat al-Numan", 36.6717, 35.6431, "town", "Idlib", ["Maarrat an-Nu'man"]),
    ("Kafr Nabl", 36.5631, 35.6139, "village", "Idlib", ["Kafranbel"]),
    ("Idlib", 36.6339, 35.9306, "city", "Idlib", []),
    ("Palmyra", 38.2674, 34.5560, "city", "Homs", ["Tadmur"]),
    ("Al-Sukhnah", 38.8722, 34.8833, "town", "Homs", ["Sukhnah"]),
    ("Aleppo", 37.1612, 36.2021, "city", "Aleppo", []),
    ("Deir Hafer", 37.7067, 36.1564, "town", "Aleppo", ["Dayr Hafir"]),
    ("Daraa", 36.1021, 32.6189, "city", "Daraa", ["Deraa"]),
    ("Homs", 36.7137, 34.7324, "city", "Homs", []),
    ("Saraqib", 36.8000, 35.8644, "town", "Idlib", []),
    ("Qamishli", 41.2273, 37.0522, "city", "Al-Hasakah", ["Al-Qamishli"]),
    ("Tabqa air base", 38.5667, 35.7544, "military", "Raqqa", ["Tabqa airbase"]),
    ("al-Tanf garrison", 38.6333, 33.5064, "military", "Homs", ["Tanf garrison"]),
]
ACTORS = [
    # name, short name, inter code, aliases
    ("Military Forces of Syria (2000-)", "Syrian government forces", 1,
     ["Syrian army", "Syrian regime forces", "government forces"]),
    ("Hayat Tahrir al-Sham", "HTS", 2, ["Tahrir al-Sham"]),
    ("Islamic State (Syria)", "IS", 2, ["Islamic State", "Daesh", "ISIS"]),
    ("Military Forces of Turkey (2016-)", "Turkish forces", 8, ["Turkish military"]),
    ("Syrian Democratic Forces", "SDF", 2, []),
    ("US-led coalition (CJTF-OIR)", "US-led coalition", 8, ["coalition"]),
]  # fmt: skip


@dataclass(frozen=True)
class Report:
    text: str
    published_on: date
    # What each proposal must say, in order of the sentences; None: not checked.
    expected: list[dict] = field(default_factory=list)


REPORTS = [
    Report(
        "BEIRUT, March 14 (Reuters) - Air strikes killed at least 24 people in the town of "
        "Maarat al-Numan in Idlib province on Tuesday, the Syrian Observatory for Human Rights "
        "said.",
        date(2018, 3, 14),
        [{"sub_event_type": "air_drone_strike", "date_start": "2018-03-13",
          "date_end": "2018-03-13", "date_precision": "day", "place": "Maarat al-Numan",
          "fatalities": {"low": 24, "best": 24, "high": None}, "actors": []}],
    ),
    Report(
        "A monitor said between 10 and 15 fighters died in clashes between government forces "
        "and Hayat Tahrir al-Sham near the village of Kafr Nabl in Idlib province yesterday.",
        date(2018, 5, 2),
        [{"sub_event_type": "armed_clash", "date_start": "2018-05-01", "date_precision": "day",
          "place": "Kafr Nabl", "fatalities": {"low": 10, "best": 10, "high": 15},
          "actors": [("Military Forces of Syria (2000-)", "a"), ("Hayat Tahrir al-Sham", "b")]}],
    ),
    Report(
        "Islamic State militants seized the town of Al-Sukhnah, some 70 km northeast of "
        "Palmyra, on Sunday, according to a war monitor.",
        date(2017, 5, 10),
        [{"sub_event_type": "nsa_overtakes", "date_start": "2017-05-07", "date_precision": "day",
          "place": "Al-Sukhnah", "fatalities": {"low": None, "best": None, "high": None},
          "actors": [("Islamic State (Syria)", "a")]}],
    ),
    Report(
        "Syrian army troops recaptured the town of Deir Hafer east of Aleppo last week after "
        "days of fighting with Islamic State, state television said on Monday.",
        date(2017, 3, 20),
        [{"sub_event_type": "gov_regains", "date_start": "2017-03-13", "date_end": "2017-03-19",
          "date_precision": "week", "place": "Deir Hafer",
          "actors": [("Military Forces of Syria (2000-)", "a"), ("Islamic State (Syria)", "b")]}],
    ),
    Report(
        "Rebel shelling of government-held districts of Daraa city killed three civilians on "
        "Friday, state media reported.",
        date(2017, 6, 18),
        [{"sub_event_type": "shelling", "date_start": "2017-06-16", "date_precision": "day",
          "place": "Daraa", "fatalities": {"low": 3, "best": 3, "high": 3}}],
    ),
    Report(
        "A roadside bomb struck a military vehicle near Homs today, killing two soldiers.",
        date(2017, 9, 5),
        [{"sub_event_type": "remote_explosive", "date_start": "2017-09-05",
          "date_precision": "day", "place": "Homs", "geo_precision": 2,
          "fatalities": {"low": 2, "best": 2, "high": 2}}],
    ),
    Report(
        "Hundreds of people protested in Idlib city on Friday against the rising price of "
        "bread, a local activist said.",
        date(2019, 1, 20),
        [{"sub_event_type": "peaceful_protest", "date_start": "2019-01-18", "place": "Idlib",
          "fatalities": {"low": None, "best": None, "high": None}}],
    ),
    Report(
        "Gunmen abducted a local council member in the town of Saraqib in Idlib province two "
        "days ago, his family said.",
        date(2019, 2, 10),
        [{"sub_event_type": "abduction", "date_start": "2019-02-08", "date_precision": "day",
          "place": "Saraqib"}],
    ),
    Report(
        "Turkish drones struck a position of the Syrian Democratic Forces 15 km south of "
        "Qamishli on Wednesday, the SDF said, adding that no one was hurt.",
        date(2020, 7, 2),
        [{"sub_event_type": "air_drone_strike", "date_start": "2020-07-01",
          "date_precision": "day", "place": None, "geo_precision": 2,
          "fatalities": {"low": None, "best": None, "high": None},
          "actors": [("Military Forces of Turkey (2016-)", "a"),
                     ("Syrian Democratic Forces", "b")]}],
    ),
    Report(
        "Government forces withdrew from the Tabqa air base a few months ago, residents said.",
        date(2017, 1, 15),
        [{"sub_event_type": "non_violent_transfer", "date_start": "2016-09-01",
          "date_end": "2016-11-30", "date_precision": "month", "place": "Tabqa air base",
          "actors": [("Military Forces of Syria (2000-)", "a")]}],
    ),
    Report(
        "The coalition said it shot down an Iranian-made drone near the al-Tanf garrison on "
        "Thursday.",
        date(2017, 6, 9),
        [{"sub_event_type": "disrupted_weapons", "date_start": "2017-06-08",
          "place": "al-Tanf garrison", "geo_precision": 2,
          "actors": [("US-led coalition (CJTF-OIR)", "a")]}],
    ),
    Report(
        "Talks between the government and the opposition will resume in Geneva next week, the "
        "UN envoy said.",
        date(2017, 6, 9),
        [],
    ),
]  # fmt: skip


KINDS = {"city": "city", "town": "city", "village": "village", "military": "base"}


def make_world() -> None:
    for name, lon, lat, kind, admin1, alternates in PLACES:
        Place.objects.get_or_create(
            name=name,
            defaults={
                "location": Point(lon, lat, srid=4326),
                "kind": KINDS[kind],
                "country_code": "SY",
                "admin1": admin1,
                "alternate_names": alternates,
                "geo_precision": 1,
            },
        )
    for name, short, inter, aliases in ACTORS:
        Actor.objects.get_or_create(
            name=name, defaults={"short_name": short, "actor_type": inter, "aliases": aliases}
        )


# Written after the rules were tuned on REPORTS, and never used to tune them: the benchmark's
# held-out measure (bench/bench_drafting.py). Their places and actors are in PLACES and ACTORS.
HELD_OUT = [
    Report(
        "DAMASCUS, Aug 3 (AFP) - Government warplanes bombed the town of Saraqib in Idlib "
        "province on Thursday, killing seven civilians, a monitoring group said.",
        date(2017, 8, 3),
        [{"sub_event_type": "air_drone_strike", "date_start": "2017-08-03", "place": "Saraqib",
          "fatalities": {"low": 7, "best": 7, "high": 7},
          "actors": [("Military Forces of Syria (2000-)", "a")]}],
    ),
    Report(
        "Fighters of Hayat Tahrir al-Sham captured the village of Kafr Nabl after heavy clashes "
        "with government forces two days ago, the group said.",
        date(2018, 1, 10),
        [{"sub_event_type": "nsa_overtakes", "date_start": "2018-01-08", "place": "Kafr Nabl",
          "actors": [("Hayat Tahrir al-Sham", "a"), ("Military Forces of Syria (2000-)", "b")]}],
    ),
    Report(
        "A car bomb exploded near a checkpoint outside Qamishli on Saturday, killing at least "
        "five people and wounding 12 others, local officials said.",
        date(2019, 3, 11),
        [{"sub_event_type": "remote_explosive", "date_start": "2019-03-09", "place": "Qamishli",
          "geo_precision": 2, "fatalities": {"low": 5, "best": 5, "high": None}}],
    ),
    Report(
        "Dozens of residents demonstrated in Daraa city yesterday to demand the release of "
        "detainees, activists said.",
        date(2018, 2, 20),
        [{"sub_event_type": "peaceful_protest", "date_start": "2018-02-19", "place": "Daraa",
          "fatalities": {"low": None, "best": None, "high": None}}],
    ),
    Report(
        "Islamic State fighters pulled out of Al-Sukhnah last month, according to residents.",
        date(2017, 9, 15),
        [{"sub_event_type": "non_violent_transfer", "date_start": "2017-08-01",
          "date_end": "2017-08-31", "place": "Al-Sukhnah",
          "actors": [("Islamic State (Syria)", "a")]}],
    ),
    Report(
        "Syrian Democratic Forces clashed with Islamic State militants 20 km east of Deir "
        "Hafer on Monday; between three and six fighters were killed, a monitor said.",
        date(2017, 3, 22),
        [{"sub_event_type": "armed_clash", "date_start": "2017-03-20", "geo_precision": 2,
          "fatalities": {"low": 3, "best": 3, "high": 6},
          "actors": [("Syrian Democratic Forces", "a"), ("Islamic State (Syria)", "b")]}],
    ),
]  # fmt: skip

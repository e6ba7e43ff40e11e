"""The demo scenario: the Badia (Syrian desert), May–June 2017.

Everything here comes from one news report of 21 June 2017 (its publisher is not named in our
copy) and from the GeoNames gazetteer. Summaries are our own words; quotes are short. Where a
date or a point is not in the report, the record says where it comes from. Hand-drawn control
zones are rough sketches of what the report describes: their notes and confidence say so, and
each ends on the report's date, the last day it speaks for, not on a known end of control.
"""

from datetime import date
from typing import Any

ARTICLE = {
    "title": "[Untitled news report on the regime offensive at Bir Qassab, Syrian Badia]",
    "publisher": "",  # our copy does not name it: unknown, not guessed
    "url": "",
    "published_on": date(2017, 6, 21),
    "language": "en",
}
ARTICLE_DATE = ARTICLE["published_on"]

ACTORS = [
    # name, short name, ACLED inter code, colour, parent, backed by, aliases
    (
        "Military Forces of Syria (2000-)",
        "Syrian government forces",
        1,
        "#c0392b",
        None,
        ["Military Forces of Russia (2015-)", "Military Forces of Iran (1989-)"],
        ["Syrian regime forces", "Syrian Arab Army", "SAA", "قوات النظام"],
    ),
    (
        "Military Forces of Russia (2015-)",
        "Russian forces",
        8,
        "#7b241c",
        None,
        [],
        ["Russian Air Force", "Russian air power"],
    ),
    ("Military Forces of Iran (1989-)", "Iran", 8, "#117a65", None, [], ["Iranian forces", "IRGC"]),
    (
        "Iranian-backed militias",
        "Iran-backed militias",
        3,
        "#d68910",
        None,
        ["Military Forces of Iran (1989-)"],
        ["Iraqi Shi'ite groups", "pro-Iranian militias", "الميليشيات المدعومة من إيران"],
    ),
    ("Free Syrian Army", "FSA", 2, "#1e8449", None, [], ["FSA", "الجيش السوري الحر"]),
    (
        "Osoud al-Sharqiya",
        "Osoud al-Sharqiya",
        2,
        "#27ae60",
        "Free Syrian Army",
        [],
        ["Usud al-Sharqiya", "Lions of the East Army", "Jaysh Usud al-Sharqiya", "أسود الشرقية"],
    ),
    (
        "Ahmed Abdo Martyrs Brigade",
        "Ahmed Abdo Martyrs",
        2,
        "#52be80",
        "Free Syrian Army",
        [],
        ["Shuhada Ahmed al-Abdo", "Martyr Ahmed Abdo Forces", "قوات الشهيد أحمد العبدو"],
    ),
    (
        "US-led coalition (CJTF-OIR)",
        "US-led coalition",
        8,
        "#2e86c1",
        None,
        [],
        ["Global Coalition against Daesh", "Operation Inherent Resolve", "coalition"],
    ),
    (
        "Military Forces of the United States (2017-)",
        "US forces",
        8,
        "#1b4f72",
        "US-led coalition (CJTF-OIR)",
        [],
        ["US forces", "American forces"],
    ),
    (
        "Islamic State (Syria)",
        "IS",
        2,
        "#444444",
        None,
        [],
        ["Daesh", "ISIS", "ISIL", "Islamic State", "الدولة الإسلامية"],
    ),
]

GOV, RUSSIA, MILITIAS = ACTORS[0][0], ACTORS[1][0], ACTORS[3][0]
FSA, OSOUD, AHMED_ABDO = ACTORS[4][0], ACTORS[5][0], ACTORS[6][0]
COALITION, US, IS = ACTORS[7][0], ACTORS[8][0], ACTORS[9][0]

EVENTS: list[dict[str, Any]] = [
    {
        "key": "bir-qassab-offensive",
        "title": "Government and allied militias attack FSA groups at Bir Qassab",
        "start_date": date(2017, 6, 20),
        "event_type": "battles",
        "sub_event_type": "armed_clash",
        "place": "Bir Qassab",
        "geo_precision": 2,
        "actors": [
            (GOV, "side_a"),
            (MILITIAS, "assoc_a"),
            (RUSSIA, "assoc_a"),
            (OSOUD, "side_b"),
            (AHMED_ABDO, "assoc_b"),
        ],
        "summary": (
            "At dawn on Tuesday 20 June, Syrian government troops with Iran-backed militias "
            "began a ground offensive on FSA-held desert around Bir Qassab, with hundreds of "
            "soldiers and dozens of armoured vehicles, tanks among them. Rebel spokesmen said "
            "their fighters held their positions. No casualty figures were reported."
        ),
        "quotes": [
            "The operation to capture a strategic swathe of desert that stretches to the Iraqi "
            "border started on Tuesday in the Bir Qassab area",
            "our forces are holding on to their positions",
        ],
    },
    {
        "key": "bir-qassab-air-strikes",
        "title": "Russian air strikes support the offensive around Bir Qassab",
        "start_date": date(2017, 6, 20),
        "event_type": "explosions",
        "sub_event_type": "air_drone_strike",
        "place": "Bir Qassab",
        "geo_precision": 2,
        "actors": [(RUSSIA, "side_a"), (GOV, "assoc_a"), (OSOUD, "side_b")],
        "summary": (
            "Rebels reported heavy Russian bombing in support of the government ground attack "
            "on the Bir Qassab area. Targets and casualties were not reported."
        ),
        "quotes": ["With [the help of] intensive Russian bombing they are trying to advance"],
    },
    {
        "key": "al-tanf-drone-june-20",
        "title": "US forces shoot down an armed pro-government drone near al-Tanf",
        "start_date": date(2017, 6, 20),
        "event_type": "strategic",
        "sub_event_type": "disrupted_weapons",
        "place": "al-Tanf garrison",
        "geo_precision": 2,
        "actors": [(US, "side_a"), (COALITION, "assoc_a"), (GOV, "side_b")],
        "summary": (
            "US forces said they downed an armed drone flown for the Syrian government near "
            "their garrison at al-Tanf; a Western intelligence source said the drone was "
            "Iranian. No casualties."
        ),
        "fatalities": (0, 0, 0),
        "quotes": ['shot down an armed "pro-Syrian regime" drone near the garrison'],
    },
    {
        "key": "al-tanf-drone-june-8",
        "title": "US forces shoot down an earlier armed pro-government drone near al-Tanf",
        "start_date": date(2017, 6, 8),
        "event_type": "strategic",
        "sub_event_type": "disrupted_weapons",
        "place": "al-Tanf garrison",
        "geo_precision": 2,
        "actors": [(US, "side_a"), (COALITION, "assoc_a"), (GOV, "side_b")],
        "summary": (
            "An earlier interception of an armed pro-government drone near the al-Tanf "
            "garrison. The date comes from the coalition's reporting at the time; our cited "
            "report only confirms the pattern of pro-government forces pressing on the base."
        ),
        "quotes": [
            "Iranian-backed forces have also been trying to advance towards the base",
        ],
    },
    {
        "key": "tal-dakwa-capture",
        "title": "Government forces capture the Tal Dakwa heights",
        "start_date": date(2017, 6, 8),
        "event_type": "battles",
        "sub_event_type": "gov_regains",
        "place": "Tal Dakwa",
        "geo_precision": 2,
        "actors": [(GOV, "side_a"), (RUSSIA, "assoc_a"), (FSA, "side_b")],
        "summary": (
            "Backed by Russian and government air strikes, government forces took the "
            "strategic Tal Dakwa range north-east of Bir Qassab, closing a ring around the "
            "rebel-held desert that reaches the Jordanian and Iraqi borders. The report gives "
            "no date; 8 June 2017 is the date conflict monitors coded for the capture."
        ),
        "quotes": ["taking over several areas including the strategic Tal Dakwa mountain range"],
    },
    {
        "key": "al-tanf-coalition-strikes",
        "title": "Coalition strikes pro-government forces advancing towards al-Tanf",
        "start_date": date(2017, 5, 18),
        "event_type": "explosions",
        "sub_event_type": "air_drone_strike",
        "place": "al-Tanf garrison",
        "geo_precision": 2,
        "location_note": "on the approach to the al-Tanf garrison, inside its 55 km zone",
        "actors": [(COALITION, "side_a"), (GOV, "side_b"), (MILITIAS, "assoc_b")],
        "summary": (
            "One of the repeated coalition air strikes on Iran-backed, pro-government forces "
            "moving towards the al-Tanf garrison. The date comes from coalition statements at "
            "the time; the cited report speaks of the strikes without dates."
        ),
        "quotes": ["even after repeatedly being bombed by the US-led coalition"],
    },
    {
        "key": "bir-qassab-is-withdrawal",
        "title": "IS abandons the Bir Qassab area; the FSA takes it over",
        "start_date": date(2017, 3, 1),
        "end_date": date(2017, 4, 30),
        "date_precision": 3,
        "event_type": "strategic",
        "sub_event_type": "non_violent_transfer",
        "place": "Bir Qassab",
        "geo_precision": 3,
        "location_note": "the desert around Bir Qassab; months approximate (“a few months ago”)",
        "actors": [(FSA, "side_a"), (IS, "side_b")],
        "summary": (
            "Islamic State fighters left the Bir Qassab desert some months before June 2017, "
            "pulling back east to defend Raqqa and Deir ez-Zor province, and FSA groups moved "
            "in. The report dates it only as “a few months ago”: spring 2017, month precision."
        ),
        "quotes": [
            "The area fell to the Free Syrian Army (FSA) after it was abandoned a few months "
            "ago by the Daesh terror group."
        ],
    },
]

# Control zones as (lon, lat) rings. Sketches, not surveys: see the module docstring.
GOVERNMENT_WEST_BEFORE = [
    (35.95, 33.15),
    (36.55, 32.95),
    (36.75, 33.2),
    (36.85, 33.45),
    (36.9, 33.75),
    (36.6, 34.0),
    (36.1, 33.9),
    (35.95, 33.55),
]
GOVERNMENT_WEST_AFTER_TAL_DAKWA = [
    (35.95, 33.15),
    (36.55, 32.95),
    (36.75, 33.2),
    (37.1, 33.42),
    (37.2, 33.7),
    (36.9, 33.95),
    (36.6, 34.0),
    (36.1, 33.9),
    (35.95, 33.55),
]
FSA_DESERT_BEFORE = [
    (36.65, 32.95),
    (36.88, 33.3),
    (36.92, 33.6),
    (37.2, 33.62),
    (37.5, 33.65),
    (38.2, 33.75),
    (38.6, 33.9),
    (38.95, 33.55),
    (38.79, 33.37),
    (37.2, 32.75),
    (36.84, 32.5),
]
FSA_DESERT_AFTER_TAL_DAKWA = [
    (36.65, 32.95),
    (36.85, 33.15),
    (37.15, 33.35),
    (37.5, 33.5),
    (38.2, 33.65),
    (38.6, 33.8),
    (38.95, 33.55),
    (38.79, 33.37),
    (37.2, 32.75),
    (36.84, 32.5),
]
IS_BIR_QASSAB_BEFORE_WITHDRAWAL = [
    (36.7, 32.95),
    (36.9, 33.25),
    (37.3, 33.4),
    (37.4, 33.1),
    (37.1, 32.75),
    (36.84, 32.55),
]
IS_EAST = [
    (38.6, 34.4),
    (39.2, 35.55),
    (38.7, 35.9),
    (39.0, 36.15),
    (39.6, 36.05),
    (40.3, 35.6),
    (40.9, 35.0),
    (41.0, 34.5),
    (39.9, 34.3),
    (39.3, 34.2),
]
MILITIAS_BADIA = [
    (37.55, 33.68),
    (37.9, 33.98),
    (38.45, 34.05),
    (38.62, 33.92),
    (38.2, 33.77),
]
BIR_QASSAB_CONTESTED_RADIUS_KM = 25
AL_TANF_ZONE_RADIUS_KM = 55

Q_FSA = "encircled FSA-controlled desert territory stretching to the Jordanian and Iraqi borders"
Q_IS_EAST = "Daesh had made an eastward retreat to reinforce their urban bastion, Raqqa"
Q_TANF = "close to the Tanf garrison where US forces are based"
Q_MILITIAS = "Iraqi Shi'ite groups are spreading across the Badia"
SKETCH = "Hand-drawn approximation from the cited report, not a surveyed front line. "

ZONES: list[dict[str, Any]] = [
    {
        "actor": GOV,
        "ring": GOVERNMENT_WEST_BEFORE,
        "from": date(2017, 3, 1),
        "to": date(2017, 6, 7),
        "quote": "near the Dumeir air base",
        "note": SKETCH + "Government-held Damascus countryside and Dumayr, before Tal Dakwa.",
    },
    {
        "actor": GOV,
        "ring": GOVERNMENT_WEST_AFTER_TAL_DAKWA,
        "from": date(2017, 6, 8),
        "to": ARTICLE_DATE,
        "quote": "taking over several areas including the strategic Tal Dakwa mountain range",
        "note": SKETCH + "Extended east over Tal Dakwa after its capture.",
    },
    {
        "actor": IS,
        "ring": IS_BIR_QASSAB_BEFORE_WITHDRAWAL,
        "from": date(2017, 1, 1),
        "to": date(2017, 3, 31),
        "quote": "abandoned a few months ago by the Daesh terror group",
        "note": SKETCH + "IS presence around Bir Qassab before its withdrawal; dates approximate.",
    },
    {
        "actor": OSOUD,
        "ring": FSA_DESERT_BEFORE,
        "from": date(2017, 4, 1),
        "to": date(2017, 6, 7),
        "quote": Q_FSA,
        "note": SKETCH + "FSA-held desert from Bir Qassab to the borders (Osoud al-Sharqiya and "
        "allied FSA groups).",
    },
    {
        "actor": OSOUD,
        "ring": FSA_DESERT_AFTER_TAL_DAKWA,
        "from": date(2017, 6, 8),
        "to": date(2017, 6, 19),
        "quote": Q_FSA,
        "note": SKETCH + "FSA-held desert, its north edge pushed back after Tal Dakwa.",
    },
    {
        "actor": OSOUD,
        "ring": FSA_DESERT_AFTER_TAL_DAKWA,
        "from": date(2017, 6, 20),
        "to": ARTICLE_DATE,
        "quote": Q_FSA,
        "minus_contested": True,
        "note": SKETCH + "FSA-held desert once the Bir Qassab offensive began.",
    },
    {
        "actor": OSOUD,
        "ring": FSA_DESERT_AFTER_TAL_DAKWA,
        "from": date(2017, 6, 20),
        "to": ARTICLE_DATE,
        "status": "contested",
        "contested_only": True,
        "quote": "our forces are holding on to their positions",
        "note": SKETCH
        + f"Bir Qassab area under government attack: a {BIR_QASSAB_CONTESTED_RADIUS_KM}"
        " km circle around the derived Bir Qassab point, within the FSA zone.",
    },
    {
        "actor": MILITIAS,
        "ring": MILITIAS_BADIA,
        "from": date(2017, 5, 20),
        "to": ARTICLE_DATE,
        "quote": Q_MILITIAS,
        "note": SKETCH + "Where Iran-backed militias were reported moving in the Badia towards "
        "al-Tanf; extent and start date are rough.",
    },
    {
        "actor": COALITION,
        "circle_around": "al-Tanf garrison",
        "from": date(2017, 3, 1),
        "to": ARTICLE_DATE,
        "quote": Q_TANF,
        "confidence": 2,
        "note": f"The coalition's {AL_TANF_ZONE_RADIUS_KM} km deconfliction zone around "
        "the al-Tanf "
        "garrison: a geodesic circle. It predates the demo's window, which is where valid_from "
        "starts.",
    },
    {
        "actor": IS,
        "ring": IS_EAST,
        "from": date(2017, 3, 1),
        "to": ARTICLE_DATE,
        "quote": Q_IS_EAST,
        "note": SKETCH + "IS-held Raqqa, Deir ez-Zor province and the desert between them.",
    },
]

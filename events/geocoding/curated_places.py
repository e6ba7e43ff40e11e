"""Places the gazetteer holds beside GeoNames' towns: the region's bases, crossings and hills
that GeoNames lacks or places badly, and points derived from distances a report gives.

Each says where its point comes from (coordinate_source). `load_gazetteer` loads them with
GeoNames (services.gazetteer.load_curated_places), and so does the demo, whose scenario
happens there: they are gazetteer data, not the demo's.
"""

from typing import TypedDict


class DerivedPlace(TypedDict):
    name: str
    alternate_names: list[str]
    kind: str
    anchor: str
    bearing: int  # degrees clockwise from north, as reported (a compass point)
    km: float
    admin1: str
    source_note: str


# Points derived from the report's own distances (geodesic, WGS84, from Damascus).
DERIVED_PLACES: list[DerivedPlace] = [
    {
        "name": "Bir Qassab",
        "alternate_names": ["Bi'r al Qasab", "Bir al-Qasab", "Bir Qasab", "بئر القصب"],
        "kind": "region",
        "anchor": "Damascus",
        "bearing": 135,
        "km": 75,
        "admin1": "Rif Dimashq",
        "source_note": "reported “some 75 km (45 miles) southeast of Damascus”",
    },
    {
        "name": "Tal Dakwa",
        "alternate_names": ["Tell Dakwa", "Tal Dakwah", "تل دكوة"],
        "kind": "hill",
        "anchor": "Damascus",
        "bearing": 90,
        "km": 62,
        "admin1": "Rif Dimashq",
        "source_note": "reported 62 km east of Damascus; a 920–945 m hill",
    },
]

PLACES = [
    # name, alternate names, lat, lon, kind, admin1, GeoNames id, where the point comes from
    (
        "Damascus",
        ["Dimashq", "Damas", "دمشق"],
        33.5102,
        36.29128,
        "city",
        "Damascus",
        170654,
        "GeoNames 170654",
    ),
    (
        "Raqqa",
        ["Ar Raqqah", "Al-Raqqa", "Rakka", "الرقة"],
        35.95283,
        39.00788,
        "city",
        "Ar-Raqqah",
        172955,
        "GeoNames 172955",
    ),
    (
        "Deir ez-Zor",
        ["Dayr az Zawr", "Deir Al Zor", "Deir el-Zor", "دير الزور"],
        35.33588,
        40.14084,
        "city",
        "Deir ez-Zor",
        170794,
        "GeoNames 170794",
    ),
    (
        "Palmyra",
        ["Tadmur", "Tadmor", "تدمر"],
        34.5624,
        38.28402,
        "city",
        "Homs",
        163808,
        "GeoNames 163808",
    ),
    (
        "Ad Dumayr",
        ["Dumayr", "Dumeir", "Adh Dhumayr", "الضمير"],
        33.64389,
        36.69376,
        "city",
        "Rif Dimashq",
        170589,
        "GeoNames 170589",
    ),
    (
        "Dumayr military airport",
        ["Dumeir air base", "Dmeir airbase", "مطار الضمير العسكري"],
        33.612,
        36.747,
        "airport",
        "Rif Dimashq",
        None,
        "approximate, from maps (≈ 33.612, 36.747)",
    ),
    (
        "As Sab' Biyar",
        ["Sab Biyar", "Al-Sabe Biyar", "السبع بيار"],
        33.77974,
        37.68357,
        "village",
        "Rif Dimashq",
        165158,
        "GeoNames 165158",
    ),
    (
        "al-Tanf garrison",
        ["At Tanf", "Tanf", "al-Tanf", "التنف"],
        33.50583,
        38.61778,
        "base",
        "Homs",
        None,
        "reported position of the coalition garrison",
    ),
    (
        "Al Waleed / al-Tanf border crossing",
        ["Al-Walid", "At Tanf crossing", "معبر التنف"],
        33.433,
        38.937,
        "crossing",
        "Homs",
        None,
        "approximate, from maps (≈ 33.433, 38.937)",
    ),
    (
        "Iraq–Syria–Jordan tripoint",
        ["Syria-Iraq-Jordan border triangle"],
        33.3747,
        38.7936,
        "border_point",
        "",
        None,
        "boundary tripoint",
    ),
    (
        "Rukban",
        ["Rukban camp", "Al-Rukban", "الركبان"],
        33.314,
        38.703,
        "camp",
        "",
        None,
        "approximate, from maps (≈ 33.314, 38.703)",
    ),
]

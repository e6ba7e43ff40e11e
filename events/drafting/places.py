"""Where a sentence says something happened: the location as written ("the Bir Qassab area, some
75 km (45 miles) southeast of Damascus", "the village of Kafr Nabl in Idlib province", "near the
garrison"), resolved by the project's resolver (events.geocoding), relative expressions
included. What cannot be resolved is kept as text, never placed at a guess."""

import re
from dataclasses import dataclass, replace

from events.drafting.dates import MONTHS, WEEKDAYS
from events.geocoding import resolve

NAME = (
    r"(?:(?:al|el|ad|ar|as|ash|at|az|an)[- ])?[A-Z][\w'’]+(?:-[A-Z]?[\w'’]+)?"
    r"(?:\s+(?:(?:al|el|ad|ar|as|ash|at|az|an)[- ])?[A-Z][\w'’]+(?:-[A-Z]?[\w'’]+)?){0,3}"
)
KINDS = (
    r"area|region|district|countryside|province|governorate|garrison|base|air base|airport|camp"
    r"|crossing|mountain range|mountains?|hills?|heights|valley|neighbourhood|neighborhood"
)
DIRECTION = (
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west"
    r"|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW|NE|NW|SE|SW|N|S|E|W)"
)
OFFSET = re.compile(
    rf"(?:(?:some|about|around|roughly|nearly|approximately)\s+)?\d+(?:[.,]\d+)?\s*"
    rf"(?:km|kilometres|kilometers|miles|mi)\b(?:\s*\([^)]*\))?\s+(?:to the\s+)?{DIRECTION}\s+"
    rf"(?:of|from)\s+(?:the\s+)?{NAME}"
)
NAMED = re.compile(
    rf"\b(?:in|at|near|around|outside|into|towards?|to|from|on|including)\s+(?:the\s+)?"
    rf"(?:(?:strategic|town|city|key|besieged|rebel-held|government-held)\s+)?"
    rf"(?:(?P<what>village|town|city|area|district|region|outskirts|suburbs?|countryside)\s+of\s+)?"
    rf"(?P<name>{NAME})(?:\s+(?P<kind>{KINDS}))?"
    rf"(?:\s+in\s+(?P<division>{NAME})\s+(?:province|governorate|region))?"
)
# "seized the town of Al-Sukhnah", "districts of Daraa city": a place its kind introduces.
OF_KIND = re.compile(
    r"\b(?:village|town|city|area|districts?|region|outskirts|suburbs?|countryside"
    rf"|neighbou?rhoods?|province|governorate)\s+of\s+(?P<name>{NAME})"
    rf"(?:\s+in\s+(?P<division>{NAME})\s+(?:province|governorate|region))?"
)
NEAR_WORDS = re.compile(r"^(?:near|around|outside|towards?|close to)\b", re.IGNORECASE)
BARE = re.compile(rf"\b{DIRECTION}\s+of\s+(?:the\s+)?{NAME}")
BACK_REFERENCE = re.compile(
    rf"\b(?:near|at|in|around|towards?)\s+the\s+(?P<kind>{KINDS}|town|city|village)\b"
)
# Capitalised words that start no place name.
NOT_PLACES = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "Their",
        "They",
        "He",
        "She",
        "We",
        "Our",
    ]
    + [day.capitalize() for day in WEEKDAYS]
    + [month.capitalize() for month in MONTHS]
)
# A back-reference's kind, and the kinds of the places it may mean.
SAME_KIND = {"base": ("base", "garrison", "camp"), "garrison": ("garrison", "base")}
ACCEPT = 0.6  # below this the resolver's answer is a guess: kept as text, not as a place


@dataclass(frozen=True)
class Where:
    text: str
    place: str | None
    place_id: int | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    note: str
    confidence: float


def _resolved(text: str) -> Where | None:
    near = text.startswith("near:")
    text = re.sub(r"\s*\([^)]*\)", "", text.removeprefix("near:")).strip(" ,")
    found = resolve(text)
    if not found.ok or found.confidence < ACCEPT:
        return None
    if near and found.geo_precision is not None and found.geo_precision < 2:
        # "near Homs" is not Homs itself: ACLED's precision 2, the place's point
        found.geo_precision, found.note = 2, found.note or f"near {text}"
    return Where(
        text=text,
        place=found.place_name,
        place_id=found.place_id,
        lat=round(found.lat, 6) if found.lat is not None else None,
        lon=round(found.lon, 6) if found.lon is not None else None,
        geo_precision=found.geo_precision,
        note=found.note or "",
        confidence=round(min(0.95, found.confidence), 2),
    )


def _candidates(sentence: str) -> list[tuple[int, str]]:
    """Location texts in the sentence with where they start, the most telling first."""
    found: list[tuple[int, int, str]] = []
    offsets = list(OFFSET.finditer(sentence))
    for match in NAMED.finditer(sentence):
        name = match["name"]
        if name.split()[0] in NOT_PLACES:
            continue
        text = f"{name} {match['kind']}" if match["kind"] else name
        if match["division"]:
            text = f"{name}, {match['division']}"
        following = next((o for o in offsets if 0 <= o.start() - match.end() <= 3), None)
        if following:  # "the Bir Qassab area, some 75 km southeast of Damascus"
            found.append((0, match.start(), f"{text}, {following.group(0)}"))
        found.append(
            (1, match.start(), ("near:" if NEAR_WORDS.match(match.group(0)) else "") + text)
        )
        if text != name:  # "Tal Dakwa mountain range": the gazetteer may know the name only
            found.append((1, match.start() + 1, name))
    for offset in offsets:
        found.append((2, offset.start(), offset.group(0)))
    for match in OF_KIND.finditer(sentence):
        name = match["name"]
        if name.split()[0] in NOT_PLACES:
            continue
        following = next((o for o in offsets if 0 <= o.start() - match.end() <= 3), None)
        if following:
            found.append((0, match.start(), f"{name}, {following.group(0)}"))
        text = f"{name}, {match['division']}" if match["division"] else name
        found.append((1, match.start("name"), text))

    return [(start, text) for _, start, text in sorted(found)]


def places_named(sentence: str) -> list[Where]:
    """Every place the sentence names, resolved, the most telling first."""
    named: list[Where] = []
    for _, text in _candidates(sentence):
        where = _resolved(text)
        if where is not None and all(w.place_id != where.place_id for w in named):
            named.append(where)
    return named


def find_where(
    sentence: str, *, earlier: list[Where] | None = None, here: list[Where] | None = None
) -> Where | None:
    """The sentence's location: the first place it names (`here`, when already resolved), a
    bare direction ("northeast of Bir Qassab") kept in its note; else a back-reference ("near
    the garrison") takes the place of that kind named before; None when it names no place."""
    named = places_named(sentence) if here is None else here
    if named:
        where = named[0]
        bare = BARE.search(sentence)
        if bare and bare.group(0) not in where.text:
            where = replace(where, note="; ".join(n for n in (where.note, bare.group(0)) if n))
        return where
    reference = BACK_REFERENCE.search(sentence)
    if reference and earlier:
        kind = reference["kind"].lower()
        kinds = SAME_KIND.get(kind, (kind,))
        for where in reversed(earlier):
            written = f"{where.text} {where.place or ''}".lower()
            if any(k in written for k in kinds):
                near = reference.group(0).lower().startswith(("near", "around", "towards"))
                return replace(
                    where,
                    text=reference.group(0),
                    confidence=0.6,
                    geo_precision=max(where.geo_precision or 1, 2 if near else 1),
                    note=f"“{reference.group(0)}”: the {kind} named before ({where.text})",
                )
    return None

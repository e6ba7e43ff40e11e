"""resolve(): place text to a point, with an honest precision and a stated method.

Order: a relative expression ("75 km SE of Damascus"), else the offline gazetteer (exact
name, alternate name, then fuzzy), else, when asked and configured, an online geocoder. An
ambiguous name gives its candidates and no point; bad input gives a message and no point.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Point

from events.geocoding import relative
from events.geocoding.divisions import division_key, division_keys, division_name
from events.geocoding.names import name_key
from events.geocoding.online import OnlineError, configured_geocoder
from events.geocoding.place_index import Candidate, GazetteerIndex, get_index, rank
from events.models import GeoPrecision

log = logging.getLogger(__name__)
MAX_TEXT = 300
# Words that make a named place approximate: "Bir Qassab area", "the outskirts of Raqqa".
AREA_WORDS = (
    r"area|outskirts|vicinity|surroundings|countryside|desert|environs|district|sector|front"
)
REGION_WORDS = r"province|governorate|region|countryside of"
QUALIFIED = re.compile(rf"^(?:the\s+)?(?P<name>.+?)\s+(?P<word>{AREA_WORDS}|{REGION_WORDS})$", re.I)
CONFIDENCE = {"exact": 0.95, "alias": 0.9}
FUZZY_ANSWER = 0.9  # a spelling less alike than this gives candidates, not a point
# Consonants that differ (Bacalı, Balcalı) are a typo or another name: only a near-identical
# long name is answered.
FUZZY_TYPO_ANSWER = 0.94
FUZZY_MARGIN = 0.03  # two spellings this close in score: ask, do not choose
DOMINANT_POPULATION = 50_000
DOMINANCE = 20


@dataclass
class Resolution:
    text: str
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    place_id: int | None = None
    place_name: str | None = None
    method: str | None = None  # gazetteer exact / alias / fuzzy, relative, online:<provider>
    confidence: float = 0.0
    basis: str = ""  # why this answer, in a sentence: how sure, and on what grounds
    note: str = ""
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.lat is not None

    @property
    def point(self) -> Point | None:
        return Point(self.lon, self.lat, srid=4326) if self.ok else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


class Unresolved(ValueError):
    def __init__(self, message: str, alternatives: list[Candidate] | None = None):
        super().__init__(message)
        self.alternatives = alternatives or []


@dataclass(frozen=True)
class Hints:
    """What narrows a name down. `country` is a constraint: a place elsewhere is never the
    answer (a wrong hint is the caller's to lift). `admin1` chooses among namesakes."""

    near: tuple[float, float] | None = None
    country: str | None = None
    admin1: str | None = None


def _in_country(found: list[Candidate], name: str, hints: Hints) -> list[Candidate]:
    if not hints.country:
        return found
    inside = [c for c in found if c.place.country == hints.country.upper()]
    if found and not inside:
        elsewhere = ", ".join(sorted({c.place.country or "?" for c in found}))
        raise Unresolved(
            f"No place called “{name}” in {hints.country.upper()}; places of that name are in "
            f"{elsewhere}. Remove the country to consider them.",
            rank(found, near=hints.near),
        )
    return inside


def _in_division(
    index: GazetteerIndex, found: list[Candidate], name: str, hints: Hints
) -> tuple[list[Candidate], bool]:
    """The candidates in the division the hint names. When the hint names a division the
    gazetteer knows and every candidate is known to lie elsewhere, the name means a place the
    gazetteer does not have: candidates, not a point (Adra in Rif Dimashq is not the Adra'a
    alias of Dar'a). A hint naming no known division is not used."""
    key = division_key(hints.admin1 or "")
    if not key:
        return found, False
    inside = [c for c in found if key in division_keys(c.place.admin1)]
    if inside:
        return inside, True
    placed = all(division_keys(c.place.admin1) for c in found)
    if found and placed and key in index.known_divisions():
        raise Unresolved(
            f"No place called “{name}” in {hints.admin1}; places of that name lie in "
            f"{', '.join(sorted({division_name(c.place.admin1) for c in found}))}.",
            rank(found, near=hints.near),
        )
    return found, False


def _pick(index: GazetteerIndex, name: str, hints: Hints) -> Candidate:
    """The one place `name` means, or Unresolved: nothing found, several equally good, or only
    spellings too far from the name to trust."""
    everywhere = index.candidates(name)
    found = _in_country(everywhere, name, hints)
    found, in_division = _in_division(index, found, name, hints)
    candidates = rank(found, near=hints.near)
    if not candidates:
        where = f" in {hints.country.upper()}" if hints.country else ""
        raise Unresolved(f"No place called “{name}”{where} in the gazetteer.")
    best = candidates[0]
    if best.method == "fuzzy" and hints.near is None:
        close = [c for c in candidates[1:] if best.score - c.score < FUZZY_MARGIN]
        # A spelling like another place's alternate name, or with other consonants, is two
        # guesses deep: only a near-identical one is answered.
        indirect = best.typo or name_key(best.matched) != name_key(best.place.name)
        threshold = FUZZY_TYPO_ANSWER if indirect else FUZZY_ANSWER
        if best.score < threshold or close:
            spellings = ", ".join(f"“{c.matched}” ({c.place.country})" for c in candidates[:3])
            raise Unresolved(
                f"No place is spelled “{name}”; the closest are {spellings}. Pick one if it "
                "is the place meant.",
                candidates,
            )
    rivals = [c for c in candidates[1:] if round(c.score, 2) == round(best.score, 2)]
    if rivals and hints.near is None and not _dominates(best, rivals):
        raise Unresolved(
            f"“{name}” is ambiguous: {len(rivals) + 1} places match equally well. "
            "Give a country, a governorate or a nearby place, or pick one.",
            candidates,
        )
    best.rivals = rivals
    best.chosen_because = "nearest to the place given" if hints.near else "largest"
    best.in_division = in_division
    # Namesakes elsewhere: the hints chose among the places the gazetteer knows, but a common
    # name ("al-Hamra", "the red") has more places than any gazetteer lists.
    best.namesakes = max(0, len(rank([c for c in everywhere if c.method != "fuzzy"])) - 1)
    return best


def _dominates(best: Candidate, rivals: list[Candidate]) -> bool:
    """A city that dwarfs its namesakes is what a report means by the name (Aleppo the city)."""
    population = best.place.population
    return population >= DOMINANT_POPULATION and all(
        population >= DOMINANCE * r.place.population for r in rivals
    )


def _basis(candidate: Candidate, hints: Hints) -> str:
    place = f"{candidate.place.name} ({candidate.place.country or 'no country'})"
    if candidate.method == "fuzzy":
        text = (
            f"Spelled like “{candidate.matched}”, a name of {place} (similarity "
            f"{candidate.score:.2f}); not an exact name, so no better than precision 2."
        )
    elif candidate.method == "alias":
        text = f"“{candidate.matched}” is another name of {place}."
    else:
        text = f"The gazetteer's name of {place}."
    if candidate.in_division:
        text += f" The one in {division_name(candidate.place.admin1)}, as the hint says."
    elif hints.admin1:
        text += f" None of its namesakes lies in “{hints.admin1}”: the hint was not used."
    if candidate.rivals:
        text += (
            f" One of {len(candidate.rivals) + 1} places with this name: chose the "
            f"{candidate.chosen_because}, so no better than precision 2."
        )
    elif candidate.namesakes:
        text += (
            f" A common name ({candidate.namesakes + 1} places so called in the gazetteer, "
            "and more it does not list): no better than precision 2."
        )
    return text


def _from_place(
    text: str, candidate: Candidate, hints: Hints, *, precision: int, note: str
) -> Resolution:
    rivals = candidate.rivals
    confidence = CONFIDENCE.get(candidate.method, 0.85 * candidate.score)
    if candidate.method == "fuzzy" or rivals or candidate.namesakes:
        # A guessed spelling, a chosen namesake or a common name is never an exact location.
        precision = max(precision, GeoPrecision.NEAR)
    if rivals:
        confidence *= 0.7
    return Resolution(
        text=text,
        lat=candidate.place.lat,
        lon=candidate.place.lon,
        geo_precision=precision,
        place_id=candidate.place.id,
        place_name=candidate.place.name,
        method=f"gazetteer {candidate.method}",
        confidence=round(confidence, 3),
        basis=_basis(candidate, hints),
        note=note,
        alternatives=[c.as_dict() for c in rivals[:10]],
        warnings=[
            f"{len(rivals)} other place(s) have this name; chose the "
            f"{candidate.chosen_because}: {candidate.place.name} ({candidate.place.country})."
        ]
        if rivals
        else [],
    )


def _named(text: str, index: GazetteerIndex, hints: Hints) -> Resolution:
    """A place by name, perhaps qualified: "Bir Qassab area" is Bir Qassab, precision 2."""
    try:
        candidate = _pick(index, text, hints)
        return _from_place(text, candidate, hints, precision=candidate.place.precision, note="")
    except Unresolved as first_failure:
        qualified = QUALIFIED.match(text)
        if not qualified or first_failure.alternatives:
            raise
        candidate = _pick(index, qualified["name"], hints)
        region = re.fullmatch(REGION_WORDS, qualified["word"], re.I)
        precision = GeoPrecision.REGION if region else GeoPrecision.NEAR
        return _from_place(
            text, candidate, hints, precision=max(precision, candidate.place.precision), note=text
        )


def _relative(
    expression: relative.Relative, text: str, index: GazetteerIndex, hints: Hints
) -> Resolution:
    anchor = _pick(index, expression.anchor, hints)
    origin = (anchor.place.lat, anchor.place.lon)
    confidence = round(0.8 * CONFIDENCE.get(anchor.method, 0.85 * anchor.score), 3)
    basis = f"Measured from the anchor place. {_basis(anchor, hints)}"
    if expression.kind == "near":
        result = _from_place(
            text, anchor, hints, precision=GeoPrecision.NEAR, note=expression.expression
        )
        result.method, result.confidence = "relative", confidence
        return result
    if expression.kind == "between":
        second = _pick(index, expression.second, hints)
        lat, lon = relative.midpoint(origin, (second.place.lat, second.place.lon))
        note = f"{expression.expression} (geodesic midpoint)"
    elif expression.kind == "direction":
        # No distance given: the anchor's point, flagged approximate; never an invented offset.
        lat, lon = origin
        note = f"{expression.expression} (distance not given: point of {anchor.place.name})"
    else:
        # a distance-and-bearing expression: relative.parse gives both, or no expression
        assert expression.km is not None and expression.bearing is not None
        lat, lon = relative.destination(*origin, km=expression.km, bearing=expression.bearing)
        note = (
            f"{expression.expression} (geodesic destination {expression.km:g} km at "
            f"{expression.bearing:g}° from {anchor.place.name})"
        )
    return Resolution(
        text=text,
        lat=lat,
        lon=lon,
        geo_precision=GeoPrecision.NEAR,
        method="relative",
        confidence=confidence,
        basis=basis,
        note=note[:255],
    )


def _with_division(parts: list[str], index: GazetteerIndex, hints: Hints) -> Resolution | None:
    """ "Bara, Idlib": a name and the division it lies in, when the second part is one."""
    if len(parts) != 2 or hints.admin1 or relative.parse(parts[1]):
        return None
    division_hints = Hints(hints.near, hints.country, parts[1])
    try:
        candidate = _pick(index, parts[0], division_hints)
    except Unresolved:
        return None
    if not candidate.in_division:
        return None
    return _from_place(
        parts[0], candidate, division_hints, precision=candidate.place.precision, note=""
    )


def _offline(text: str, index: GazetteerIndex, hints: Hints) -> Resolution:
    expression = relative.parse(text)
    if expression:
        return _relative(expression, text, index, hints)
    parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    if len(parts) <= 1:
        return _named(text, index, hints)
    found = _with_division(parts, index, hints)
    if found:
        found.text = text
        return found
    # "Bir Qassab area, 75 km SE of Damascus": the named place if the gazetteer knows it, the
    # relative part otherwise; the whole text is kept as the note.
    failures: list[Unresolved] = []
    for part in sorted(parts, key=lambda p: relative.parse(p) is not None):
        try:
            found = _offline(part, index, hints)
        except Unresolved as failure:
            failures.append(failure)
            continue
        found.text, found.note = text, text[:255]
        if found.geo_precision == GeoPrecision.EXACT:
            found.geo_precision = GeoPrecision.NEAR
        return found
    raise failures[-1]


def _online(
    text: str, *, country: str | None, offline: Resolution, remember: Callable[..., Any] | None
) -> Resolution:
    try:
        answer = configured_geocoder().lookup(text, country=country)
    except OnlineError as error:
        log.warning("Online geocoding failed for %r: %s", text, error)
        offline.warnings.append(f"Online geocoding failed ({error}); the offline answer stands.")
        return offline
    if not answer.found:
        offline.warnings.append(f"{answer.provider} found nothing for “{text}” either.")
        return offline
    # Keeping the answer as a place is a write: the caller's (a service), never this reader's.
    place = remember(answer, day=date.today()) if remember else None
    return Resolution(
        text=text,
        lat=answer.lat,
        lon=answer.lon,
        geo_precision=GeoPrecision.EXACT,
        place_id=place.pk if place else None,
        place_name=place.name if place else answer.query,
        method=f"online:{answer.provider}",
        confidence=0.6,
        note=answer.address[:255],
        warnings=["from the online cache"] if answer.cached else [],
    )


def resolve(
    text: str,
    *,
    near: str | tuple[float, float] | None = None,
    country: str | None = None,
    admin1: str | None = None,
    online: bool = False,
    index: GazetteerIndex | None = None,
    remember: Callable[..., Any] | None = None,
) -> Resolution:
    """Resolve place text; see the module docstring. Never raises for bad input."""
    text = " ".join("".join(c for c in (text or "") if ord(c) >= 32).split())
    if not text:
        return Resolution(
            text=text, error="Give a place name or a location such as “75 km SE of Damascus”."
        )
    if len(text) > MAX_TEXT:
        return Resolution(text=text[:40] + "…", error=f"The text is over {MAX_TEXT} characters.")
    if not re.search(r"[^\W\d_]", text):
        return Resolution(text=text, error=f"“{text}” names no place.")
    if country and not re.fullmatch(r"[A-Za-z]{2}", country):
        return Resolution(
            text=text, error=f"country={country!r}: use a two-letter ISO code such as SY."
        )
    admin1 = " ".join("".join(c for c in (admin1 or "") if ord(c) >= 32).split())[:MAX_TEXT]
    index = index or get_index()
    try:
        hints = Hints(_near_point(near, index, country=country), country, admin1 or None)
        return _offline(text, index, hints)
    except relative.RelativeError as error:
        return Resolution(text=text, error=str(error))
    except Unresolved as failure:
        result = Resolution(
            text=text,
            error=str(failure),
            alternatives=[c.as_dict() for c in failure.alternatives[:10]],
        )
        if online and settings.GEOCODER_ONLINE and not failure.alternatives:
            return _online(text, country=country, offline=result, remember=remember)
        if online and not settings.GEOCODER_ONLINE:
            result.warnings.append("Online geocoding is off (GEOCODER_ONLINE).")
        return result


def _near_point(
    near: str | tuple[float, float] | None, index: GazetteerIndex, *, country: str | None
) -> tuple[float, float] | None:
    if near is None or near == "":
        return None
    if isinstance(near, tuple):
        return near
    try:
        anchor = _pick(index, near, Hints(country=country))
    except Unresolved as failure:
        raise Unresolved(f"near: {failure}") from None
    return (anchor.place.lat, anchor.place.lon)

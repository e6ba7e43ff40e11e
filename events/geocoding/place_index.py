"""The offline gazetteer: every Place and its names, indexed in memory for fast matching.

Three keys find a place: its names' spelling-independent keys (names.name_key), their
consonant skeletons, and, when both miss, a fuzzy comparison of keys (rapidfuzz). The index is
rebuilt when the data version moves (any Place saved or deleted), checked at most every few
seconds so that bulk resolution does not pay a query per name.
"""

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, cast

from geopy.distance import geodesic
from rapidfuzz import fuzz, process

from events.geocoding.divisions import division_keys, division_name, table_keys
from events.geocoding.names import folded_key, has_arabic, name_key, skeleton_key
from events.lib.geodesy import approx_km

FUZZY_CUTOFF = 86  # rapidfuzz ratio (0-100) below which a name is not a match
ALIAS_SCORE = 0.97
FUZZY_MAX = 0.95  # a fuzzy match never ties with a real name
SAME_PLACE_KM = 5  # two entries this close under one name are the same place
CHECK_EVERY_SECONDS = 2.0
LATIN = re.compile(r"^[\sA-Za-z0-9\-'’‘`ʿʾ().,/À-ɏḀ-ỿ]+$")
CODE = re.compile(r"^[A-Z0-9]{2,4}$")  # IATA-style codes among GeoNames' alternate names


@dataclass(frozen=True)
class Entry:
    id: int
    name: str
    country: str
    lat: float
    lon: float
    kind: str
    population: int
    curated: bool
    precision: int = 1
    admin1: str = ""  # a GeoNames code ("SY.12") or a division's name ("Idleb")


@dataclass
class Candidate:
    place: Entry
    score: float  # 0..1
    method: str  # "exact", "alias" or "fuzzy"
    matched: str  # the place's name that matched
    distance_km: float | None = field(default=None)
    rivals: list["Candidate"] = field(default_factory=list)  # as good a match, not chosen
    chosen_because: str = ""
    in_division: bool = False  # chosen by the admin1 hint
    typo: bool = False  # a fuzzy match whose consonants differ too: a typo, or another name
    namesakes: int = 0  # other places of this name anywhere in the gazetteer

    def as_dict(self) -> dict[str, Any]:
        return {
            "place_id": self.place.id,
            "name": self.place.name,
            "country": self.place.country,
            "lat": self.place.lat,
            "lon": self.place.lon,
            "kind": self.place.kind,
            "admin1": division_name(self.place.admin1),
            "score": round(self.score, 3),
            "method": self.method,
            "matched": self.matched,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
        }


def indexable(name: str) -> bool:
    """Latin and Arabic names only: the spellings reports use. No airport codes."""
    name = name.strip()
    if len(name) < 2 or CODE.match(name):
        return False
    return bool(LATIN.match(name)) or has_arabic(name)


class GazetteerIndex:
    def __init__(self, entries: list[Entry], names: list[tuple[int, str]]):
        self.places = {e.id: e for e in entries}
        self._divisions: frozenset[str] | None = None
        self.primary = {e.id: name_key(e.name) for e in entries}
        self.by_key: dict[str, dict[int, str]] = {}
        self.by_skeleton: dict[str, dict[int, str]] = {}
        for place_id, name in [(e.id, e.name) for e in entries] + names:
            if not indexable(name):
                continue
            key = name_key(name)
            if not key:
                continue
            self.by_key.setdefault(key, {}).setdefault(place_id, name)
            self.by_skeleton.setdefault(skeleton_key(name), {}).setdefault(place_id, name)
        self.keys = list(self.by_key)

    def __len__(self) -> int:
        return len(self.places)

    def known_divisions(self) -> frozenset[str]:
        """The divisions a hint can name: the table's, and those the places' admin1 names."""
        if self._divisions is None:
            keys: set[str] = set(table_keys())
            for admin1 in {e.admin1 for e in self.places.values()}:
                keys |= division_keys(admin1)
            self._divisions = frozenset(keys)
        return self._divisions

    def named_near(self, text: str, lat: float, lon: float, *, country: str = "") -> Entry | None:
        """The place of this name (by key: no skeleton or fuzzy guesses) within SAME_PLACE_KM
        of the point, and in `country` when both are known: the same place, or None."""
        for pid in self.by_key.get(name_key(text), ()):
            entry = self.places[pid]
            same_country = not (entry.country and country) or entry.country == country
            if same_country and approx_km((lat, lon), (entry.lat, entry.lon)) < SAME_PLACE_KM:
                return entry
        return None

    def candidates(self, text: str, *, limit: int = 8) -> list[Candidate]:
        key = name_key(text)
        if not key:
            return []
        found = self.by_key.get(key)
        if found:
            # A place's own name outranks another place's alternate name ("Dar'a" the city,
            # not a village that also answers to it).
            return [
                Candidate(self.places[pid], 1.0, "exact", name)
                if self.primary[pid] == key
                else Candidate(self.places[pid], ALIAS_SCORE, "alias", name)
                for pid, name in found.items()
            ]
        found = self.by_skeleton.get(skeleton_key(text))
        if found:
            folded = folded_key(text)
            scored = [
                Candidate(
                    self.places[pid],
                    # Compared with the known transliteration swaps folded (Aghtrin, Akhtarin).
                    min(FUZZY_MAX, max(0.8, fuzz.ratio(folded, folded_key(name)) / 100)),
                    "fuzzy",
                    name,
                )
                for pid, name in found.items()
            ]
            return sorted(scored, key=lambda c: -c.score)[:limit]
        matches = process.extract(
            key, self.keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit
        )
        out = []
        for matched_key, score, _ in matches:
            for pid, name in self.by_key[matched_key].items():
                out.append(
                    Candidate(
                        self.places[pid], min(FUZZY_MAX, score / 100), "fuzzy", name, typo=True
                    )
                )
        return out


def rank(
    candidates: list[Candidate], *, near: tuple[float, float] | None = None
) -> list[Candidate]:
    """Best first: score, then nearness, then curated and size; one candidate per place."""
    if near:
        for c in candidates:
            c.distance_km = geodesic(near, (c.place.lat, c.place.lon)).km

    def order(c: Candidate) -> tuple[float, ...]:
        return (
            -round(c.score, 2),
            c.distance_km if c.distance_km is not None else 0,
            not c.place.curated,
            -c.place.population,
            c.place.id,
        )

    ranked = sorted(candidates, key=order)
    # One place known twice (a curated entry and its GeoNames twin): keep the first.
    distinct: list[Candidate] = []
    for c in ranked:
        if not any(
            geodesic((c.place.lat, c.place.lon), (d.place.lat, d.place.lon)).km < SAME_PLACE_KM
            for d in distinct
        ):
            distinct.append(c)
    return distinct


_lock = threading.Lock()
_cache: dict[str, Any] = {"index": None, "version": None, "checked": 0.0}


def build_index() -> GazetteerIndex:
    from events.models import Place

    entries: list[Entry] = []
    names: list[tuple[int, str]] = []
    rows = Place.objects.values_list(
        "id",
        "name",
        "country_code",
        "location",
        "kind",
        "population",
        "geonames_id",
        "coordinate_source",
        "alternate_names",
        "geo_precision",
        "admin1",
    )
    for row in rows.iterator(chunk_size=2000):
        (pid, name, country, point, kind, population, _geonames_id, origin, alternates) = row[:9]
        precision, admin1 = row[9:]
        curated = not (origin or "").startswith("GeoNames")
        entries.append(
            Entry(
                pid,
                name,
                country,
                point.y,
                point.x,
                kind,
                population or 0,
                curated,
                precision,
                admin1 or "",
            )
        )
        names.extend((pid, alt) for alt in alternates or [])
    return GazetteerIndex(entries, names)


def get_index() -> GazetteerIndex:
    """The current index, rebuilt when places have changed since it was built."""
    from events.models import DataVersion

    now = time.monotonic()
    with _lock:
        if _cache["index"] is not None and now - _cache["checked"] < CHECK_EVERY_SECONDS:
            return cast(GazetteerIndex, _cache["index"])
        version = DataVersion.current(DataVersion.PLACES).token
        _cache["checked"] = now
        if _cache["index"] is None or version != _cache["version"]:
            _cache["index"] = build_index()
            _cache["version"] = version
        return cast(GazetteerIndex, _cache["index"])


def forget_index() -> None:
    with _lock:
        _cache.update(index=None, version=None, checked=0.0)

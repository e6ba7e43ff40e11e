"""ACLED's event type and sub-type from the words of a sentence, with the words that justify it.

Rules, most specific first: a sentence that says a drone was shot down is a disrupted weapons
use, not an air strike; one that says ground was taken is a change of territory before it is a
clash. Only what is said to have happened counts: "trying to advance" or "to capture" is an
intention, and "had been bombing" is background that a later rule may still take.
"""

import re
from dataclasses import dataclass

from events.lib.taxonomy import EventType, SubEventType

TERRITORY = "territory"  # a capture: the government's or a non-state actor's, told by who took it


@dataclass(frozen=True)
class Rule:
    event_type: str
    sub_event_type: str
    pattern: re.Pattern[str]
    confidence: float


def _rule(
    event_type: EventType, sub_event_type: SubEventType | str, words: str, confidence: float
) -> Rule:
    return Rule(event_type, sub_event_type, re.compile(words, re.IGNORECASE), confidence)


E, S = EventType, SubEventType
RULES = [
    _rule(
        E.STRATEGIC,
        S.DISRUPTED_WEAPONS_USE,
        r"\b(?:shot|shoot|shooting) down\b|\bintercepted\b|\bdefused\b"
        r"|\bdismantled (?:an? )?(?:IED|bomb)",
        0.85,
    ),
    _rule(E.EXPLOSIONS, S.SUICIDE_BOMB, r"\bsuicide (?:bomb(?:er|ing)?|attack|car bomb|vest)", 0.9),
    _rule(
        E.EXPLOSIONS,
        S.REMOTE_EXPLOSIVE,
        r"\b(?:roadside bomb|IED|improvised explosive|land ?mine|car bomb|booby[- ]trap)",
        0.85,
    ),
    _rule(
        E.EXPLOSIONS,
        S.CHEMICAL_WEAPON,
        r"\b(?:chemical (?:attack|weapons?)|sarin|chlorine gas)",
        0.8,
    ),
    _rule(
        E.EXPLOSIONS,
        S.AIR_DRONE_STRIKE,
        r"\b(?:air ?strikes?|air raids?|drone strikes?|bombing|bombed|bombard(?:ed|ment)|warplanes?"
        r"|war planes|jets? (?:struck|hit|bombed)|helicopters? (?:struck|dropped)|barrel bombs?"
        r"|air (?:power|support)|aerial (?:attack|bombardment)"
        r"|(?:drones?|warplanes?|planes|jets|helicopters)"
        r" (?:struck|hit|bombed|targeted|attacked))\b",
        0.75,
    ),
    _rule(
        E.EXPLOSIONS,
        S.SHELLING,
        r"\b(?:shell(?:ing|ed)|artillery|mortars?|rocket (?:fire|attack)s?|fired rockets"
        r"|missiles? (?:struck|hit|attack)|missile attack)\b",
        0.8,
    ),
    _rule(E.EXPLOSIONS, S.GRENADE, r"\bgrenades?\b", 0.7),
    _rule(
        E.VIOLENCE_AGAINST_CIVILIANS,
        S.ABDUCTION,
        r"\b(?:abduct(?:ed|ion)|kidnapp?(?:ed|ing)|forcibly disappeared)\b",
        0.8,
    ),
    _rule(
        E.VIOLENCE_AGAINST_CIVILIANS,
        S.ATTACK,
        r"\b(?:executed|massacred?|killed (?:\w+ )?civilians|civilians were killed|shot dead)\b",
        0.7,
    ),
    _rule(
        E.BATTLES,
        TERRITORY,
        r"\b(?:captured|recaptured|retook|regained|seized|took (?:over|control of)"
        r"|taking (?:over|control of)|fell to|overran|overrun|advanced into)\b",
        0.75,
    ),
    _rule(
        E.STRATEGIC,
        S.NON_VIOLENT_TRANSFER,
        r"\b(?:withdrew|withdrawn|withdrawal|abandoned|pulled out|handed over|retreat(?:ed)?)\b",
        0.7,
    ),
    _rule(
        E.BATTLES,
        S.ARMED_CLASH,
        r"\b(?:clash(?:es|ed)?|fighting|fought|battles?|attack(?:ed|s)?|offensive|assault"
        r"|ambush(?:ed)?|repell(?:ed|ing)|operation|firefight|gun ?battle|skirmish(?:es)?)\b",
        0.65,
    ),
    _rule(
        E.PROTESTS,
        S.PEACEFUL_PROTEST,
        r"\b(?:protest(?:ed|ers|s)?|demonstrat(?:ion|ors|ed)|rall(?:y|ied)|sit-in|marched)\b",
        0.7,
    ),
    _rule(E.RIOTS, S.VIOLENT_DEMONSTRATION, r"\b(?:riot(?:s|ers|ed)?|torched|looted)\b", 0.7),
    _rule(E.STRATEGIC, S.ARRESTS, r"\b(?:arrest(?:ed|s)|detained)\b", 0.7),
]
# Support named beside the main event ("backed by Russian air power") is not an event of its own.
SUPPORT = re.compile(
    r"\b(?:backed|supported|aided|assisted|covered) by\s+(?:\w+\s+){0,3}$"
    r"|\bwith (?:the help of )?$",
    re.IGNORECASE,
)
# What was only intended or attempted is not an event.
INTENT = re.compile(
    r"\b(?:trying|tried|attempt(?:ing|ed)?|plan(?:s|ned|ning)?|threaten(?:s|ed|ing)?|"
    r"aim(?:s|ed|ing)?|seek(?:s|ing)?|hop(?:e|es|ing)|vow(?:s|ed)?|would|could|may|might|will)"
    r"\s+(?:to\s+)?\w*\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Typed:
    event_type: str
    sub_event_type: str
    evidence: str
    start: int  # where the evidence is in the sentence
    confidence: float


def find_types(sentence: str) -> list[Typed]:
    """What the sentence says happened: at most one event per ACLED event type, the most
    specific rule of each (a capture before a clash, a downed drone before a withdrawal)."""
    found: dict[str, Typed] = {}
    for rule in RULES:
        if rule.event_type in found:
            continue
        for match in rule.pattern.finditer(sentence):
            before = sentence[max(0, match.start() - 40) : match.start()]
            if INTENT.search(before) or re.search(r"\bto\s*$", before) or SUPPORT.search(before):
                continue  # "trying to advance", "the operation to capture", "backed by … air power"
            found[rule.event_type] = Typed(
                rule.event_type, rule.sub_event_type, match.group(0), match.start(), rule.confidence
            )
            break
    if EventType.EXPLOSIONS in found and found.get(EventType.VIOLENCE_AGAINST_CIVILIANS):
        # Civilians killed by shelling or a bomb: ACLED codes the explosion, not a second event.
        del found[EventType.VIOLENCE_AGAINST_CIVILIANS]
    return sorted(found.values(), key=lambda typed: typed.start)

"""From a report's text to proposed events: each with the sentences it comes from (offsets into
the text), a date resolved against the publication day, a place through the resolver, the
actors and their sides, the fatalities stated, an ACLED type with the words that justify it,
and a confidence per field.

One sentence may tell several events (a capture and the bombing before it); several sentences
may tell one (a lead, its "operation … started on Tuesday", a spokesman's quote): sentences of
the same type close together, naming the same actors or none, are one event. A proposal that
names no place or date takes those of the event just before it (said so, with less confidence),
and else stays without a place, or takes the week before the report with a low confidence.
Nothing is invented: no fatalities unless stated, no actor created, no point guessed.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from events.drafting.actors import ActorIndex, Mention
from events.drafting.dates import WEEK, When, find_when
from events.drafting.fatalities import NONE_STATED, Fatalities, find_fatalities
from events.drafting.places import Where, find_where, places_named
from events.drafting.text import Sentence, is_quoted, quoted_spans, sentences
from events.drafting.types import TERRITORY, Typed, find_types
from events.lib.taxonomy import EventType, SubEventType
from events.models.events import ActorRole

MERGE_WITHIN = 6  # sentences: a lead and the quotes that tell more of the same event
INHERIT_WITHIN = 3
STATE_FORCES = 1
SUPPORTING = re.compile(
    r"\b(?:backed by|aided by|supported by|allied|with (?:the help of )?)\W*(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
PASSIVE = re.compile(r"\b(?:by|to)\s+(?:the\s+)?$", re.IGNORECASE)
# ", the coalition said.": who tells of the event after it, not who took part.
SPEAKER = re.compile(
    r"^\s+(?:said|says|reported|told|announced|added|stated|claimed|confirmed)\b", re.IGNORECASE
)


@dataclass
class Proposal:
    typed: Typed
    sentences: list[Sentence]
    when: When | None = None
    where: Where | None = None
    mentions: list[tuple[Sentence, Mention]] = field(default_factory=list)
    fatalities: Fatalities | None = None
    date_inherited: bool = False
    place_inherited: bool = False
    told_by: dict[int, Typed] = field(default_factory=dict)  # sentence index -> its words
    actors: list[dict[str, Any]] = field(default_factory=list)
    date_confidence: float = 0.0

    @property
    def event_type(self) -> str:
        return str(self.typed.event_type)

    @property
    def sub_event_type(self) -> str:
        return str(self.typed.sub_event_type)

    def as_dict(self, published_on: date) -> dict[str, Any]:
        first = self.sentences[0]
        start, end = _date_range(self, published_on)
        where = self.where
        return {
            "quote": first.text,
            "start": first.start,
            "end": first.end,
            "sentences": [{"start": s.start, "end": s.end} for s in self.sentences],
            "date_start": start.isoformat(),
            "date_end": end.isoformat(),
            "date_precision": self.when.precision if self.when else WEEK,
            "date_expression": self.when.expression if self.when else "",
            "location_text": where.text if where else "",
            "place": where.place if where else None,
            "place_id": where.place_id if where else None,
            "lat": where.lat if where else None,
            "lon": where.lon if where else None,
            "geo_precision": int(where.geo_precision) if where and where.geo_precision else None,
            "location_note": _location_note(self),
            "actors": self.actors,
            "fatalities": (self.fatalities or NONE_STATED).as_dict(),
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "evidence": self.typed.evidence,
            "confidence": {
                "event_type": round(self.typed.confidence, 2),
                "date": round(self.date_confidence, 2),
                "place": round(where.confidence * (0.6 if self.place_inherited else 1), 2)
                if where
                else 0.0,
                "actors": round(sum(m.confidence for _, m in self.mentions) / len(self.mentions), 2)
                if self.mentions
                else 0.0,
                "fatalities": round(self.fatalities.confidence, 2) if self.fatalities else 0.9,
            },
        }


def _date_range(proposal: Proposal, published_on: date) -> tuple[date, date]:
    if proposal.when:
        return proposal.when.start, proposal.when.end
    return published_on - timedelta(days=7), published_on


def _location_note(proposal: Proposal) -> str:
    where = proposal.where
    if where is None:
        return ""
    note = where.note or (where.text if where.text != where.place else "")
    if proposal.place_inherited:
        note = f"Place of the event told just before ({where.text}); not stated for this one."
    return note[:255]


@dataclass
class _Read:
    sentence: Sentence
    types: list[Typed]
    when: When | None
    where: Where | None
    mentions: list[Mention]
    fatalities: Fatalities | None


def propose_events(
    text: str, *, published_on: date, actors: ActorIndex | None = None
) -> list[dict[str, Any]]:
    """The events a report tells, as proposals (see the module docstring). The one function a
    better extractor would replace."""
    index = actors or ActorIndex.from_database()
    quotes = quoted_spans(text)
    reads: list[_Read] = []
    named: list[Where] = []
    for sentence in sentences(text):
        when = find_when(sentence.text, published_on)
        if when and is_quoted(quotes, sentence.start, sentence.end):
            # "this dawn" in a spokesman's words is the day he spoke, which the report may not say
            when = replace(when, confidence=when.confidence * 0.6)
        here = places_named(sentence.text)
        reads.append(
            _Read(
                sentence,
                find_types(sentence.text),
                when,
                find_where(sentence.text, earlier=named, here=here),
                index.find(sentence.text),
                find_fatalities(sentence.text),
            )
        )
        named.extend(here)
    proposals = _grouped(reads)
    for position, proposal in enumerate(proposals):
        _fill_from_context(proposal, proposals[:position], reads)
        _assign_roles(proposal)
        _settle_territory(proposal)
    return [p.as_dict(published_on) for p in proposals]


def _named_ids(mentions: Iterable[Mention]) -> set[int | str]:
    return {m.actor_id or m.name for m in mentions if m.kind != "unnamed"}


def _grouped(reads: list[_Read]) -> list[Proposal]:
    proposals: list[Proposal] = []
    for read in reads:
        for typed in read.types:
            own = Proposal(
                typed, [read.sentence], read.when, read.where, fatalities=read.fatalities
            )
            own.mentions = [(read.sentence, m) for m in read.mentions]
            own.told_by[read.sentence.index] = typed
            earlier = next((p for p in reversed(proposals) if _same_event(p, own, read)), None)
            if earlier is None:
                proposals.append(own)
                continue
            earlier.sentences.append(read.sentence)
            earlier.mentions.extend(own.mentions)
            earlier.told_by[read.sentence.index] = typed
            earlier.fatalities = earlier.fatalities or read.fatalities
            if read.when and (not earlier.when or read.when.confidence > earlier.when.confidence):
                earlier.when = read.when
            if read.where and (
                not earlier.where or read.where.confidence > earlier.where.confidence
            ):
                earlier.where = read.where
    return proposals


def _same_event(earlier: Proposal, own: Proposal, read: _Read) -> bool:
    if earlier.typed.event_type != own.typed.event_type:
        return False
    if earlier.typed.sub_event_type != own.typed.sub_event_type:
        return False
    if read.sentence.index - earlier.sentences[-1].index > MERGE_WITHIN:
        return False
    mine = _named_ids(read.mentions)
    if mine and not mine & _named_ids(m for _, m in earlier.mentions):
        return False  # other actors: another event of the same kind
    if own.where and earlier.where and own.where.place_id != earlier.where.place_id:
        return False
    if own.when and earlier.when:
        return own.when.start <= earlier.when.end + timedelta(days=1) and (
            earlier.when.start <= own.when.end + timedelta(days=1)
        )
    return True


def _distance(proposal: Proposal, index: int) -> int:
    return min(abs(index - s.index) for s in proposal.sentences)


def _fill_from_context(proposal: Proposal, before: list[Proposal], reads: list[_Read]) -> None:
    """A date not stated: that of the nearest sentence before (within INHERIT_WITHIN) that states
    one, or of the event it tells; else the week before the report. A place not stated: that of
    the nearest event told before, when it involves the same actors or this one names none."""
    first = proposal.sentences[0].index
    if proposal.when:
        proposal.date_confidence = proposal.when.confidence
    else:
        for read in reversed(reads[max(0, first - INHERIT_WITHIN) : first]):
            if read.when is None:
                continue
            # A date stated for an event told there: that event's best date.
            told = next((p for p in before if read.sentence in p.sentences and p.when), None)
            when = told.when if told and told.when else read.when
            proposal.when, proposal.date_inherited = when, True
            proposal.date_confidence = when.confidence * 0.5
            break
        else:
            proposal.date_confidence = 0.2  # the week before the report
    if proposal.where is None:
        mine = _named_ids(m for _, m in proposal.mentions)
        near = [
            p
            for p in before
            if p.where
            and _distance(p, first) <= INHERIT_WITHIN
            and (not mine or mine & _named_ids(m for _, m in p.mentions))
        ]
        if near:
            nearest = min(near, key=lambda p: _distance(p, first))
            proposal.where, proposal.place_inherited = nearest.where, True


def _assign_roles(proposal: Proposal) -> None:
    """Sides: in a sentence that tells the event, who acts before its words (or after "by",
    "fell to") is side A, who is named after "on", "against" side B; "backed by", "allied" make
    an associate. Actors named in its other sentences join the side of their kind (the
    same ACLED inter code as an actor already placed), else are placed by the same words.
    Unnamed ones ("rebels") only stand in for a side that names nobody."""
    sides: dict[object, tuple[Mention, str]] = {}
    for sentence, mention in proposal.mentions:
        key = mention.actor_id or mention.name.lower()
        if key in sides:
            continue
        told = proposal.told_by.get(sentence.index)
        if told and mention.start > told.start and SPEAKER.match(sentence.text[mention.end :]):
            continue
        kin = _kin_role(mention, sides)
        if told and (sentence is proposal.sentences[0] or kin is None):
            role = _role_in_sentence(mention, sentence, told)
        else:
            role = kin or ActorRole.SIDE_B
        sides[key] = (mention, role)
    named_sides = {_side(role) for mention, role in sides.values() if mention.kind != "unnamed"}
    proposal.actors = [
        {
            "name": mention.name,
            "role": role,
            "actor_id": mention.actor_id,
            "as_written": mention.text,
            "known": mention.actor_id is not None,
        }
        for mention, role in sides.values()
        if mention.kind != "unnamed" or _side(role) not in named_sides
    ]


def _side(role: str) -> str:
    return "a" if role in (ActorRole.SIDE_A, ActorRole.ASSOCIATED_A) else "b"


def _role_in_sentence(mention: Mention, sentence: Sentence, typed: Typed) -> str:
    text = sentence.text
    before = text[max(0, mention.start - 30) : mention.start]
    if mention.start >= typed.start:
        between = text[typed.start : mention.start]
        pair = re.match(r"\S+\s+between\s+(?P<first>.+?)\s+and\s+", text[typed.start :])
        if pair:  # "clashes between government forces and HTS": the first named is side A
            return (
                ActorRole.SIDE_A if mention.start < typed.start + pair.end() else ActorRole.SIDE_B
            )
        if typed.sub_event_type == TERRITORY and typed.evidence.lower() == "fell to":
            # "The area fell to the FSA after it was abandoned by Daesh": the taker comes first
            return ActorRole.SIDE_A if len(between) <= len(typed.evidence) + 6 else ActorRole.SIDE_B
        if PASSIVE.search(before):
            return ActorRole.SIDE_A  # "bombed by the coalition", "fell to the FSA"
        return ActorRole.SIDE_B
    passive_lead = re.search(r"\b(?:being|been|was|were)\s+\S*\s*$", text[: typed.start])
    if passive_lead:
        return ActorRole.SIDE_B  # the subject of "being bombed by …"
    if SUPPORTING.search(before):
        return ActorRole.ASSOCIATED_A
    return ActorRole.SIDE_A


def _kin_role(mention: Mention, sides: dict[Any, tuple[Mention, str]]) -> str | None:
    """The side of an actor of the same kind (ACLED inter code) already placed, if any."""
    for other, role in sides.values():
        if other.inter is not None and other.inter == mention.inter and other.kind != "unnamed":
            return ActorRole.SIDE_A if _side(role) == "a" else ActorRole.SIDE_B
    return None


def _settle_territory(proposal: Proposal) -> None:
    """A capture is the government's when state forces take the ground, else a non-state
    actor's (ACLED's two battle sub-types)."""
    if proposal.typed.sub_event_type != TERRITORY:
        return
    takers = [a for a in proposal.actors if a["role"] in (ActorRole.SIDE_A, ActorRole.ASSOCIATED_A)]
    state = any(
        mention.inter == STATE_FORCES
        for _, mention in proposal.mentions
        if any(a["name"] == mention.name for a in takers)
    )
    sub = (
        SubEventType.GOVERNMENT_REGAINS_TERRITORY
        if state
        else (SubEventType.NON_STATE_OVERTAKES_TERRITORY)
    )
    proposal.typed = Typed(
        EventType.BATTLES, sub, proposal.typed.evidence, proposal.typed.start,
        proposal.typed.confidence,
    )  # fmt: skip

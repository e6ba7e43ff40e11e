"""Who a sentence names: known actors by name, short name or alias (spelling-independent, as
the gazetteer compares names), the state's forces behind generic words ("regime troops",
"Russian bombing") when exactly one known actor fits, and new groups proposed by their name
("the Ahmed Abdo Martyrs Brigade") but never created here."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from events.geocoding.names import name_key
from events.models import Actor

MAX_WORDS = 7
ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")
TOKEN = re.compile(r"[^\W_][\w'’-]*")
STATE = {1}  # ACLED inter code: state forces
FOREIGN_OR_STATE = {1, 8}
NATIONALITIES = {
    "russian": ("russia", "russian"),
    "iranian": ("iran", "iranian"),
    "turkish": ("turkey", "turkish", "türkiye"),
    "us": ("united states", "us", "american"),
    "u.s.": ("united states", "us", "american"),
    "american": ("united states", "us", "american"),
    "israeli": ("israel", "israeli"),
    "iraqi": ("iraq", "iraqi"),
    "syrian": ("syria", "syrian"),
    "jordanian": ("jordan", "jordanian"),
    "saudi": ("saudi",),
    "british": ("united kingdom", "british"),
    "french": ("france", "french"),
}
MILITARY = (
    r"(?:air ?force|planes|jets|warplanes|war planes|bombing|bombers|air ?strikes?|air power"
    r"|forces|troops|soldiers|military|army|drones?|navy|helicopters|artillery|special forces)"
)
NATIONAL = re.compile(
    rf"\b(?P<nation>{'|'.join(re.escape(n) for n in NATIONALITIES)})\s+(?:(?:\w+)\s+)?{MILITARY}\b",
    re.IGNORECASE,
)
# "Iranian-backed forces", "Russian-backed troops": the known group backed by that state.
BACKED = re.compile(
    rf"\b(?P<nation>{'|'.join(re.escape(n) for n in NATIONALITIES)})-backed\s+(?:\w+\s+)?"
    r"(?:forces|militias?|groups|fighters|troops|gunmen)\b",
    re.IGNORECASE,
)
STATE_WORDS = re.compile(
    r"\b(?:(?:the\s+)?(?:regime|government|pro-government|army)(?!-held|-controlled)\s*"
    r"(?:forces|troops|soldiers|army|planes|jets|militias?)?|(?:the\s+)?regime(?!-held))\b",
    re.IGNORECASE,
)
GROUP_NOUNS = (
    r"(?:Brigades?|Battalions?|Army|Front|Forces|Militias?|Movement|Division|Regiment|Corps"
    r"|Group|Guards?|Units?|Council|Party|Organi[sz]ation|Legion|Falcons|Lions)"
)
NEW_GROUP = re.compile(rf"\b(?:(?:[A-Z][\w'’-]+|al|al-|of|the|for)\s+){{1,6}}{GROUP_NOUNS}\b")
UNNAMED = re.compile(
    r"\b(?:rebels|rebel groups?|militants|gunmen|jihadists|insurgents|opposition fighters"
    r"|unidentified (?:gunmen|armed men|assailants))\b",
    re.IGNORECASE,
)


def _national(match: re.Match[str]) -> Callable[["Known"], bool]:
    """ "Russian bombing": a state's or foreign forces named after that country."""
    names = NATIONALITIES[match["nation"].lower()]
    return lambda a: (
        a.inter in FOREIGN_OR_STATE
        and any(re.search(rf"\b{re.escape(n)}\b", w) for w in a.words for n in names)
    )


def _backed(match: re.Match[str]) -> Callable[["Known"], bool]:
    """ "Iranian-backed forces": a group named as backed by that state."""
    nation = match["nation"].lower()
    return lambda a: any(f"{nation}-backed" in w or f"pro-{nation}" in w for w in a.words)


def _state(match: re.Match[str]) -> Callable[["Known"], bool]:
    """ "regime troops": the state forces that go by that word."""
    words = [w for w in ("regime", "government", "army") if w in match.group(0).lower()]
    return lambda a: a.inter in STATE and any(w in x for x in a.words for w in words)


# Generic words a known actor stands behind when exactly one fits: (words, fit, confidence).
GENERIC = [(NATIONAL, _national, 0.65), (BACKED, _backed, 0.6), (STATE_WORDS, _state, 0.6)]


@dataclass(frozen=True)
class Mention:
    text: str
    start: int  # in the sentence
    end: int
    actor_id: int | None
    name: str  # the known actor's name, or the name as written for a new one
    inter: int | None
    kind: str  # "known", "generic" (a known actor behind a generic word), "new", "unnamed"
    confidence: float


@dataclass(frozen=True)
class Known:
    id: int
    name: str
    inter: int
    words: tuple[str, ...]  # every name, lower case: for the generic and national lookups
    originals: tuple[str, ...] = ()  # every name as written


class ActorIndex:
    """The known actors, looked up by the key of any of their names."""

    def __init__(self, actors: list[Known]):
        self.actors = actors
        self.by_key: dict[str, Known | None] = {}
        # Acronyms ("IS", "FSA", "SAA") match as written only: "is" is a verb.
        self.acronyms: dict[str, Known | None] = {}
        for actor in actors:
            for written in actor.originals:
                if ACRONYM.fullmatch(written):
                    clash = written in self.acronyms and self.acronyms[written] is not actor
                    self.acronyms[written] = None if clash else actor
                    continue
                key = name_key(written)
                if not key:
                    continue
                if key in self.by_key and self.by_key[key] is not actor:
                    self.by_key[key] = None  # two actors answer to it: ambiguous, not matched
                else:
                    self.by_key[key] = actor

    @classmethod
    def from_database(cls) -> "ActorIndex":
        known = []
        for pk, name, short, aliases, inter in Actor.objects.values_list(
            "pk", "name", "short_name", "aliases", "actor_type"
        ):
            words = [w for w in [name, short, *(aliases or [])] if isinstance(w, str) and w]
            known.append(Known(pk, name, inter, tuple(w.lower() for w in words), tuple(words)))
        return cls(known)

    def _only(self, fits: Callable[[Known], bool]) -> Known | None:
        found = [actor for actor in self.actors if fits(actor)]
        return found[0] if len(found) == 1 else None

    def find(self, sentence: str) -> list[Mention]:
        taken: list[tuple[int, int]] = []
        mentions: list[Mention] = []

        def free(start: int, end: int) -> bool:
            return all(end <= a or start >= b for a, b in taken)

        def add(mention: Mention) -> None:
            taken.append((mention.start, mention.end))
            mentions.append(mention)

        def known(actor: Known, text: str, start: int, kind: str, confidence: float) -> None:
            add(Mention(text, start, start + len(text), actor.id, actor.name, actor.inter, kind,
                        confidence))  # fmt: skip

        tokens = list(TOKEN.finditer(sentence))
        for token in tokens:
            actor = self.acronyms.get(token.group(0))
            if actor is not None:
                known(actor, token.group(0), token.start(), "known", 0.85)
        for i in range(len(tokens)):
            for j in range(min(len(tokens), i + MAX_WORDS) - 1, i - 1, -1):
                start, end = tokens[i].start(), tokens[j].end()
                actor = self.by_key.get(name_key(sentence[start:end]))
                if actor is not None and free(start, end):
                    known(actor, sentence[start:end], start, "known", 0.9)
                    break
        for pattern, fits, confidence in GENERIC:
            for match in pattern.finditer(sentence):
                text = match.group(0).rstrip()
                if free(match.start(), match.start() + len(text)):
                    actor = self._only(fits(match))
                    if actor:
                        known(actor, text, match.start(), "generic", confidence)
        for match in NEW_GROUP.finditer(sentence):
            text = re.sub(r"^(?:the|of|for)\s+", "", match.group(0), flags=re.IGNORECASE)
            start = match.end() - len(text)
            if free(start, match.end()) and len(text.split()) >= 2:
                add(Mention(text, start, match.end(), None, text, None, "new", 0.5))
        for match in UNNAMED.finditer(sentence):
            if free(match.start(), match.end()):
                add(Mention(match.group(0), match.start(), match.end(), None, match.group(0),
                            None, "unnamed", 0.3))  # fmt: skip
        return sorted(mentions, key=lambda m: m.start)

"""Sentences with their character offsets in the article, whether a stretch is quoted, and
numbers as reports spell them."""

import re
from dataclasses import dataclass

# A sentence ends at . ! or ? (and a closing quote) followed by space and a capital or an
# opening quote; a line break always ends one (headlines, paragraphs). Initials and the usual
# abbreviations ("U.S.", "Gen.", "km.") do not end one.
END = re.compile(r"""(?<=[.!?])["”’)]?\s+(?=["“‘(]?[A-Z0-9])|\n\s*""")
ABBREVIATIONS = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Gen|Col|Lt|Maj|Capt|Sgt|Dr|Mr|Mrs|Ms|St|Mt|No|approx|km|U\.S|U\.N)\.)$"
)


# Numbers as reports spell them out: days and weeks ago (dates), the dead (fatalities).
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a hundred": 100, "one hundred": 100,
}  # fmt: skip


def number_in(word: str) -> int | None:
    """A number written in digits ("1,200") or in words ("five"); None otherwise."""
    word = word.lower().replace(",", "")
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    found: list[Sentence] = []
    start = 0
    for match in END.finditer(text):
        piece = text[start : match.start()]
        if ABBREVIATIONS.search(piece.rstrip('"”’)')):
            continue
        _add(found, text, start, match.start())
        start = match.end()
    _add(found, text, start, len(text))
    return found


# A dateline is not part of the first sentence: "BEIRUT, June 21 (Reuters) -", "date 2017-06-21".
DATELINE = re.compile(
    r"(?:date\s+\d{4}-\d{2}-\d{2}\s+"
    r"|[A-Z][A-Z .'-]+,\s+(?:\w+\s+)?\w+\s+\d{1,2}(?:,\s+\d{4})?\s*(?:\([^)]*\))?\s*[-–—]+\s*)"
)


def _add(found: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    if not found:
        dateline = DATELINE.match(text, start)
        if dateline:
            start = dateline.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 3:
        found.append(Sentence(len(found), start, end, text[start:end]))


QUOTED = re.compile(r"[\"“][^\"”]{3,}[\"”]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


def is_quoted(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)

"""What an imported row becomes before it is written, and what is wrong with a row."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events.lib.numbers import ascii_whole


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    value: str
    reason: str

    def as_text(self) -> str:
        value = self.value if len(self.value) <= 60 else self.value[:57] + "…"
        return f"line {self.line}: {self.column}={value!r}: {self.reason}"


class RowInvalid(ValueError):
    def __init__(self, problems: list[RowProblem]):
        super().__init__("; ".join(p.as_text() for p in problems))
        self.problems = problems


class RowCells:
    """One row being parsed: its cells, and what was wrong or mapped in it. The parsers record
    every problem of a row before they give up on it, so that a file is corrected in one go."""

    def __init__(self, row: dict[str, str], line: int):
        self.row, self.line = row, line
        self.problems: list[RowProblem] = []
        self.mapped: list[tuple[str, str, str]] = []

    def get(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def problem(self, column: str, reason: str) -> None:
        self.problems.append(RowProblem(self.line, column, self.row.get(column) or "", reason))

    def raise_problems(self) -> None:
        if self.problems:
            raise RowInvalid(self.problems)


MAX_COUNT = 999_999  # more deaths than any event has had: a typo, or an overflow


def whole_number(text: str) -> int | None:
    """A count written in ASCII digits ("0", "12", "12.0"), None otherwise (events.lib.numbers)."""
    return ascii_whole(text.strip(), maximum=MAX_COUNT, decimal_zero=True)


@dataclass
class ActorRef:
    name: str
    role: str  # side_a, side_b, assoc_a, assoc_b
    actor_type: int  # the type a new actor gets
    type_known: bool = True  # False: taken from the side it is associated with
    inter: int | None = None  # the dataset's inter code for the actor in this event


@dataclass
class SourceRef:
    name: str  # the publisher, as the dataset names it
    title: str = ""
    published_on: date | None = None
    quote: str = ""
    locator: str = ""

    def __post_init__(self) -> None:
        # Within the columns' limits, and without edge spaces a round trip would lose.
        if len(self.name) > 200:  # too long for a publisher: it is a title
            self.name, self.title = "", self.title or self.name
        self.name = self.name.strip()
        self.title = (self.title or self.name)[:500].strip()


@dataclass
class EventRecord:
    dataset: str  # "acled" or "ucdp"
    external_id: str
    title: str
    start_date: date
    end_date: date
    date_precision: int
    event_type: str
    sub_event_type: str
    latitude: float
    longitude: float
    geo_precision: int
    location_name: str
    country_code: str
    admin1: str
    location_note: str
    fatalities: tuple[int | None, int | None, int | None]
    summary: str
    actors: list[ActorRef] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    dataset_fields: dict[str, Any] = field(default_factory=dict)
    # Values the importer had to map: (column, as written, what it became), for the report.
    mapped: list[tuple[str, str, str]] = field(default_factory=list)
    place_id: int | None = None  # set by the importer's References
    line: int = 0  # where the row starts in its file, for problems found after parsing

    def fingerprint(self, row: dict[str, str]) -> str:
        """Changes when, and only when, the source row's content changes (not its timestamp)."""
        content = {k: v for k, v in row.items() if k not in {"timestamp"}}
        return hashlib.sha1(json.dumps(content, sort_keys=True).encode()).hexdigest()

"""When a report says something happened, resolved against the day it was published.

"On Tuesday" in a report of Wednesday 21 June 2017 is 20 June 2017 (day); "a few months ago" is a
range of months (month precision), never a made-up day; "in recent weeks" is the four weeks to
the report. Each answer keeps the words it came from and how sure it is.
"""

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from events.drafting.text import number_in

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
WEEKDAYS = [name.lower() for name in calendar.day_name]
MONTHS = [name.lower() for name in calendar.month_name if name]
# Written with a capital, as reports write months: "troops march 10 km" is no date.
MONTH_ALT = "|".join(
    [*(m.capitalize() for m in MONTHS), *(m[:3].capitalize() for m in MONTHS), "Sept"]
)
FEW = {"a few": (2, 4), "a couple of": (2, 3), "several": (3, 6), "some": (2, 5)}


Match = re.Match[str]
Resolver = Callable[[Match, date], tuple[date, date, str]]


@dataclass(frozen=True)
class When:
    start: date
    end: date
    precision: str
    expression: str
    confidence: float


def _month_number(word: str) -> int:
    word = word.lower()[:3]
    return next(i for i, name in enumerate(MONTHS, start=1) if name.startswith(word))


def _months_back(day: date, months: int) -> date:
    """The first day of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _not_after(day: date, published: date) -> date:
    """A day and month without a year: the latest such day on or before the report."""
    return day if day <= published else day.replace(year=day.year - 1)


def _count(word: str) -> int | None:
    return 1 if word.lower() in ("a", "an") else number_in(word)


# Most specific first: the first pattern that matches a sentence gives its date.
def _explicit_day(m: Match, published: date) -> tuple[date, date, str]:
    day = int(m["d1"] or m["d2"])
    month = _month_number(m["m1"] or m["m2"])
    year = int(m["y1"] or m["y2"] or published.year)
    found = date(year, month, day)
    if not (m["y1"] or m["y2"]):
        found = _not_after(found, published)
    return found, found, DAY


def _in_month(m: Match, published: date) -> tuple[date, date, str]:
    month = _month_number(m["m"])
    first = date(int(m["y"]) if m["y"] else published.year, month, 1)
    if not m["y"] and first > published:
        first = first.replace(year=first.year - 1)
    return first, _month_end(first), MONTH


def _weekday(m: Match, published: date) -> tuple[date, date, str]:
    wanted = WEEKDAYS.index(m["wd"].lower())
    back = (published.weekday() - wanted) % 7
    if m["last"] and back == 0:
        back = 7
    day = published - timedelta(days=back)
    return day, day, DAY


def _today(m: Match, published: date) -> tuple[date, date, str]:
    return published, published, DAY


def _yesterday(m: Match, published: date) -> tuple[date, date, str]:
    day = published - timedelta(days=1)
    return day, day, DAY


def _days_ago(m: Match, published: date) -> tuple[date, date, str]:
    n = _count(m["n"]) or 1
    day = published - timedelta(days=n)
    return day, day, DAY


def _last_week(m: Match, published: date) -> tuple[date, date, str]:
    monday = published - timedelta(days=published.weekday() + 7)
    return monday, monday + timedelta(days=6), WEEK


def _this_week(m: Match, published: date) -> tuple[date, date, str]:
    return published - timedelta(days=published.weekday()), published, WEEK


def _weeks_ago(m: Match, published: date) -> tuple[date, date, str]:
    low, high = FEW.get(m["n"].lower()) or (_count(m["n"]) or 1,) * 2
    return published - timedelta(weeks=high, days=6), published - timedelta(weeks=low), MONTH


def _recent_weeks(m: Match, published: date) -> tuple[date, date, str]:
    return published - timedelta(weeks=4), published, MONTH


def _months_ago(m: Match, published: date) -> tuple[date, date, str]:
    low, high = FEW.get(m["n"].lower()) or (_count(m["n"]) or 1,) * 2
    return _months_back(published, high), _month_end(_months_back(published, low)), MONTH


def _last_month(m: Match, published: date) -> tuple[date, date, str]:
    first = _months_back(published, 1)
    return first, _month_end(first), MONTH


def _this_month(m: Match, published: date) -> tuple[date, date, str]:
    return published.replace(day=1), published, MONTH


def _last_year(m: Match, published: date) -> tuple[date, date, str]:
    year = published.year - 1
    return date(year, 1, 1), date(year, 12, 31), YEAR


COUNT = (
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|a few|a couple of|several|some|a|an)"
)
PATTERNS: list[tuple[str | re.Pattern[str], Resolver, float]] = [
    (
        re.compile(
            rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MONTH_ALT})\.?(?:,?\s+(?P<y1>\d{{4}}))?"
            rf"|(?P<m2>{MONTH_ALT})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?)\b"
        ),
        _explicit_day,
        0.95,
    ),
    (re.compile(r"\b(?:yesterday|last night|overnight)\b", re.I), _yesterday, 0.85),
    (
        re.compile(
            r"\b(?:today|tonight|this (?:morning|dawn|afternoon|evening)|earlier today|at dawn)\b",
            re.I,
        ),
        _today,
        0.8,
    ),
    (rf"\b{COUNT} days? ago\b", _days_ago, 0.85),
    (re.compile(rf"\b(?:on |(?P<last>last) )?(?P<wd>{'|'.join(WEEKDAYS)})\b", re.I), _weekday, 0.9),
    (re.compile(r"\blast week\b", re.I), _last_week, 0.75),
    (re.compile(r"\bthis week\b", re.I), _this_week, 0.75),
    (rf"\b{COUNT} weeks? ago\b", _weeks_ago, 0.6),
    (
        re.compile(r"\b(?:in |over )?(?:recent weeks|the (?:past|last) (?:few )?weeks)\b", re.I),
        _recent_weeks,
        0.55,
    ),
    (rf"\b{COUNT} months? ago\b", _months_ago, 0.6),
    (re.compile(r"\blast month\b", re.I), _last_month, 0.7),
    (re.compile(r"\b(?:earlier )?this month\b", re.I), _this_month, 0.65),
    (
        re.compile(rf"\b[Ii]n (?:early |mid-?|late )?(?P<m>{MONTH_ALT})(?:\s+(?P<y>\d{{4}}))?\b"),
        _in_month,
        0.8,
    ),
    (re.compile(r"\blast year\b", re.I), _last_year, 0.6),
]
COMPILED: list[tuple[re.Pattern[str], Resolver, float]] = [
    (re.compile(p, re.I) if isinstance(p, str) else p, resolve, confidence)
    for p, resolve, confidence in PATTERNS
]


SAID = re.compile(
    r"\b(?:said|says|reported|announced|added|stated|claimed|confirmed|told \w+)\s+$", re.I
)


def find_when(sentence: str, published: date) -> When | None:
    """The sentence's date expression, resolved; None when it has none. A date the sentence
    gives for when something was said ("state television said on Monday") yields to one it
    gives for the event ("last week"), and stands for it, less surely, when there is no other."""
    said: When | None = None
    for pattern, resolve, confidence in COMPILED:
        for match in pattern.finditer(sentence):
            try:
                start, end, precision = resolve(match, published)
            except (ValueError, StopIteration):  # 31 February, a month that is not one
                continue
            if start > published:
                continue  # a report tells what happened, not what is planned
            when = When(start, min(end, published), precision, match.group(0).strip(), confidence)
            if SAID.search(sentence[max(0, match.start() - 30) : match.start()]):
                said = said or replace(when, confidence=confidence * 0.8)
                continue
            return when
    return said

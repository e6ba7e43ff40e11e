"""Whole numbers as people and files write them, read one way everywhere (the API's filters,
the admin's, the importers): ASCII digits only, since str.isdigit() admits "²", "①" and "١٢",
which int() refuses or reads as another number; and within a range the column can store on
both databases, so that SpatiaLite and PostGIS refuse the same values."""

import re

ID_MAX = 10**18 - 1  # 18 digits: a larger number is no id, and PostgreSQL's bigint would overflow
_DIGITS = re.compile(r"[0-9]+")
_DIGITS_OR_DECIMAL_ZERO = re.compile(r"([0-9]+)(\.0+)?")


def ascii_whole(
    text: str, *, maximum: int, minimum: int = 0, decimal_zero: bool = False
) -> int | None:
    """The number `text` writes in ASCII digits ("12"; also "12.0" with `decimal_zero`, as
    spreadsheets save counts), when it lies in [minimum, maximum]; None otherwise."""
    match = (_DIGITS_OR_DECIMAL_ZERO if decimal_zero else _DIGITS).fullmatch(text)
    if match is None:
        return None
    digits = match.group(1) if decimal_zero else text
    if len(digits.lstrip("0")) > len(str(maximum)):  # no int() of a thousand digits
        return None
    value = int(digits)
    return value if minimum <= value <= maximum else None

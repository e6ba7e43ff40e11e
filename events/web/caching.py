"""Answers computed once per state of the data: the key holds the data version, so that any
write (which moves the version) makes every cached answer stale at once."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from events.models import DataVersion

T = TypeVar("T")
SECONDS = 24 * 3600  # an unchanged database keeps its answers a day


def per_data_version(
    key: str, compute: Callable[[], T], *, version: DataVersion | None = None
) -> T:
    """`compute()`'s answer for this state of the data; `version` when the caller has read it
    already (the API has, for its ETag)."""
    full = f"{key}|{(version or DataVersion.current()).token}"
    hashed = "cm:" + hashlib.sha256(full.encode()).hexdigest()
    value: T | None = cache.get(hashed)
    if value is None:
        value = compute()
        cache.set(hashed, value, timeout=SECONDS)
    return value

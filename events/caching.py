"""Answers computed once per state of the data: the key holds the data version, so that any
write (which moves the version) makes every cached answer stale at once."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from events.models import DataVersion

T = TypeVar("T")
SECONDS = 24 * 3600  # an unchanged database keeps its answers a day


def per_data_version(key: str, compute: Callable[[], T]) -> T:
    version = DataVersion.current()
    # The time of the last change beside the counter: a database restored or rebuilt can
    # count to the same number.
    full = f"{key}|{version.counter}|{version.changed_at.isoformat()}"
    hashed = "cm:" + hashlib.sha256(full.encode()).hexdigest()
    value = cache.get(hashed)
    if value is None:
        value = compute()
        cache.set(hashed, value, timeout=SECONDS)
    return value

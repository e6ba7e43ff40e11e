"""Whole-database downloads that cannot take the site down.

A download of every event (GeoJSON, CSV, ACLED CSV, a GeoPackage) holds an app server's
worker for as long as it streams. So at most DJANGO_EXPORT_SLOTS of them run at once across
every process of the machine, and one per client (DJANGO_EXPORT_SLOTS_PER_CLIENT); one more is
answered 429 with Retry-After at once, and the map, the API's pages and /healthz keep the rest
of the workers. The slots are file locks (flock) in a directory the processes share: the
kernel releases a slot whose process died, so none is ever lost."""

import fcntl
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase

RETRY_AFTER_SECONDS = 30


class _Slot:
    """One held lock file; released once."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor: int | None = descriptor

    def release(self) -> None:
        if self.descriptor is not None:
            fcntl.flock(self.descriptor, fcntl.LOCK_UN)
            os.close(self.descriptor)
            self.descriptor = None

    def __del__(self) -> None:
        # A response dropped without being closed (a client that never read it) frees its slot.
        self.release()


def _try_lock(path: Path) -> _Slot | None:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return _Slot(descriptor)


def _client(request: HttpRequest) -> str:
    # The address gunicorn was given (behind the project's proxy, its forwarded one).
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:24]


def claim(request: HttpRequest) -> list[_Slot] | str:
    """The client's slot and one of the machine's, or why not."""
    folder = Path(settings.EXPORT_SLOTS_DIR)
    (folder / "clients").mkdir(parents=True, exist_ok=True)
    held: list[_Slot] = []
    for number in range(settings.EXPORT_SLOTS_PER_CLIENT):
        slot = _try_lock(folder / "clients" / f"{_client(request)}.{number}.lock")
        if slot is not None:
            held.append(slot)
            break
    else:
        return (
            f"You are already downloading {settings.EXPORT_SLOTS_PER_CLIENT} whole export(s) "
            "from this site: wait for it to finish, then try again."
        )
    for number in range(settings.EXPORT_SLOTS):
        slot = _try_lock(folder / f"slot.{number}.lock")
        if slot is not None:
            return [*held, slot]
    for slot in held:
        slot.release()
    return "The site is sending as many whole exports as it can at once: try again in a minute."


def holding_a_slot(
    request: HttpRequest, respond: Callable[[], HttpResponseBase]
) -> HttpResponseBase:
    """`respond()`, holding an export slot until its response is closed (streamed to the end,
    or its client gone: the server closes every response it sends); 429 when none is free.
    Called once the request's parameters are checked: a bad one is a 400, never a 429."""
    slots = claim(request)
    if isinstance(slots, str):
        busy = JsonResponse({"error": slots, "field": None}, status=429)
        busy["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return busy
    try:
        response = respond()
    except BaseException:
        for slot in slots:
            slot.release()
        raise
    for slot in slots:
        # released when the server closes the response: after the last byte has streamed
        response._resource_closers.append(slot.release)  # type: ignore[attr-defined]
    return response

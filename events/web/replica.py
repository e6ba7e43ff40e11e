"""Public reads on a PostgreSQL streaming replica (DATABASE_REPLICA_URL), everything else on the
primary: the admin reads what it has just written, and no write can reach the replica.

A public read is marked where it happens (events.web.api's public_read, the public pages), for the
view and for the streamed answer it returns, whose rows are read after the view has returned.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

_public = ContextVar("public_read", default=False)


@contextmanager
def public_reads():
    token = _public.set(True)
    try:
        yield
    finally:
        _public.reset(token)


def reads_from_replica(view: Callable[..., Any]) -> Callable[..., Any]:
    """A public view whose every read (its ETag's data version included, so that an answer is
    never cached under a version newer than the data it was computed from) uses the replica."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with public_reads():
            return view(*args, **kwargs)

    return wrapper


def streamed_from_replica(chunks: Iterator[str]) -> Iterator[str]:
    """A streamed answer's chunks, read where the view's own reads went."""
    with public_reads():
        yield from chunks


class PublicReadsToReplica:
    """Installed by the settings only when DATABASE_REPLICA_URL names a replica."""

    def db_for_read(self, model, **hints) -> str:
        return "replica" if _public.get() else "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database, two doors

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"

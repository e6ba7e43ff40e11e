"""A busy database waited out: SQLite has one write lock, and an import, a backup or a long
edit in another process holds it for as long as it takes. For the task worker that is a wait,
never a failure."""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import connection
from django.db.utils import OperationalError
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger(__name__)

T = TypeVar("T")
MAX_BACKOFF_SECONDS = 30.0


def when_busy(action: Callable[[], T], *, what: str) -> T:
    """`action`, again and again with a growing wait while the database is locked by another
    process (an import, a backup, a long edit): a busy database is a wait, not a failure."""
    wait = 0.25
    while True:
        try:
            return action()
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise
            logger.warning("database busy (%s): trying again in %.1f s", what, wait)
            connection.close()  # a connection left inside a failed BEGIN is not reused
            time.sleep(wait)
            wait = min(wait * 2, MAX_BACKOFF_SECONDS)

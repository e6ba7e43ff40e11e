from datetime import UTC, datetime

from django.db import IntegrityError, connections, models, router, transaction
from django.utils import timezone

# Before anything was ever written: a fixed point, so that answers stay cacheable.
BEGINNING = datetime(2000, 1, 1, tzinfo=UTC)


class DataVersion(models.Model):
    """Rows that move whenever data may have changed: row GLOBAL for anything public (the read
    API's ETags and cached answers come from it: one indexed read answers "has anything
    changed?" without hashing the answer itself), row PLACES for the gazetteer only (its
    in-memory index is rebuilt when places change, not when any event is saved)."""

    GLOBAL, PLACES = 1, 2

    counter = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        default_permissions = ()  # internal: never offered on the permission screen

    def __str__(self) -> str:
        return f"data version {self.counter} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @property
    def token(self) -> str:
        """Names this state of the data. The time of the last change beside the counter: a
        database restored or rebuilt can count to the same number."""
        return f"{self.counter}|{self.changed_at.isoformat()}"

    @classmethod
    def current(cls, key: int = 1) -> "DataVersion":
        version = cls.objects.filter(pk=key).first()
        return version or cls(pk=key, counter=0, changed_at=BEGINNING)

    @classmethod
    def touch(cls, *, places: bool = False) -> None:
        """Move the public version; and the gazetteer's when places were written."""
        for key in (cls.GLOBAL, cls.PLACES) if places else (cls.GLOBAL,):
            cls._move(key)

    @classmethod
    def _move(cls, key: int) -> None:
        now = timezone.now()
        if cls._moved(key, now):
            return
        try:
            with transaction.atomic():
                cls.objects.create(pk=key, counter=1, changed_at=now)
        except IntegrityError:  # another writer created it first
            cls._moved(key, now)

    @classmethod
    def _moved(cls, key: int, now: datetime) -> bool:
        """One UPDATE of an existing row, written out: every save and every deleted row of
        public data comes here (a bulk delete of a thousand events, seven thousand times), and
        building it through the ORM cost five times what running it does."""
        connection = connections[router.db_for_write(cls)]
        quote = connection.ops.quote_name
        meta = cls._meta
        counter, changed_at = "counter", "changed_at"  # the fields' columns: no db_column
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} SET {quote(counter)} = {quote(counter)} + 1, "
                f"{quote(changed_at)} = %s WHERE {quote('id')} = %s",
                [connection.ops.adapt_datetimefield_value(now), key],
            )
            return cursor.rowcount > 0

from datetime import UTC, datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

# Before anything was ever written: a fixed point, so that answers stay cacheable.
BEGINNING = datetime(2000, 1, 1, tzinfo=UTC)


class DataVersion(models.Model):
    """A single row that moves whenever published data may have changed.

    The read API's ETag and Last-Modified come from it: one indexed read answers "has anything
    changed?" without hashing the answer itself.
    """

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
    def current(cls) -> "DataVersion":
        version = cls.objects.filter(pk=1).first()
        return version or cls(pk=1, counter=0, changed_at=BEGINNING)

    @classmethod
    def touch(cls) -> None:
        now = timezone.now()
        if cls.objects.filter(pk=1).update(counter=F("counter") + 1, changed_at=now):
            return
        try:
            with transaction.atomic():
                cls.objects.create(pk=1, counter=1, changed_at=now)
        except IntegrityError:  # another writer created it first
            cls.objects.filter(pk=1).update(counter=F("counter") + 1, changed_at=now)

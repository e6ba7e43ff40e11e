"""Rows that set-up writes (the demo, the curated places), found again by a key.

Set-up never overwrites what editors did: a row it made is recorded under a key
(models.DemoRecord), left alone when set-up runs again, and rewritten only on a reset.
"""

from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from events.models import DemoRecord

M = TypeVar("M", bound=models.Model)


def save_valid(obj: M) -> M:
    """Saved through the model's own rules (clean() and its constraints), as an editor's is."""
    obj.full_clean()
    obj.save()
    return obj


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """The row matching `lookup`, created when missing, with `values` set."""
    obj = model._default_manager.filter(**lookup).first() or model(**lookup)
    for field, value in values.items():
        setattr(obj, field, value)
    return save_valid(obj)


def keyed(
    model: type[M],
    key: str,
    values: dict[str, Any],
    *,
    reset: bool,
    adopt: dict[str, Any] | None = None,
) -> tuple[M, bool]:
    """Set-up's row under `key`: created when missing, rewritten only on a reset. `adopt`
    finds a row loaded before set-up keyed it (a GeoNames town, an actor of the same name):
    it becomes set-up's. Returns the row and whether it was written."""
    record = DemoRecord.objects.filter(key=key).first()
    obj = model._default_manager.filter(pk=record.object_id).first() if record else None
    if obj is not None and not reset:
        return obj, False
    if obj is None and adopt:
        obj = model._default_manager.filter(**adopt).first()
    obj = obj or model()
    for field, value in values.items():
        setattr(obj, field, value)
    save_valid(obj)
    DemoRecord.objects.update_or_create(
        key=key,
        defaults={"content_type": ContentType.objects.get_for_model(model), "object_id": obj.pk},
    )
    return obj, True

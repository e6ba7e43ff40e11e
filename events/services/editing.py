"""An editor's save of an event or a zone, from the admin's form: the same rules however it is
reached. The workflow's status is never changed here (that is `services.workflow.transition`);
what the form changed is saved, with who changed it and, when the public reads the record,
the date of the correction."""

from django.contrib.auth.models import User
from django.utils import timezone

from events.models import ControlZone, Event
from events.services.corrections import correction_mark


def record_save(
    record: Event | ControlZone,
    *,
    user: User,
    created: bool,
    changed: bool,
    kept: dict[str, object] | None = None,
) -> None:
    """Save `record` as `user` saved it: its creator when `created`; `kept`, a revert's
    workflow fields, put back (content goes back, status and its dates stay); a correction
    when it `changed` (or was reverted) while published."""
    if created:
        record.created_by = user
    record.updated_by = user
    for name, value in (kept or {}).items():
        setattr(record, name, value)
    if not created and (changed or kept):
        correction_mark(record, at=timezone.now())
    record.save()

"""The editorial workflow's writes: every change of an event's or a zone's status.

draft → in review → published | unverifiable; a reviewer returns a record to draft with a
comment; anything published is withdrawn with a reason, never deleted, and may be restored.
Each step is checked here, whatever called it (the admin's buttons, its list actions, an
import), and recorded as a StatusChange and as a revision of the record's history.
"""

import reversion
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from events.models import ControlZone, PublicationStatus, StatusChange
from events.models.common import citation_refusal
from events.models.permissions import STEPS, Record, Step, may_take, record_type, status_of
from events.selectors.territory import describe_conflicts, zone_conflicts

S = PublicationStatus


def _check(step: Step, record: Record, user: User | None, note: str) -> None:
    status = status_of(record)
    if status not in step.sources:
        raise ValidationError(
            f"{record} is {S(status).label.lower()}: it cannot be “{step.label.lower()}”."
        )
    if not may_take(user, step, type(record)):
        right = "a reviewer's right" if step.needs_publish_right else "the right to edit"
        raise PermissionDenied(f"“{step.label}” needs {right}.")
    if step.needs_note and not note.strip():
        raise ValidationError(f"“{step.label}” needs a note saying why.")
    if step.target == S.PUBLISHED:
        refusal = citation_refusal(S.PUBLISHED, record.citations.count(), str(record))
        if refusal:
            raise ValidationError(refusal)
        if isinstance(record, ControlZone):
            _refuse_conflicts(record)
        if user is not None and record.updated_by_id == user.pk and not settings.ALLOW_SELF_PUBLISH:
            raise ValidationError(
                f"You made the last change to {record}: another reviewer publishes it "
                "(ALLOW_SELF_PUBLISH is off)."
            )


def _refuse_conflicts(zone: ControlZone) -> None:
    """Two controllers' published zones may not claim the same ground on the same day unless
    one of them says it is contested: the map and the territory figures would count it twice."""
    conflicts = zone_conflicts(zone, published_only=True)
    if conflicts:
        raise ValidationError(
            f"{zone} overlaps published zones of other controllers, neither marked contested: "
            f"{describe_conflicts(conflicts)}. Mark the shared ground contested or redraw the "
            "edges first."
        )


@transaction.atomic
def transition(record: Record, *, step: str, user: User | None, note: str = "") -> StatusChange:
    """Take `step` on `record` as `user`, or refuse with ValidationError / PermissionDenied
    and write nothing. The record's content and its last editor are left as they are."""
    chosen = STEPS.get(step)
    if chosen is None:
        raise ValidationError(f"Unknown step “{step}”.")
    given, record = record, type(record).objects.select_for_update().get(pk=record.pk)
    _check(chosen, record, user, note)
    before = status_of(record)
    record.publication = chosen.target
    fields = ["publication", "updated_at"]
    if chosen.target == S.PUBLISHED and record.published_at is None:
        record.published_at = timezone.now()
        fields.append("published_at")
    if chosen.name == "return" and record.updated_by_id:
        record.assignee_id = record.updated_by_id  # back to whoever wrote it
        fields.append("assignee")
    with reversion.create_revision(atomic=False):
        record.save(update_fields=fields)
        reversion.set_user(user)
        reversion.set_comment(
            f"{S(before).label} → {chosen.label.lower()}" + (f": {note.strip()}" if note else "")
        )
    for name in fields:  # the caller's copy says what the database now holds
        setattr(given, name, getattr(record, name))
    return StatusChange.objects.create(
        record_type=record_type(record),
        record_id=record.pk,
        from_status=before,
        to_status=chosen.target,
        note=note.strip(),
        user=user,
    )

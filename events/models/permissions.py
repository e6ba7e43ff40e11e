"""The editorial workflow's rules: which step leads from which status to which, and who may
take it, edit a record or see what is not public yet. Every layer asks them (the services
before a write, the admin for its buttons, the public web for staff's preview); only
`services.workflow` takes a step.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from .common import PublicationStatus
from .events import Event
from .workflow import RecordType
from .zones import ControlZone

S = PublicationStatus


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    needs_publish_right: bool
    needs_note: bool = False


STEPS = {
    step.name: step
    for step in [
        Step("submit", "Submit for review", frozenset({S.DRAFT}), S.IN_REVIEW, False),
        Step(
            "publish",
            "Publish",
            frozenset({S.DRAFT, S.IN_REVIEW, S.UNVERIFIABLE}),
            S.PUBLISHED,
            True,
        ),
        Step("return", "Return to draft", frozenset({S.IN_REVIEW}), S.DRAFT, True, True),
        Step(
            "unverifiable",
            "Mark unverifiable",
            frozenset({S.DRAFT, S.IN_REVIEW}),
            S.UNVERIFIABLE,
            True,
            True,
        ),
        Step("withdraw", "Withdraw", frozenset({S.PUBLISHED}), S.WITHDRAWN, True, True),
        Step("restore", "Restore (publish again)", frozenset({S.WITHDRAWN}), S.PUBLISHED, True),
    ]
}

Record = Event | ControlZone


def status_of(record: Record) -> str:
    """Where a record is in the workflow: its `publication`, an event's as a zone's."""
    return record.publication


def record_type(record: Record) -> str:
    return RecordType.EVENT if isinstance(record, Event) else RecordType.ZONE


def publish_permission(model: type[Record]) -> str:
    return f"events.publish_{model._meta.model_name}"


def may_publish(user: User | None, model: type[Record]) -> bool:
    """None is the system (a command run without --user): it holds every right."""
    return user is None or user.has_perm(publish_permission(model))


def may_take(user: User | None, step: Step, model: type[Record]) -> bool:
    """A reviewer's step needs the right to publish; submitting, the right to edit."""
    if step.needs_publish_right:
        return may_publish(user, model)
    return user is None or user.has_perm(f"events.change_{model._meta.model_name}")


def may_preview(user: User | AnonymousUser) -> bool:
    """Staff who may view events see what is not public yet, marked as such."""
    return bool(user.is_active and user.is_staff and user.has_perm("events.view_event"))


def may_edit(user: User, record: Record) -> bool:
    """Contributors edit drafts; reviewers also what is in review, published (a correction)
    or unverifiable; a withdrawn record is restored before anyone edits it."""
    status = status_of(record)
    if status == S.WITHDRAWN:
        return False
    return status == S.DRAFT or may_publish(user, type(record))


def steps_for(user: User | None, record: Record) -> list[Step]:
    """The steps this user may take from the record's status now."""
    status = status_of(record)
    return [
        step
        for step in STEPS.values()
        if status in step.sources and may_take(user, step, type(record))
    ]

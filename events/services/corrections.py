"""One rule for corrections: a change to a record the public sees now is a correction, and the
record says so ("updated on …", with a public note), whoever made it: an editor's form, a
change to an actor, source or place it shows, or an import that revised it. `?updated_since=`
and the feeds find corrected records by the same date."""

from datetime import datetime

from django.db.models import QuerySet

from events.models import ControlZone, Event, PublicationStatus

NOTE_LENGTH = Event._meta.get_field("correction_note").max_length or 300


def is_correction(record: Event | ControlZone) -> bool:
    """Saving a change to `record` now corrects what the public reads."""
    return record.publication == PublicationStatus.PUBLISHED


def correction_mark(record: Event | ControlZone, *, at: datetime) -> None:
    """Mark `record`, about to be saved with a change, as corrected at `at` when that is what
    the change is. (Only events say so on a page of their own: a zone's changes are its
    successors.)"""
    if isinstance(record, Event) and is_correction(record):
        record.corrected_at = at


def corrections_mark(records: QuerySet[Event], *, at: datetime, note: str, **also: object) -> int:
    """Mark those of `records` the public reads as corrected at `at`, saying `note` (cut to the
    field's length), with the other columns in `also` written by the same UPDATE. How many."""
    if len(note) > NOTE_LENGTH:
        note = note[: NOTE_LENGTH - 1] + "…"
    published = records.filter(publication=PublicationStatus.PUBLISHED)
    return published.update(corrected_at=at, correction_note=note, **also)

"""import_events(): stream an ACLED or UCDP GED file into the database, in batches, atomically.

One pass over the file: each row is parsed and checked (RowProblem for each fault, with its
line and column), good rows are written in batches of BATCH inside one transaction. At the end
the transaction is rolled back when it was a dry run, or when rows were rejected and
skip_invalid is off: a file with bad rows writes nothing. Upserts on the dataset's id: an
unchanged row is left alone, a revised one updates its event when `update` is on.
"""

import contextlib
import csv
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from django.contrib.auth.models import User
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from events.geocoding.place_index import forget_index
from events.interchange import acled, ucdp
from events.interchange.records import ActorRef, EventRecord, RowInvalid, RowProblem
from events.interchange.report import ImportReport
from events.lib.spatialite import refresh_statistics
from events.models import (
    IMPORT_STATUSES,
    Citation,
    DataVersion,
    Event,
    EventActor,
    EventValues,
    PublicationStatus,
)
from events.models.common import citation_refusal
from events.models.permissions import publish_permission
from events.services.corrections import corrections_mark
from events.services.imports.bulk import REVISED_FIELDS, event_row, insert_event_rows, insert_rows
from events.services.imports.references import References

FORMATS = {"acled": acled, "ucdp": ucdp}
ID_FIELD = {"acled": "acled_id", "ucdp": "ucdp_id"}
BATCH = 2000
Progress = Callable[[int, float], None]  # rows read, seconds elapsed


class _Rollback(Exception):
    pass


def known_ids(fmt: str, ids: list[Any]) -> QuerySet[Event]:
    """The events already holding these dataset ids. The unique indexes on the ids are partial
    (only events that have one): SQLite uses them only when the query repeats their
    condition, and without it read the whole table for every batch (an import of a million
    rows slowed from 6,400 to 1,250 rows/s as the table grew)."""
    if fmt == "acled":
        return Event.objects.filter(acled_id__in=ids).exclude(acled_id="").order_by()
    return Event.objects.filter(ucdp_id__in=ids, ucdp_id__isnull=False).order_by()


@dataclass(kw_only=True)
class _Job:
    """One import's settings, as the writing steps need them."""

    fmt: str
    status: str
    update: bool
    dry_run: bool
    skip_invalid: bool
    label: str
    progress: Progress | None
    started: float
    user_id: int | None = None

    @property
    def module(self) -> ModuleType:
        return FORMATS[self.fmt]

    @property
    def id_field(self) -> str:
        return ID_FIELD[self.fmt]


class _Writer:
    """Writes parsed records a batch at a time: new events inserted, revised ones updated."""

    def __init__(self, job: _Job, report: ImportReport):
        self.job = job
        self.report = report
        self.refs = References(dataset=job.fmt, file_name=Path(job.label).name)
        self.now = timezone.now()

    def _external_id(self, record: EventRecord) -> int | str:
        return int(record.external_id) if self.job.fmt == "ucdp" else record.external_id

    def values(self, record: EventRecord, fingerprint: str) -> EventValues:
        """What the event will say: the record's content, the job's status, the file's id."""
        return EventValues(
            title=record.title,
            start_date=record.start_date,
            end_date=record.end_date,
            date_precision=record.date_precision,
            event_type=record.event_type,
            sub_event_type=record.sub_event_type,
            longitude=record.longitude,
            latitude=record.latitude,
            place_id=record.place_id,
            geo_precision=record.geo_precision,
            location_note=record.location_note,
            fatalities=record.fatalities,
            summary=record.summary,
            publication=self.job.status,
            acled_id=record.external_id if self.job.fmt == "acled" else "",
            ucdp_id=int(record.external_id) if self.job.fmt == "ucdp" else None,
            dataset_fields={**record.dataset_fields, "fingerprint": fingerprint},
        )

    def event(self, record: EventRecord, fingerprint: str, pk: int) -> Event:
        """A revised event, as a model instance for bulk_update."""
        return Event(pk=pk, **self.values(record, fingerprint).model_fields())

    def _roles(self, record: EventRecord) -> dict[tuple[int, str], ActorRef]:
        """Each (actor, role) once, in the file's order; one actor may hold two roles."""
        roles: dict[tuple[int, str], ActorRef] = {}
        for ref in record.actors:
            roles.setdefault((self.refs.actor_id(ref), ref.role), ref)
        return roles

    def relations(self, pairs: list[tuple[int, EventRecord]]) -> None:
        """Each event's actors (once per role, with the dataset's inter code) and sources."""
        insert_rows(
            EventActor,
            ["event_id", "actor_id", "role", "inter"],
            [
                (event_id, actor_id, role, ref.inter)
                for event_id, record in pairs
                for (actor_id, role), ref in self._roles(record).items()
            ],
        )
        insert_rows(
            Citation,
            ["event_id", "source_id", "quote", "locator"],
            [
                (event_id, self.refs.source_id(s), s.quote, s.locator)
                for event_id, record in pairs
                for s in record.sources
            ],
        )

    def flush(self, batch: list[tuple[EventRecord, str]]) -> None:
        """Writes one batch: new events inserted, revised ones updated (with --update), the
        rest counted as unchanged or skipped."""
        if not batch:
            return
        created, revised = self._sort(batch, self._existing(batch))
        self.refs.prepare([record for record, _ in created] + [r for r, _, _ in revised])
        self._create(created)
        self._revise(revised)

    def _existing(
        self, batch: list[tuple[EventRecord, str]]
    ) -> dict[str, tuple[int, str | None, str]]:
        """The batch's events already in the database: id, fingerprint and publication by the
        dataset's id."""
        rows = known_ids(self.job.fmt, [self._external_id(r) for r, _ in batch]).values(
            "id", self.job.id_field, "dataset_fields", "publication"
        )
        return {
            str(row[self.job.id_field]): (
                row["id"],
                (row["dataset_fields"] or {}).get("fingerprint"),
                row["publication"],
            )
            for row in rows
        }

    def _sort(
        self, batch: list[tuple[EventRecord, str]], existing: dict[str, tuple[int, str | None, str]]
    ) -> tuple[list[tuple[EventRecord, str]], list[tuple[EventRecord, str, int]]]:
        """The records to create and those to revise (with their event's id); the others
        are counted in the report."""
        created, revised = [], []
        for record, fingerprint in batch:
            hit = existing.get(record.external_id)
            if hit is None:
                created.append((record, fingerprint))
                continue
            pk, known_fingerprint, publication = hit
            if known_fingerprint == fingerprint:
                self.report.unchanged += 1
            elif not self.job.update:
                self.report.skipped += 1
            elif refusal := citation_refusal(
                publication, len(record.sources), f"event {record.external_id}"
            ):
                # A revision keeps the event's status: a published one keeps a citation.
                self.report.rejected += 1
                self.report.add_problems(
                    [RowProblem(record.line, "source", "", f"no source: {refusal}")]
                )
            else:
                revised.append((record, fingerprint, pk))
        return created, revised

    def _create(self, created: list[tuple[EventRecord, str]]) -> None:
        if not created:
            return
        rows = [
            event_row(self.values(record, fp), now=self.now, user_id=self.job.user_id)
            for record, fp in created
        ]
        ids = insert_event_rows(rows)
        self.relations(list(zip(ids, (record for record, _ in created), strict=True)))
        self.report.created += len(created)

    def _revise(self, revised: list[tuple[EventRecord, str, int]]) -> None:
        if not revised:
            return
        events = [self.event(record, fp, pk=pk) for record, fp, pk in revised]
        for event in events:
            event.updated_at = self.now
            event.updated_by_id = self.job.user_id
        Event.objects.bulk_update(events, REVISED_FIELDS, batch_size=500)
        ids = [event.pk for event in events]
        # Public pages say "updated on …", and ?updated_since= finds them for mirrors.
        corrections_mark(
            Event.objects.filter(pk__in=ids),
            at=self.now,
            note=f"Revised from the {self.job.fmt.upper()} file {Path(self.job.label).name}",
        )
        EventActor.objects.filter(event_id__in=ids).delete()
        Citation.objects.filter(event_id__in=ids).delete()
        self.relations([(pk, record) for record, _, pk in revised])
        self.report.updated += len(revised)
        room = 50 - len(self.report.revised)
        self.report.revised += [record.external_id for record, _, _ in revised][:room]


def _lines(reader: "csv.DictReader[str]") -> Iterator[tuple[int, dict[str, str]]]:
    """Rows with the line each starts on (a quoted field may span several lines)."""
    last = reader.line_num
    for row in reader:
        yield last + 1, row
        last = reader.line_num


def import_events(
    source: str | Path | IO[str],
    fmt: str,
    *,
    dry_run: bool = False,
    update: bool = False,
    status: str = PublicationStatus.DRAFT,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    name: str = "",
    user: User | None = None,
) -> ImportReport:
    """Import one file as `user` (None: the system, which holds every right); see the module
    docstring. Never raises for bad content."""
    label = name or str(source)
    report = ImportReport(format=fmt, source=label, dry_run=dry_run)
    if status not in IMPORT_STATUSES:
        report.file_error = f"--status must be one of {', '.join(IMPORT_STATUSES)}."
        return report
    refusals = import_refusals(user, status=status, update=update)
    if refusals:
        report.file_error = " ".join(refusals)
        return report
    job = _Job(
        fmt=fmt,
        status=status,
        update=update,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        label=label,
        progress=progress,
        started=time.monotonic(),
        user_id=user.pk if user is not None else None,
    )
    try:
        with contextlib.ExitStack() as stack:
            if isinstance(source, (str, Path)):
                # utf-8-sig reads files with and without a byte-order mark alike.
                handle: IO[str] = stack.enter_context(
                    open(source, encoding="utf-8-sig", newline="")
                )
            else:
                handle = source
            _import(handle, job, report)
    except UnicodeDecodeError as error:
        report.file_error = f"not UTF-8 text (byte {error.start}): save the file as UTF-8."
    except csv.Error as error:
        report.file_error = f"not readable as CSV: {error}."
    except DatabaseError as error:
        # The checks above should leave nothing for the database to refuse; if it does, the
        # transaction is gone and so is every row of the file.
        report.file_error = f"the database refused the file ({error}); nothing was written."
        report.committed = False
        report.busy = "database is locked" in str(error)
    finally:
        forget_index()
    report.seconds = time.monotonic() - job.started
    return report


def import_refusals(user: User | None, *, status: str, update: bool) -> list[str]:
    """Why `user` may not run this import (empty: they may). An import creates events, and
    the actors, places and sources they name; publishing and revising existing (published)
    events are a reviewer's rights."""
    if user is None:
        return []
    name = user.get_username()
    needed = {
        "events.import_events": "import files",
        "events.add_event": "add events",
        "events.add_actor": "add actors",
        "events.add_place": "add places",
        "events.add_source": "add sources",
    }
    if status == PublicationStatus.PUBLISHED:
        needed[publish_permission(Event)] = "publish events"
    if update:
        needed["events.change_event"] = "change events"
        needed[publish_permission(Event)] = "publish events (an update revises published ones)"
    missing = [what for permission, what in needed.items() if not user.has_perm(permission)]
    if not missing:
        return []
    return [f"{name} may not {'; nor '.join(missing)}: nothing was read."]


def _header(reader: "csv.DictReader[str]", job: _Job, report: ImportReport) -> list[str] | None:
    """The normalised header (None when the file cannot be imported), its layout reported."""
    original = [h.strip() for h in (reader.fieldnames or [])]
    if job.fmt == "acled":
        header, report.renamed_columns = acled.normalise_header(original)
        report.unknown_columns = acled.unknown_columns(header)
        report.layout = acled.layout(header, original)
    else:
        header = [h.lower() for h in original]
        report.unknown_columns = ucdp.unknown_columns(header)
        report.layout = "GED"
    missing = job.module.missing_columns(header)
    if missing:
        article = "an" if job.fmt == "acled" else "a"
        report.file_error = (
            f"not {article} {job.fmt.upper()} file: missing column(s) {', '.join(missing)}."
        )
        return None
    return header


def _import(handle: IO[str], job: _Job, report: ImportReport) -> None:
    reader = csv.DictReader(handle)
    header = _header(reader, job, report)
    if header is None:
        return
    reader.fieldnames = header
    try:
        with transaction.atomic():
            _write(reader, header, job, report)
            if job.dry_run or (report.rejected and not job.skip_invalid):
                raise _Rollback
            report.committed = True
            DataVersion.touch(places=True)  # bulk writes (places among them) send no signals
    except _Rollback:
        return
    refresh_statistics()


def _check(record: EventRecord, line: int, seen: dict[str, int], job: _Job) -> None:
    """What one row cannot tell alone: a repeated id, a published event without a source."""
    if record.external_id in seen:
        raise RowInvalid(
            [
                RowProblem(
                    line,
                    job.id_field,
                    record.external_id,
                    f"the same id as line {seen[record.external_id]}",
                )
            ]
        )
    refusal = citation_refusal(job.status, len(record.sources), "the event")
    if refusal:
        raise RowInvalid([RowProblem(line, "source", "", f"no source: {refusal}")])


def _refuse_nul(row: dict[str, str], line: int) -> None:
    """PostgreSQL stores no NUL character in text and SpatiaLite would: refused on both, so
    that the same file gives the same report on either."""
    problems = [
        RowProblem(line, column, value, "contains a NUL character (\\x00), which cannot be stored")
        for column, value in row.items()
        if value and "\x00" in value
    ]
    if problems:
        raise RowInvalid(problems)


def _write(
    reader: "csv.DictReader[str]", header: list[str], job: _Job, report: ImportReport
) -> None:
    writer = _Writer(job, report)
    legacy = job.fmt == "acled" and acled.is_legacy(header)
    seen: dict[str, int] = {}
    batch: list[tuple[EventRecord, str]] = []
    for line, row in _lines(reader):
        report.rows += 1
        try:
            if None in row:
                raise RowInvalid([RowProblem(line, "(row)", "", "more fields than the header")])
            _refuse_nul(row, line)
            record, raw = job.module.parse_row(row, line=line, legacy=legacy, header=header)
            _check(record, line, seen, job)
        except RowInvalid as invalid:
            report.rejected += 1
            report.add_problems(invalid.problems)
            continue
        seen[record.external_id] = line
        record.line = line
        report.note_mapped(record.mapped)
        batch.append((record, record.fingerprint(raw)))
        if len(batch) >= BATCH:
            writer.flush(batch)
            batch = []
        if job.progress and report.rows % 1000 == 0:
            job.progress(report.rows, time.monotonic() - job.started)
    writer.flush(batch)
    report.places_created = writer.refs.places_created
    report.actors_created = writer.refs.actors_created
    if job.progress:
        job.progress(report.rows, time.monotonic() - job.started)

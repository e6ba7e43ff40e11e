"""import_events(): stream an ACLED or UCDP GED file into the database, in batches, atomically.

One pass over the file: each row is parsed and checked (RowProblem for each fault, with its
line and column), good rows are written in batches of BATCH inside one transaction. At the end
the transaction is rolled back when it was a dry run, or when rows were rejected and
skip_invalid is off: a file with bad rows writes nothing. Upserts on the dataset's id: an
unchanged row is left alone, a revised one updates its event when `update` is on.
"""

import contextlib
import csv
import io
import json
import time
from collections.abc import Callable
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from geopy.distance import geodesic

from events.geocoding.gazetteer import SAME_PLACE_KM, forget_index, get_index
from events.geocoding.names import name_key
from events.interchange import acled, ucdp
from events.interchange.bulk import REVISED_FIELDS, insert_event_rows, insert_rows
from events.interchange.records import EventRecord, RowInvalid, RowProblem
from events.interchange.report import ImportReport
from events.models import (
    Actor,
    Citation,
    DataVersion,
    Event,
    EventActor,
    Place,
    PlaceKind,
    PublicationStatus,
    Source,
)

FORMATS = {"acled": acled, "ucdp": ucdp}
ID_FIELD = {"acled": "acled_id", "ucdp": "ucdp_id"}
BATCH = 2000
STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.DRAFT)
Progress = Callable[[int, float], None]  # rows read, seconds elapsed


class _Rollback(Exception):
    pass


class _Writer:
    """Turns parsed records into rows, reusing actors, places and sources already known."""

    def __init__(self, dataset: str, *, status: str, update: bool, provenance: str, report):
        self.dataset = dataset
        self.id_field = ID_FIELD[dataset]
        self.status = status
        self.update = update
        self.provenance = provenance
        self.report = report
        self.actors: dict[str, int] = {}
        for pk, name, aliases in Actor.objects.values_list("pk", "name", "aliases"):
            for alias in [name, *(aliases or [])]:
                self.actors.setdefault(alias.casefold(), pk)
        self.guessed_types: set[str] = set()
        self.places: dict[tuple, int] = {}
        self.sources: dict[tuple, int] = {}
        self.gazetteer = get_index()
        self.now = timezone.now()

    # -- reference data ---------------------------------------------------------------------
    def actor_id(self, ref) -> int:
        key = ref.name.casefold()
        if key not in self.actors:
            self.actors[key] = Actor.objects.create(name=ref.name, actor_type=ref.actor_type).pk
            if not ref.type_known:
                self.guessed_types.add(key)
        elif ref.type_known and key in self.guessed_types:
            # First met as an associated actor, its type guessed from its side: now the file
            # gives it.
            Actor.objects.filter(pk=self.actors[key]).update(actor_type=ref.actor_type)
            self.guessed_types.discard(key)
        return self.actors[key]

    def place_id(self, record: EventRecord) -> int:
        key = (
            name_key(record.location_name),
            round(record.latitude, 2),
            round(record.longitude, 2),
        )
        if key in self.places:
            return self.places[key]
        here = (record.latitude, record.longitude)
        for candidate in self.gazetteer.candidates(record.location_name):
            if (
                candidate.score >= 0.97
                and geodesic(here, (candidate.place.lat, candidate.place.lon)).km < SAME_PLACE_KM
            ):
                self.places[key] = candidate.place.id
                return candidate.place.id
        place = Place.objects.create(
            name=record.location_name,
            location=Point(record.longitude, record.latitude, srid=4326),
            kind=PlaceKind.OTHER,
            country_code=record.country_code,
            admin1=record.admin1[:120],
            geo_precision=record.geo_precision,
            coordinate_source=self.provenance[:255],
        )
        self.places[key] = place.pk
        return place.pk

    def source_id(self, ref) -> int:
        key = (ref.name, ref.title, ref.published_on)
        if key not in self.sources:
            source = Source.objects.filter(
                publisher=key[0], title=key[1], published_on=key[2]
            ).first()
            source = source or Source.objects.create(
                publisher=key[0], title=key[1], published_on=key[2]
            )
            self.sources[key] = source.pk
        return self.sources[key]

    # -- events -----------------------------------------------------------------------------
    def event(self, record: EventRecord, fingerprint: str, pk: int | None = None) -> Event:
        low, best, high = record.fatalities
        return Event(
            pk=pk,
            title=record.title,
            start_date=record.start_date,
            end_date=record.end_date,
            date_precision=record.date_precision,
            event_type=record.event_type,
            sub_event_type=record.sub_event_type,
            location=Point(record.longitude, record.latitude, srid=4326),
            place_id=self.place_id(record),
            geo_precision=record.geo_precision,
            location_note=record.location_note,
            fatalities_low=low,
            fatalities_best=best,
            fatalities_high=high,
            summary=record.summary,
            status=self.status,
            dataset_fields={**record.dataset_fields, "fingerprint": fingerprint},
            **{
                self.id_field: int(record.external_id)
                if self.dataset == "ucdp"
                else record.external_id
            },
        )

    def relations(self, pairs: list[tuple[int, EventRecord]]) -> None:
        insert_rows(
            EventActor,
            ["event_id", "actor_id", "role"],
            [
                (event_id, actor_id, a.role)
                for event_id, record in pairs
                for actor_id, a in {self.actor_id(a): a for a in record.actors}.items()
            ],
        )
        insert_rows(
            Citation,
            ["event_id", "source_id", "quote", "locator"],
            [
                (event_id, self.source_id(s), s.quote, s.locator)
                for event_id, record in pairs
                for s in record.sources
            ],
        )

    def event_row(self, record: EventRecord, fingerprint: str) -> tuple:
        """The EVENT_COLUMNS of a new event, for insert_event_rows."""
        low, best, high = record.fatalities
        acled_id, ucdp_id = (
            (record.external_id, None) if self.dataset == "acled" else ("", int(record.external_id))
        )
        return (
            self.now,
            self.now,
            record.title,
            record.start_date,
            record.end_date,
            record.date_precision,
            record.event_type,
            record.sub_event_type,
            f"SRID=4326;POINT({record.longitude!r} {record.latitude!r})",
            self.place_id(record),
            record.geo_precision,
            record.location_note,
            low,
            best,
            high,
            record.summary,
            self.status,
            acled_id,
            ucdp_id,
            json.dumps({**record.dataset_fields, "fingerprint": fingerprint}),
        )

    def flush(self, batch: list[tuple[EventRecord, str]]) -> None:
        if not batch:
            return
        ids = [int(r.external_id) if self.dataset == "ucdp" else r.external_id for r, _ in batch]
        existing = {
            str(row[self.id_field]): (row["id"], (row["dataset_fields"] or {}).get("fingerprint"))
            for row in Event.objects.filter(**{f"{self.id_field}__in": ids}).values(
                "id", self.id_field, "dataset_fields"
            )
        }
        created, revised = [], []
        for record, fingerprint in batch:
            hit = existing.get(record.external_id)
            if hit is None:
                created.append((record, fingerprint))
            elif hit[1] == fingerprint:
                self.report.unchanged += 1
            elif not self.update:
                self.report.skipped += 1
            else:
                revised.append((self.event(record, fingerprint, pk=hit[0]), record))
        if connection.vendor == "postgresql" and created:
            ids = insert_event_rows([self.event_row(record, fp) for record, fp in created])
        else:
            events = [self.event(record, fp) for record, fp in created]
            Event.objects.bulk_create(events, batch_size=BATCH)
            ids = [event.pk for event in events]
        self.relations(list(zip(ids, (record for record, _ in created), strict=True)))
        self.report.created += len(created)
        if revised:
            for event, _ in revised:
                event.updated_at = self.now
            Event.objects.bulk_update(
                [event for event, _ in revised], REVISED_FIELDS, batch_size=500
            )
            revised_ids = [event.pk for event, _ in revised]
            EventActor.objects.filter(event_id__in=revised_ids).delete()
            Citation.objects.filter(event_id__in=revised_ids).delete()
            self.relations([(event.pk, record) for event, record in revised])
            self.report.updated += len(revised)
            self.report.revised += [record.external_id for _, record in revised][
                : 50 - len(self.report.revised)
            ]


def _lines(reader: csv.DictReader):
    """Rows with the line each starts on (a quoted field may span several lines)."""
    last = reader.line_num
    for row in reader:
        yield last + 1, row
        last = reader.line_num


def import_events(
    source: str | Path | io.TextIOBase,
    fmt: str,
    *,
    dry_run: bool = False,
    update: bool = False,
    status: str = PublicationStatus.DRAFT,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    name: str = "",
) -> ImportReport:
    """Import one file; see the module docstring. Never raises for bad content."""
    module = FORMATS[fmt]
    label = name or str(source)
    report = ImportReport(format=fmt, source=label, dry_run=dry_run)
    if status not in STATUSES:
        report.file_error = f"--status must be one of {', '.join(STATUSES)}."
        return report
    started = time.monotonic()
    try:
        with contextlib.ExitStack() as stack:
            if isinstance(source, (str, Path)):
                # utf-8-sig reads files with and without a byte-order mark alike.
                handle = stack.enter_context(open(source, encoding="utf-8-sig", newline=""))
            else:
                handle = source
            _import(
                handle,
                module,
                report,
                fmt,
                status,
                update,
                dry_run,
                skip_invalid,
                label,
                progress,
                started,
            )
    except UnicodeDecodeError as error:
        report.file_error = f"not UTF-8 text (byte {error.start}): save the file as UTF-8."
    except csv.Error as error:
        report.file_error = f"not readable as CSV: {error}."
    except DatabaseError as error:
        # The checks above should leave nothing for the database to refuse; if it does, the
        # transaction is gone and so is every row of the file.
        report.file_error = f"the database refused the file ({error}); nothing was written."
        report.committed = False
    finally:
        forget_index()
    report.seconds = time.monotonic() - started
    return report


def _import(
    handle, module, report, fmt, status, update, dry_run, skip_invalid, label, progress, started
) -> None:
    reader = csv.DictReader(handle)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = module.missing_columns(header)
    if missing:
        article = "an" if fmt == "acled" else "a"
        report.file_error = (
            f"not {article} {fmt.upper()} file: missing column(s) {', '.join(missing)}."
        )
        return
    report.layout = acled.layout(header) if fmt == "acled" else "GED 23.1"
    legacy = report.layout == "legacy"
    try:
        with transaction.atomic():
            _write(reader, module, legacy, report, fmt, status, update, label, progress, started)
            if dry_run or (report.rejected and not skip_invalid):
                raise _Rollback
            report.committed = True
            DataVersion.touch()  # bulk writes send no signals
    except _Rollback:
        pass


def _write(reader, module, legacy, report, fmt, status, update, label, progress, started) -> None:
    writer = _Writer(
        fmt,
        status=status,
        update=update,
        provenance=f"{fmt.upper()} import: {Path(label).name}",
        report=report,
    )
    seen: dict[str, int] = {}
    batch: list[tuple[EventRecord, str]] = []
    for line, row in _lines(reader):
        report.rows += 1
        try:
            if None in row:
                raise RowInvalid([RowProblem(line, "(row)", "", "more fields than the header")])
            record, raw = module.parse_row(row, line=line, legacy=legacy)
            if record.external_id in seen:
                raise RowInvalid(
                    [
                        RowProblem(
                            line,
                            ID_FIELD[fmt],
                            record.external_id,
                            f"the same id as line {seen[record.external_id]}",
                        )
                    ]
                )
            if status == PublicationStatus.PUBLISHED and not record.sources:
                raise RowInvalid(
                    [
                        RowProblem(
                            line,
                            "source",
                            "",
                            "no source: a published event must cite one",
                        )
                    ]
                )
        except RowInvalid as invalid:
            report.rejected += 1
            report.problems += invalid.problems
            continue
        seen[record.external_id] = line
        batch.append((record, record.fingerprint(raw)))
        if len(batch) >= BATCH:
            writer.flush(batch)
            batch = []
        if progress and report.rows % 1000 == 0:
            progress(report.rows, time.monotonic() - started)
    writer.flush(batch)
    if progress:
        progress(report.rows, time.monotonic() - started)

"""Importing a file of control zones: all of it or nothing.

The file is read (events.interchange.zone_files), its controllers matched to known actors (by
name, short name or alias), and the whole import run in one transaction: a dry run is the same
run rolled back, so its report (counts, new actors, overlaps refused at publication) is exactly
what the real run would do. Every zone cites the file as its source, feature by feature.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import reversion
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from events.interchange.zone_files import ZoneFileError, ZoneRow, read_zone_file
from events.models import Actor, ControlZone, PublicationStatus, Source, ZoneCitation
from events.models.permissions import publish_permission
from events.selectors.territory import describe_conflicts, zone_conflicts


@dataclass
class ZoneImportReport:
    file: str
    dry_run: bool
    features: int = 0
    written: int = 0
    per_controller: dict[str, int] = field(default_factory=dict)
    first_day: date | None = None
    last_day: date | None = None
    new_actors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        verb = "would import" if self.dry_run else "imported"
        if self.problems:
            verb = "refused (nothing written)"
        lines = [
            f"{self.file}: {self.features} feature(s); {verb}"
            + (f" {self.features} zone(s)" if not self.problems else ""),
            f"attributes: {', '.join(self.attributes) or 'none'}",
        ]
        if self.first_day:
            lines.append(f"from {self.first_day} to {self.last_day or 'now (open-ended)'}")
        for name, count in sorted(self.per_controller.items()):
            lines.append(f"  {name}: {count}")
        if self.new_actors:
            lines.append("new actors: " + ", ".join(self.new_actors))
        lines.extend(self.problems)
        return lines


class _Refused(Exception):
    """Raised inside the transaction to roll it back (a dry run, or a problem found late)."""


def zone_import_refusals(user: User | None, *, publication: str) -> list[str]:
    if user is None:
        return []
    needed = {"events.add_controlzone": "add zones", "events.add_source": "add sources"}
    if publication == PublicationStatus.PUBLISHED:
        needed[publish_permission(ControlZone)] = "publish zones"
    missing = [what for perm, what in needed.items() if not user.has_perm(perm)]
    return [f"{user.get_username()} may not {'; nor '.join(missing)}."] if missing else []


def import_zone_file(
    path: Path,
    *,
    publication: str = PublicationStatus.DRAFT,
    dry_run: bool = False,
    mapping: dict[str, str] | None = None,
    controller: str = "",
    valid_from: date | None = None,
    create_actors: bool = False,
    actor_type: int | None = None,
    source_title: str = "",
    allow_overlaps: bool = False,
    user: User | None = None,
) -> ZoneImportReport:
    report = ZoneImportReport(file=path.name, dry_run=dry_run)
    report.problems = zone_import_refusals(user, publication=publication)
    if report.problems:
        return report
    try:
        read = read_zone_file(path, mapping=mapping, controller=controller, valid_from=valid_from)
    except ZoneFileError as error:
        report.problems.append(str(error))
        return report
    report.attributes = read.attributes
    report.features = read.features
    report.problems.extend(read.problems)
    actors, missing = _match_actors(read.rows)
    if missing and not create_actors:
        for name, numbers in missing.items():
            report.problems.append(
                f"feature {numbers[0]}: controller: {name!r} is not a known actor (name, short "
                "name or alias); add it, or import with --create-actors."
            )
    elif missing:
        for name, numbers in missing.items():
            inter = next((r.inter for r in read.rows if r.controller == name and r.inter), None)
            if (inter or actor_type) is None:
                report.problems.append(
                    f"feature {numbers[0]}: controller: {name!r} is new and its type (ACLED "
                    "inter code 1–8) is not in the file: give --actor-type."
                )
    _summarise(report, read.rows)
    if report.problems:
        return report
    try:
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(f"Imported from {path.name}")
            created = _write(
                read.rows,
                actors,
                missing,
                publication=publication,
                actor_type=actor_type,
                source_title=source_title or f"Control zones file {path.name}",
                user=user,
                report=report,
            )
            if publication == PublicationStatus.PUBLISHED and not allow_overlaps:
                _check_overlaps(created, report)
            if report.problems or dry_run:
                raise _Refused
    except _Refused:
        report.written = 0
        return report
    report.written = len(created)
    return report


def _match_actors(rows: list[ZoneRow]) -> tuple[dict[str, Actor], dict[str, list[int]]]:
    """The file's controllers that are known actors (by name, short name or alias), and the
    features naming each unknown one."""
    known = Actor.objects.ids_by_name(short_names=True)
    found: dict[str, int] = {}
    missing: dict[str, list[int]] = {}
    for row in rows:
        pk = known.get(row.controller.casefold())
        if pk is None:
            missing.setdefault(row.controller, []).append(row.number)
        else:
            found[row.controller] = pk
    actors = Actor.objects.in_bulk(set(found.values()))
    return {name: actors[pk] for name, pk in found.items()}, missing


def _summarise(report: ZoneImportReport, rows: list[ZoneRow]) -> None:
    for row in rows:
        report.per_controller[row.controller] = report.per_controller.get(row.controller, 0) + 1
    if rows:
        report.first_day = min(r.valid_from for r in rows)
        ends = [r.valid_to for r in rows]
        report.last_day = None if None in ends else max(e for e in ends if e)


def _write(
    rows: list[ZoneRow],
    actors: dict[str, Actor],
    missing: dict[str, list[int]],
    *,
    publication: str,
    actor_type: int | None,
    source_title: str,
    user: User | None,
    report: ZoneImportReport,
) -> list[ControlZone]:
    for name in missing:
        row = next(r for r in rows if r.controller == name)
        # Its type was checked before the transaction: the file's inter code, or --actor-type.
        inter = next((r.inter for r in rows if r.controller == name and r.inter), actor_type)
        assert inter is not None  # checked before the transaction began
        actor = Actor(name=name, actor_type=inter, colour=row.colour or "#777777")
        _clean_or_report(actor, row, report)
        actor.save()
        actors[name] = actor
        report.new_actors.append(name)
    source = Source.objects.create(title=source_title[:500], published_on=timezone.localdate())
    now = timezone.now() if publication == PublicationStatus.PUBLISHED else None
    created: list[ControlZone] = []
    by_file_id: dict[str, ControlZone] = {}
    for row in rows:
        zone = ControlZone(
            actor=actors[row.controller],
            geometry=row.geometry,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            status=row.status,
            confidence=row.confidence,
            note=row.note,
            publication=publication,
            published_at=now,
            created_by=user,
            updated_by=user,
        )
        _clean_or_report(zone, row, report)
        zone.save()
        ZoneCitation.objects.create(zone=zone, source=source, locator=f"feature {row.number}")
        created.append(zone)
        if row.file_id:
            by_file_id[row.file_id] = zone
    # Successors keep their predecessor when the file names it (this project's own export).
    for row, zone in zip(rows, created, strict=True):
        if row.predecessor and row.predecessor in by_file_id:
            zone.predecessor = by_file_id[row.predecessor]
            zone.save(update_fields=["predecessor"])
    return created


def _clean_or_report(record: Model, row: ZoneRow, report: ZoneImportReport) -> None:
    try:
        record.full_clean(validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            report.problems.append(f"feature {row.number}: {name}: {' '.join(messages)}")
        raise _Refused from None


def _check_overlaps(zones: list[ControlZone], report: ZoneImportReport) -> None:
    told: set[frozenset[int]] = set()  # two of the file's zones over each other: said once
    for zone in zones:
        conflicts = [
            c
            for c in zone_conflicts(zone, published_only=True)
            if frozenset((zone.pk, c.other.pk)) not in told
        ]
        told.update(frozenset((zone.pk, c.other.pk)) for c in conflicts)
        if conflicts:
            report.problems.append(
                f"{zone}: overlaps, neither contested: {describe_conflicts(conflicts)} "
                "(import as drafts, mark the ground contested, or --allow-overlaps)"
            )

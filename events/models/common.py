"""Choices, validators and database expressions shared by the models."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.contrib.gis.db.models.functions import GeoFunc
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    UNVERIFIABLE = "unverifiable", "Unverifiable"
    # Once published, a record is withdrawn, never deleted: mirrors learn of it from
    # /api/withdrawn.json, as ACLED lists its deleted events.
    WITHDRAWN = "withdrawn", "Withdrawn"


def citation_refusal(status: str, citations: int, subject: str) -> str | None:
    """The publication rule, stated once: a published record cites at least one source. Why
    `subject` (with `status` and that many citations) breaks it, or None when it keeps it. The
    models' clean(), the workflow's publish step, the admin's citation forms and the imports
    all ask here."""
    if status != PublicationStatus.PUBLISHED or citations > 0:
        return None
    return f"{subject} would be published without a citation: cite a source, or keep it a draft."


class GeoPrecision(models.IntegerChoices):
    """ACLED's geo_precision codes."""

    EXACT = 1, "1 - the place itself"
    NEAR = 2, "2 - near a place, or part of an area"
    REGION = 3, "3 - a larger region"


class DatePrecision(models.IntegerChoices):
    """ACLED time_precision 1-3 plus a year, the coarsest of UCDP's date_prec."""

    DAY = 1, "Day"
    WEEK = 2, "Week"
    MONTH = 3, "Month"
    YEAR = 4, "Year"


class PointX(GeoFunc):
    """ST_X: the same name on PostGIS and SpatiaLite, unlike GeoDjango's own functions."""

    function = "ST_X"
    output_field = models.FloatField()


class PointY(GeoFunc):
    function = "ST_Y"
    output_field = models.FloatField()


def point_in_range_constraint(field: str, name: str) -> models.CheckConstraint:
    """Longitude in -180..180 and latitude in -90..90, enforced by the database itself."""
    x, y = PointX(field), PointY(field)
    return models.CheckConstraint(
        condition=models.Q(
            GreaterThanOrEqual(x, -180.0),
            LessThanOrEqual(x, 180.0),
            GreaterThanOrEqual(y, -90.0),
            LessThanOrEqual(y, 90.0),
        ),
        name=name,
        violation_error_message="Longitude must be within -180..180 and latitude within -90..90.",
    )


def validate_lonlat(point) -> None:
    if point is None:
        return
    if not -180 <= point.x <= 180:
        raise ValidationError(
            "Longitude %(x)s is outside -180..180.", code="longitude", params={"x": point.x}
        )
    if not -90 <= point.y <= 90:
        raise ValidationError(
            "Latitude %(y)s is outside -90..90.", code="latitude", params={"y": point.y}
        )


class Reviewed(models.Model):
    """What the editorial workflow keeps on a record (an event or a zone): where it is in the
    workflow, who has it next, when it was first published."""

    publication = models.CharField(
        max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who works on it next (a reviewer, or the contributor it was returned to).",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="First publication; never cleared."
    )
    # each record's citations of its sources: Citation for an event, ZoneCitation for a zone
    citations: Any  # a related manager, declared by each concrete record

    class Meta:
        abstract = True

    @property
    def ever_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_published(self) -> bool:
        return self.publication == PublicationStatus.PUBLISHED

    def publication_errors(self, subject: str) -> dict[str, str]:
        """The publication rule on a saved published record, for clean(). (A new record has
        no citations yet: the admin's citation forms hold it to the rule.)"""
        if not (self.is_published and self.pk):
            return {}
        refusal = citation_refusal(self.publication, self.citations.count(), subject)
        return {"publication": refusal} if refusal else {}


class RecordVersionField(IntegerVersionField):
    """The version, kept out of every model form: the admin carries it signed in a field of
    its own (events.admin.concurrency), so a form cannot set it to anything but what it read."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.pop("db_default", None)
        super().__init__(*args, **kwargs)
        self.editable = False
        # The database's own default too: the importers' bulk INSERTs name their columns and
        # leave this one out (0 is "never saved through a form": no version to check yet).
        self.db_default = models.Value(0)


_checks = threading.local()


@contextmanager
def version_checks_off() -> Iterator[None]:
    """No version check on the saves this thread makes inside: a revert saves an old copy over
    the current one on purpose (its new version is still a new, higher number). Per thread, so
    that another request served by the same process meanwhile is checked as ever."""
    previous = getattr(_checks, "off", False)
    _checks.off = True
    try:
        yield
    finally:
        _checks.off = previous


class Versioned(models.Model):
    """A record two editors may open at once: `version` changes on every save, and a save made
    from a copy read before the last save is refused (django-concurrency's optimistic lock, a
    conditional UPDATE), in the admin and in the services alike: nobody's edit is lost
    silently. Time-based (microseconds, always rising), so a revert never gives an old number
    back."""

    version = RecordVersionField(
        help_text="Changes on every save; a save from an older copy is refused."
    )

    class Meta:
        abstract = True

    # django-concurrency skips its check for an instance whose _concurrency_disabled is true.
    @property
    def _concurrency_disabled(self) -> bool:
        return getattr(_checks, "off", False) or self.__dict__.get("_version_check_off", False)

    @_concurrency_disabled.setter
    def _concurrency_disabled(self, value: bool) -> None:
        self.__dict__["_version_check_off"] = value


class Stamped(models.Model):
    """Who created and last changed a row, and when."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

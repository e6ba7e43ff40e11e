from datetime import date, timedelta

from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import IsValid
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.db.models.expressions import Combinable
from django.db.models.lookups import Exact

from .actors import Actor
from .common import PublicationStatus, Reviewed, Stamped, Versioned
from .sources import CitationBase, Source


class ControlStatus(models.TextChoices):
    CONTROLLED = "controlled", "Controlled"
    CONTESTED = "contested", "Contested"


class Confidence(models.IntegerChoices):
    LOW = 1, "Low: approximate, hand-drawn from reports"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High: well documented"


class ControlZoneQuerySet(models.QuerySet["ControlZone"]):
    def valid_on(self, day: date | Combinable) -> "ControlZoneQuerySet":
        """The zones that hold on `day`: one range test on the indexed validity columns."""
        return self.valid_between(day, day)

    def valid_between(self, start=None, end=None) -> "ControlZoneQuerySet":
        """The zones that hold on some day from `start` to `end` (None: open). Dates, or
        expressions such as another zone's validity (OuterRef)."""
        zones = self
        if start is not None:
            zones = zones.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        if end is not None:
            zones = zones.filter(valid_from__lte=end)
        return zones

    def sharing_ground_with(self, geometry: GEOSGeometry | Combinable) -> "ControlZoneQuerySet":
        """The zones whose ground overlaps `geometry` (a geometry or an OuterRef): edges that
        only touch, as shared front lines do, are no overlap."""
        return self.filter(
            Q(geometry__overlaps=geometry)
            | Q(geometry__contains=geometry)
            | Q(geometry__within=geometry)
        )


class ControlZone(Reviewed, Stamped, Versioned):
    """Territory an actor controls (or contests) over a period."""

    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="control_zones")
    geometry = models.MultiPolygonField(srid=4326)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Empty: still holds.")
    status = models.CharField(
        max_length=12, choices=ControlStatus.choices, default=ControlStatus.CONTROLLED
    )
    confidence = models.PositiveSmallIntegerField(
        choices=Confidence.choices, default=Confidence.MEDIUM
    )
    note = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, through="ZoneCitation", related_name="zones")
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        help_text="The zone this one redraws: saving ends it on the day before this one starts.",
    )

    objects = ControlZoneQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from", "id"]
        permissions = [
            ("publish_controlzone", "Can publish, return, withdraw, restore and revert zones"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="zone_valid_to_after_from",
                violation_error_message="valid_to cannot be before valid_from.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ControlStatus.values), name="zone_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values), name="zone_confidence_valid"
            ),
            models.CheckConstraint(
                condition=Q(publication__in=PublicationStatus.values), name="zone_publication_valid"
            ),
            # A broken polygon breaks every spatial query that touches it: never store one.
            models.CheckConstraint(
                condition=Q(Exact(IsValid("geometry"), True)),
                name="zone_geometry_valid",
                violation_error_message="The zone's geometry is not a valid polygon.",
            ),
        ]
        indexes = [
            # "The zones on date D" (ControlZoneQuerySet.valid_on).
            models.Index(fields=["valid_from", "valid_to"], name="zone_validity_idx"),
        ]

    def __str__(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.actor.label if self.actor_id else '?'} {self.valid_from.isoformat()}–{until}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "valid_to cannot be before valid_from."
        if self.geometry is not None:
            problem = geometry_problem(self.geometry)
            if problem:
                errors["geometry"] = problem
        if self.predecessor is not None and self.valid_from:
            succession = succession_problem(self.predecessor, self)
            if succession:
                errors[succession[0]] = succession[1]
        errors.update(self.publication_errors("This zone"))
        if errors:
            raise ValidationError(errors)


def succession_problem(predecessor: ControlZone, successor: ControlZone) -> tuple[str, str] | None:
    """Why `successor` cannot follow `predecessor` (ending it the day before it starts), as
    (field, message), or None when it can."""
    if successor.pk and predecessor.pk == successor.pk:
        return "predecessor", "A zone cannot be its own predecessor."
    if predecessor.publication == PublicationStatus.WITHDRAWN:
        return "predecessor", "The predecessor is withdrawn: restore it first."
    if successor.valid_from <= predecessor.valid_from:
        return "valid_from", (
            f"valid_from must be after the predecessor's start ({predecessor.valid_from}): "
            "a successor takes over from a later day."
        )
    end = predecessor.valid_to
    # A successor already linked moves its predecessor's end with its own start, either way.
    linked = (
        successor.pk
        and ControlZone.objects.filter(pk=successor.pk, predecessor_id=predecessor.pk).exists()
    )
    if not linked and end is not None and end < successor.valid_from - timedelta(days=1):
        return "valid_from", (
            f"The predecessor ended on {end}: its successor starts on "
            f"{end + timedelta(days=1)} at the latest, or there would be days with neither."
        )
    return None


def geometry_problem(geometry) -> str | None:
    """Why a zone geometry cannot be stored, or None when it can."""
    xmin, ymin, xmax, ymax = geometry.extent
    if xmin < -180 or xmax > 180 or ymin < -90 or ymax > 90:
        return "The polygon reaches outside longitude -180..180 / latitude -90..90."
    if not geometry.valid:
        return (
            f"The polygon is not valid ({geometry.valid_reason}). "
            "Redraw it so that its edges do not cross."
        )
    return None


class ZoneCitation(CitationBase):
    zone = models.ForeignKey(ControlZone, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        ordering = ["id"]

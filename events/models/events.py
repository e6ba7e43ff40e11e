from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.urls import reverse

from events.lib.taxonomy import (
    EVENT_TYPE_OF,
    SUB_EVENT_TYPES,
    EventType,
    SubEventType,
    disorder_type,
)

from .actors import Actor, ActorType
from .common import (
    DatePrecision,
    GeoPrecision,
    PublicationStatus,
    Reviewed,
    Stamped,
    Versioned,
    point_in_range_constraint,
    validate_lonlat,
)
from .places import Place
from .sources import CitationBase, Source


def _fatalities_constraints() -> list[models.CheckConstraint]:
    """Each count is unknown (NULL) or >= 0, and known counts are ordered low <= best <= high."""
    low, best, high = "fatalities_low", "fatalities_best", "fatalities_high"
    non_negative = Q()
    for field in (low, best, high):
        non_negative &= Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})
    ordered = []
    for lesser, greater in ((low, best), (best, high), (low, high)):
        ordered.append(
            models.CheckConstraint(
                condition=Q(**{f"{lesser}__isnull": True})
                | Q(**{f"{greater}__isnull": True})
                | Q(**{f"{lesser}__lte": F(greater)}),
                name=f"event_{lesser}_lte_{greater}",
                violation_error_message=f"{lesser} must not exceed {greater}.",
            )
        )
    return [
        models.CheckConstraint(
            condition=non_negative,
            name="event_fatalities_non_negative",
            violation_error_message="Fatalities cannot be negative.",
        ),
        *ordered,
    ]


def _taxonomy_constraint() -> models.CheckConstraint:
    pairs = Q()
    for event_type, subs in SUB_EVENT_TYPES.items():
        pairs |= Q(event_type=event_type, sub_event_type__in=subs)
    return models.CheckConstraint(
        condition=pairs,
        name="event_sub_type_of_type",
        violation_error_message="The sub-event type does not belong to the event type.",
    )


class Event(Reviewed, Stamped, Versioned):
    """One incident, coded the way ACLED and UCDP GED code theirs."""

    title = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(blank=True, help_text="Leave empty for a one-day event.")
    date_precision = models.PositiveSmallIntegerField(
        choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    event_type = models.CharField(max_length=20, choices=EventType.choices)
    sub_event_type = models.CharField(max_length=30, choices=SubEventType.choices)

    location = models.PointField(
        srid=4326,
        blank=True,
        validators=[validate_lonlat],
        help_text="Drawn on the map, or taken from the place when left empty.",
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    geo_precision = models.PositiveSmallIntegerField(
        choices=GeoPrecision.choices, default=GeoPrecision.EXACT
    )
    location_note = models.CharField(
        max_length=255, blank=True, help_text="How the point was found, e.g. ~75 km SE of Damascus."
    )

    # NULL means unknown, which is not zero.
    fatalities_low = models.IntegerField(null=True, blank=True)
    fatalities_best = models.IntegerField(null=True, blank=True)
    fatalities_high = models.IntegerField(null=True, blank=True)

    summary = models.TextField(help_text="In the editor's own words.")
    acled_id = models.CharField("ACLED event_id_cnty", max_length=30, blank=True)
    ucdp_id = models.BigIntegerField("UCDP GED id", null=True, blank=True)
    dataset_fields = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="An imported row's own codes and columns this model has no field for "
        "(UCDP where_prec/date_prec, ACLED admin2, tags…), kept for faithful exports.",
    )

    corrected_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Last change after publication."
    )
    correction_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Shown on the public page beside “updated on”: what was corrected and why.",
    )

    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events")
    sources = models.ManyToManyField(Source, through="Citation", related_name="events")

    class Meta:
        ordering = ["-start_date", "id"]
        permissions = [
            ("publish_event", "Can publish, return, withdraw, restore and revert events"),
            ("import_events", "Can import event files (ACLED, UCDP)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_end_after_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            *_fatalities_constraints(),
            _taxonomy_constraint(),
            models.CheckConstraint(
                condition=Q(geo_precision__in=GeoPrecision.values), name="event_geo_precision_valid"
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="event_date_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(publication__in=PublicationStatus.values),
                name="event_publication_valid",
            ),
            point_in_range_constraint("location", "event_location_in_range"),
            models.UniqueConstraint(
                fields=["acled_id"],
                condition=~Q(acled_id=""),
                name="event_unique_acled_id",
                violation_error_message="Another event already has this ACLED id.",
            ),
            models.UniqueConstraint(
                fields=["ucdp_id"],
                condition=Q(ucdp_id__isnull=False),
                name="event_unique_ucdp_id",
                violation_error_message="Another event already has this UCDP id.",
            ),
        ]
        indexes = [
            # The map's period filter: events overlapping [start, end].
            models.Index(fields=["start_date", "end_date"], name="event_period_idx"),
            # Public reads: published events only, by date; the last day the map shows.
            models.Index(fields=["publication", "start_date"], name="event_pub_date_idx"),
            models.Index(fields=["publication", "end_date"], name="event_pub_end_idx"),
            # The timeline of one event type, read from the index alone.
            models.Index(
                fields=["publication", "event_type", "start_date"], name="event_pub_type_date_idx"
            ),
            # ... and of a minimum of fatalities: day by day from the index alone, with no
            # sort (1.7 s → 60 ms on SQLite at a million events).
            models.Index(
                fields=["publication", "start_date", "fatalities_best"],
                name="event_pub_date_deaths_idx",
            ),
            # Mirrors syncing: ?updated_since= on the published events.
            models.Index(fields=["publication", "updated_at"], name="event_pub_updated_idx"),
            # The type filter.
            models.Index(fields=["event_type", "sub_event_type"], name="event_type_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("event-detail", args=[self.pk])

    @property
    def disorder_type(self) -> str:
        return disorder_type(self.sub_event_type)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date cannot be before the start date."
        self._validate_taxonomy(errors)
        self._validate_fatalities(errors)
        if self.location is None:
            if self.place_id:
                self.location = self.place.location
            else:
                errors["location"] = "Put the event on the map, or pick a place."
        errors.update(self.publication_errors("This event"))
        if errors:
            raise ValidationError(errors)

    def _validate_taxonomy(self, errors: dict[str, str]) -> None:
        # An unknown type is the field's own error (its choices): nothing to compare here.
        if self.sub_event_type and self.event_type in EventType.values:
            expected = EVENT_TYPE_OF.get(self.sub_event_type)
            if expected and expected != self.event_type:
                errors["sub_event_type"] = (
                    f"“{SubEventType(self.sub_event_type).label}” is a sub-event type of "
                    f"“{EventType(expected).label}”, not of “{EventType(self.event_type).label}”."
                )

    def _validate_fatalities(self, errors: dict[str, str]) -> None:
        counts = {
            "fatalities_low": self.fatalities_low,
            "fatalities_best": self.fatalities_best,
            "fatalities_high": self.fatalities_high,
        }
        for field, value in counts.items():
            if value is not None and value < 0:
                errors[field] = "Fatalities cannot be negative; leave empty when unknown."
        if errors:
            return
        low, best, high = counts.values()
        if low is not None and best is not None and low > best:
            errors["fatalities_low"] = "The low estimate cannot exceed the best estimate."
        if best is not None and high is not None and best > high:
            errors["fatalities_high"] = "The high estimate cannot be below the best estimate."
        if low is not None and high is not None and low > high and "fatalities_low" not in errors:
            errors["fatalities_low"] = "The low estimate cannot exceed the high estimate."


class ActorRole(models.TextChoices):
    SIDE_A = "side_a", "Side A"
    SIDE_B = "side_b", "Side B"
    ASSOCIATED_A = "assoc_a", "Associated with side A"
    ASSOCIATED_B = "assoc_b", "Associated with side B"


class EventActor(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_actors")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(max_length=10, choices=ActorRole.choices)
    # ACLED codes inter1/inter2 per event: one group is a "Rebel group" in one country's events
    # and "External/Other forces" in another's. Empty: the actor's own type applies.
    inter = models.PositiveSmallIntegerField(
        "inter code in this event",
        choices=ActorType.choices,
        null=True,
        blank=True,
        help_text="ACLED's inter code as the dataset gave it for this event; empty: the "
        "actor's own type.",
    )

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            # One actor may hold two roles in one event (an intra-group clash, a mutiny
            # against its own army): once per role.
            models.UniqueConstraint(
                fields=["event", "actor", "role"],
                name="event_actor_role_once",
                violation_error_message="This actor already has this role in the event.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=ActorRole.values), name="event_actor_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(inter__isnull=True) | Q(inter__gte=1, inter__lte=8),
                name="event_actor_inter_acled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class Citation(CitationBase):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        ordering = ["id"]

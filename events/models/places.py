from django.contrib.gis.db import models
from django.core.validators import RegexValidator
from django.db.models import Q

from .common import GeoPrecision, Versioned, point_in_range_constraint, validate_lonlat

country_code_validator = RegexValidator(r"^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code such as SY.")


class PlaceKind(models.TextChoices):
    CITY = "city", "City or town"
    VILLAGE = "village", "Village"
    MILITARY_BASE = "base", "Military base"
    AIRPORT = "airport", "Airport or airbase"
    HILL = "hill", "Hill or mountain"
    BORDER_CROSSING = "crossing", "Border crossing"
    BORDER_POINT = "border_point", "Border point"
    CAMP = "camp", "Camp"
    WELL = "well", "Well or water point"
    REGION = "region", "Region or area"
    OTHER = "other", "Other"


class Place(Versioned):
    """A gazetteer entry: a named point events can refer to."""

    name = models.CharField(max_length=200)
    alternate_names = models.JSONField(
        default=list,
        blank=True,
        help_text="Transliterations and Arabic-script names, one per line.",
    )
    location = models.PointField(srid=4326, validators=[validate_lonlat])
    kind = models.CharField(max_length=20, choices=PlaceKind.choices, default=PlaceKind.CITY)
    country_code = models.CharField(
        max_length=2,
        blank=True,
        validators=[country_code_validator],
        help_text="ISO 3166-1 alpha-2",
    )
    admin1 = models.CharField("first-level division", max_length=120, blank=True)
    geonames_id = models.PositiveIntegerField("GeoNames id", null=True, blank=True)
    population = models.PositiveIntegerField(
        null=True, blank=True, help_text="From GeoNames; ranks places that share a name."
    )
    geo_precision = models.PositiveSmallIntegerField(
        choices=GeoPrecision.choices,
        default=GeoPrecision.EXACT,
        help_text="How closely the point marks the place: 2 for a point derived from a "
        "reported distance, 3 for a region's centre.",
    )
    coordinate_source = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where the coordinates come from: GeoNames, a report, a derivation.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            point_in_range_constraint("location", "place_location_in_range"),
            models.CheckConstraint(
                condition=Q(geo_precision__in=GeoPrecision.values), name="place_geo_precision_valid"
            ),
            models.UniqueConstraint(
                fields=["geonames_id"],
                condition=Q(geonames_id__isnull=False),
                name="place_unique_geonames_id",
                violation_error_message="Another place already has this GeoNames id.",
            ),
        ]
        indexes = [
            # The gazetteer's exact-name lookup (admin search, geocoding).
            models.Index(fields=["name"], name="place_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_code})" if self.country_code else self.name

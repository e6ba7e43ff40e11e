"""EventValues: an event's own values, mapped to the model's fields in one place.

Three writers build events without a form: the importer (by the thousand), the synthetic data
and the demo. Each used to spell out the twenty fields itself; they now fill an EventValues
and take the fields from it, so a new field of Event is added here once (and a test fails until
it is: tests/models/test_event_values.py).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django.contrib.gis.geos import Point

from .common import DatePrecision, GeoPrecision, PublicationStatus


@dataclass(frozen=True, kw_only=True)
class EventValues:
    """What an event says (not its actors, citations or workflow stamps). The point is given
    as longitude and latitude so that bulk writers need no GEOS point per row."""

    title: str
    start_date: date
    end_date: date
    event_type: str
    sub_event_type: str
    longitude: float
    latitude: float
    publication: str = PublicationStatus.DRAFT
    date_precision: int = DatePrecision.DAY
    geo_precision: int = GeoPrecision.EXACT
    place_id: int | None = None
    location_note: str = ""
    fatalities: tuple[int | None, int | None, int | None] = (None, None, None)
    summary: str = ""
    acled_id: str = ""
    ucdp_id: int | None = None
    dataset_fields: dict[str, Any] = field(default_factory=dict)

    # The Event fields these values fill, all but `location` (see point()).
    FIELDS: ClassVar[tuple[str, ...]] = (
        "title",
        "start_date",
        "end_date",
        "date_precision",
        "event_type",
        "sub_event_type",
        "place_id",
        "geo_precision",
        "location_note",
        "fatalities_low",
        "fatalities_best",
        "fatalities_high",
        "summary",
        "publication",
        "acled_id",
        "ucdp_id",
        "dataset_fields",
    )

    def fields(self) -> dict[str, Any]:
        """FIELDS by name."""
        low, best, high = self.fatalities
        counts = {"fatalities_low": low, "fatalities_best": best, "fatalities_high": high}
        return {
            name: counts[name] if name in counts else getattr(self, name) for name in self.FIELDS
        }

    def point(self) -> Point:
        return Point(self.longitude, self.latitude, srid=4326)

    def ewkt(self) -> str:
        """The point as EWKT, exactly (repr keeps every digit of the float)."""
        return f"SRID=4326;POINT({self.longitude!r} {self.latitude!r})"

    def model_fields(self) -> dict[str, Any]:
        """Every field, the point as a GEOS Point: for Event(**…) and update_or_create."""
        return {**self.fields(), "location": self.point()}

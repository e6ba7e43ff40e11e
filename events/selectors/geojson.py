"""GeoJSON built by the database: the pieces the events', zones' and places' reads share."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import (
    Case,
    CharField,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import JSONObject, NullIf

from events.lib.sql import (
    AsJSON,
    ForcePolygonCCW,
    JSONGroupArray,
    as_text,
    json_array_or_empty,
)
from events.models import (
    Citation,
    PublicationStatus,
    ZoneCitation,
)

PUBLISHED = PublicationStatus.PUBLISHED


COORDINATE_DECIMALS = 6  # ~0.1 m: more than any conflict report's precision


# Polygons are not rounded: a vertex moved by rounding can make a valid ring cross itself.
POLYGON_DECIMALS = 15


def choice_label(field: str, choices: Iterable[tuple[Any, Any]]) -> Case:
    """A choice's label, computed by the database."""
    return Case(
        *[When(**{field: value}, then=Value(str(label))) for value, label in choices],
        default=Value(""),
        output_field=CharField(),
    )


def citations_json(model: type[Citation] | type[ZoneCitation], owner: str) -> AsJSON:
    return json_array_or_empty(
        Subquery(
            model.objects.filter(**{owner: OuterRef("pk")})
            .order_by()
            .values(owner)
            .annotate(
                items=JSONGroupArray(
                    JSONObject(
                        publisher=NullIf(F("source__publisher"), Value("")),
                        title=F("source__title"),
                        url=NullIf(F("source__url"), Value("")),
                        published_on=F("source__published_on"),
                        reliability=NullIf(F("source__reliability"), Value("")),
                        quote=F("quote"),
                        locator=NullIf(F("locator"), Value("")),
                    )
                )
            )
            .values("items")
        )
    )


def geometry_json(field: str) -> AsJSON:
    return AsJSON(AsGeoJSON(field, precision=COORDINATE_DECIMALS))


def polygons_json(field: str) -> AsJSON:
    """Outer rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6), unrounded."""
    return AsJSON(AsGeoJSON(ForcePolygonCCW(field), precision=POLYGON_DECIMALS))


def features(
    rows: QuerySet[Any], *, geometry: AsJSON, properties: JSONObject, chunk: int
) -> Iterator[str]:
    """Each row as a GeoJSON Feature, serialised by the database, streamed in chunks."""
    texts = rows.annotate(
        feature=as_text(
            JSONObject(
                type=Value("Feature"),
                id=F("id"),
                geometry=geometry,
                properties=properties,
            )
        )
    ).values_list("feature", flat=True)
    streamed: Iterator[str] = texts.iterator(chunk_size=chunk)  # the values are text
    return streamed


def feature_collection(features: Iterator[str], **members: str) -> Iterator[str]:
    """A FeatureCollection's text, piece by piece, from features that are already JSON."""
    head = "".join(f'"{name}": {value}, ' for name, value in members.items())
    yield '{"type": "FeatureCollection", ' + head + '"features": ['
    for index, feature in enumerate(features):
        yield ("," if index else "") + feature
    yield "]}"

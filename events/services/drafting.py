"""Drafts from a report: the proposals of events.drafting, checked for likely duplicates, and
the ones an editor accepts written as draft events citing the report. Nothing is published
here, and no actor is created: actors the database does not know are named in the draft's
summary for the editor to add."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import reversion
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import transaction

from events.drafting import propose_events
from events.drafting.dates import DAY, MONTH, WEEK, YEAR
from events.lib.taxonomy import SubEventType
from events.models import Actor, Citation, DatePrecision, Event, EventActor, Source
from events.models.events import ActorRole
from events.selectors.events import events_like

PRECISIONS = {
    DAY: DatePrecision.DAY,
    WEEK: DatePrecision.WEEK,
    MONTH: DatePrecision.MONTH,
    YEAR: DatePrecision.YEAR,
}
QUOTE_MAX = 300  # a citation quotes a sentence, not the article


def draft_report(text: str, *, published_on: date) -> dict[str, Any]:
    """{"proposals": [...]}, each with the events it may duplicate."""
    proposals = propose_events(text, published_on=published_on)
    for proposal in proposals:
        proposal["duplicates"] = _duplicates(proposal)
    return {"published_on": published_on.isoformat(), "proposals": proposals}


def _duplicates(proposal: dict[str, Any]) -> list[dict[str, Any]]:
    if proposal["lat"] is None:
        return []
    similar = events_like(
        lat=proposal["lat"],
        lon=proposal["lon"],
        start=date.fromisoformat(proposal["date_start"]),
        end=date.fromisoformat(proposal["date_end"]),
        event_type=proposal["event_type"],
    )
    return [{"id": e.pk, "title": e.title, "start_date": e.start_date.isoformat()} for e in similar]


@dataclass
class Accepted:
    events: list[Event] = field(default_factory=list)
    problems: dict[int, dict[str, list[str]]] = field(default_factory=dict)  # proposal -> field


def accept_proposals(
    proposals: list[dict[str, Any]],
    *,
    text: str,
    published_on: date,
    publisher: str,
    title: str,
    url: str = "",
    user: User | None,
) -> Accepted:
    """Each accepted proposal as a draft event citing the report, all or none: a proposal an
    event cannot be made of (no place, a date after the report) is returned by its number with
    the field at fault, and nothing is written."""
    result = Accepted()
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Drafted from the report “{title}”")
        source = Source.objects.create(
            publisher=publisher[:200], title=title[:500], url=url[:1000], published_on=published_on
        )
        for number, proposal in enumerate(proposals):
            try:
                result.events.append(_draft(proposal, source, user))
            except ValidationError as error:
                result.problems[number] = error.message_dict
        if result.problems:
            transaction.set_rollback(True)
            result.events = []
    return result


def _draft(proposal: dict[str, Any], source: Source, user: User | None) -> Event:
    if not isinstance(proposal, dict):
        raise ValidationError({"__all__": "Not a proposal."})
    if proposal.get("lat") is None or proposal.get("lon") is None:
        raise ValidationError({"location": "No place: pick one, or give the point."})
    try:
        start = date.fromisoformat(str(proposal["date_start"]))
        end = date.fromisoformat(str(proposal["date_end"]))
    except (KeyError, TypeError, ValueError):
        raise ValidationError({"start_date": "Give the dates as YYYY-MM-DD."}) from None
    try:
        lat, lon = float(proposal["lat"]), float(proposal["lon"])
    except (TypeError, ValueError):
        raise ValidationError({"location": "Latitude and longitude are numbers."}) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also false for NaN
        raise ValidationError({"location": "Latitude -90..90 and longitude -180..180."})
    precision = proposal.get("date_precision")
    if not isinstance(precision, str) or precision not in PRECISIONS:
        raise ValidationError({"date_precision": "One of day, week, month, year."})
    given = proposal.get("fatalities")
    fatalities: dict[str, Any] = given if isinstance(given, dict) else {}
    for bound in ("low", "best", "high"):
        value = fatalities.get(bound)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValidationError(
                {f"fatalities_{bound}": f"{str(value)[:20]!r} is not a whole number (0–9)."}
            )
    for name in ("event_type", "sub_event_type", "location_note", "location_text", "quote"):
        if proposal.get(name) is not None and not isinstance(proposal.get(name), str):
            raise ValidationError({name: "Not text."})
    place = proposal.get("place_id")
    if place is not None and (isinstance(place, bool) or not isinstance(place, int)):
        raise ValidationError({"place": "Not a place id."})
    known = {a.pk: a for a in Actor.objects.filter(pk__in=_actor_ids(proposal))}
    event = Event(
        title=_title(proposal)[:200],
        start_date=start,
        end_date=end,
        date_precision=PRECISIONS[proposal["date_precision"]],
        event_type=proposal.get("event_type", ""),
        sub_event_type=proposal.get("sub_event_type", ""),
        location=Point(lon, lat, srid=4326),
        place_id=proposal.get("place_id"),
        geo_precision=proposal.get("geo_precision") or 2,
        location_note=(proposal.get("location_note") or proposal.get("location_text") or "")[:255],
        fatalities_low=fatalities.get("low"),
        fatalities_best=fatalities.get("best"),
        fatalities_high=fatalities.get("high"),
        summary=_summary(proposal, known),
        created_by=user,
        updated_by=user,
    )
    event.full_clean(exclude=["publication"])
    if end > (source.published_on or end):
        raise ValidationError(
            {"end_date": "After the report's publication: a report tells the past."}
        )
    event.save()
    for actor_id, role in _roles(proposal, known):
        EventActor.objects.create(event=event, actor_id=actor_id, role=role)
    Citation.objects.create(
        event=event,
        source=source,
        quote=_short(proposal.get("quote", "")),
        locator=_where(proposal),
    )
    return event


def _actors(proposal: dict[str, Any]) -> list[dict[str, Any]]:
    actors = proposal.get("actors")
    return [a for a in actors if isinstance(a, dict)] if isinstance(actors, list) else []


def _actor_ids(proposal: dict[str, Any]) -> list[int]:
    return [a["actor_id"] for a in _actors(proposal) if isinstance(a.get("actor_id"), int)]


def _roles(proposal: dict[str, Any], known: dict[int, Actor]) -> list[tuple[int, str]]:
    seen, roles = set(), []
    for actor in _actors(proposal):
        actor_id, role = actor.get("actor_id"), actor.get("role")
        if actor_id in known and actor_id not in seen and role in ActorRole.values:
            seen.add(actor_id)
            roles.append((actor_id, role))
    return roles


def _title(proposal: dict[str, Any]) -> str:
    kind = (
        SubEventType(proposal["sub_event_type"]).label
        if proposal.get("sub_event_type") in SubEventType.values
        else "Event"
    )
    where = proposal.get("place") or proposal.get("location_text") or "unplaced"
    return f"{kind} at {where} (drafted from a report)"


def _summary(proposal: dict[str, Any], known: dict[int, Actor]) -> str:
    """A draft's summary says what the report was read as; the editor writes the final one."""
    names = [
        known[a["actor_id"]].name if a.get("actor_id") in known else str(a.get("name", "?"))
        for a in _actors(proposal)
    ]
    unknown = [str(a.get("name", "?")) for a in _actors(proposal) if a.get("actor_id") not in known]
    kind = f"{proposal.get('event_type')} / {proposal.get('sub_event_type')}"
    lines = [
        f"Drafted from a report: {kind} (evidence: “{proposal.get('evidence', '')}”), actors: "
        f"{', '.join(names) or 'none named'}. Rewrite this summary in your own words."
    ]
    if unknown:
        lines.append(f"Named in the report, not in the database: {', '.join(unknown)}.")
    return "\n".join(lines)


def _short(quote: str) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= QUOTE_MAX else quote[: QUOTE_MAX - 1].rstrip() + "…"


def _where(proposal: dict[str, Any]) -> str:
    return f"characters {proposal.get('start')}–{proposal.get('end')}"[:100]

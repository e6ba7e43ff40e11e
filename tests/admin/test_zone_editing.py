"""Editing zones: a successor ("redraw from here") ends its predecessor the day before it starts,
in one transaction; zones of different controllers claiming the same ground on the same day,
neither contested, are a warning in the admin and an error when publishing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from reversion.models import Version

from events.lib.geodesy import geodesic_area_km2
from events.models import ControlZone, PublicationStatus, ZoneCitation
from events.selectors.territory import zone_conflicts
from events.services.workflow import transition
from events.services.zones import redraw_from
from tests.factories import make_actor, make_source, make_zone, square

pytestmark = pytest.mark.django_db

JUNE_20 = dt.date(2017, 6, 20)


def cited_zone(**fields) -> ControlZone:
    fields.setdefault("actor", make_actor("Holder"))
    zone = make_zone(valid_from=dt.date(2017, 4, 1), valid_to=None, **fields)
    ZoneCitation.objects.create(zone=zone, source=make_source(), quote="holding the desert")
    return zone


def test_a_successor_starts_with_the_same_ground_and_sources_and_ends_its_predecessor(reviewer):
    old = cited_zone(note="As reported in April.")
    new = redraw_from(old, day=JUNE_20, user=reviewer, geometry=square(38.0, 33.0, 0.6))
    old.refresh_from_db()
    assert old.valid_to == dt.date(2017, 6, 19)
    assert (new.predecessor, new.valid_from, new.valid_to) == (old, JUNE_20, None)
    assert (new.actor, new.status, new.note) == (old.actor, old.status, old.note)
    assert new.publication == PublicationStatus.DRAFT
    assert [c.quote for c in new.citations.all()] == ["holding the desert"]
    # One revision holds both: the history of each shows the other's change beside it.
    [revision] = {v.revision for v in Version.objects.get_for_object(new)}
    zones = revision.version_set.filter(content_type__model="controlzone")
    assert {v.object_id for v in zones} == {str(old.pk), str(new.pk)}
    assert revision.user == reviewer


def test_a_refused_successor_leaves_its_predecessor_untouched(contributor, reviewer):
    old = cited_zone()
    # A contributor may not end a published zone: refused after the successor's own checks.
    with pytest.raises(PermissionDenied):
        redraw_from(old, day=JUNE_20, user=contributor)
    old.refresh_from_db()
    assert old.valid_to is None
    assert ControlZone.objects.count() == 1
    with pytest.raises(ValidationError) as refusal:
        redraw_from(old, day=dt.date(2017, 4, 1), user=reviewer)
    assert "valid_from" in refusal.value.message_dict
    assert ControlZone.objects.count() == 1 and old.citations.count() == 1


def test_a_successor_after_a_gap_is_refused_naming_valid_from(reviewer):
    old = cited_zone()
    old.valid_to = dt.date(2017, 5, 31)
    old.save()
    with pytest.raises(ValidationError) as refusal:
        redraw_from(old, day=JUNE_20, user=reviewer)
    assert "ended on 2017-05-31" in refusal.value.message_dict["valid_from"][0]


def test_redraw_from_here_in_the_admin_prefills_the_successor_and_saving_ends_the_old(
    client, reviewer
):
    old = cited_zone(geometry=square(38.0, 33.0, 0.5))
    client.force_login(reviewer)
    change = client.get(reverse("admin:events_controlzone_change", args=[old.pk]))
    assert b'id="redraw-button"' in change.content
    add = reverse("admin:events_controlzone_add")
    form = client.get(add, {"predecessor": old.pk, "valid_from": "2017-06-20"})
    initial = form.context["adminform"].form.initial
    assert initial["predecessor"] == old.pk and initial["actor"] == old.actor_id
    assert initial["valid_from"] == JUNE_20
    assert initial["geometry"].equals(old.geometry)
    response = client.post(
        add,
        {
            "actor": old.actor_id,
            "geometry": square(38.0, 33.0, 0.7).geojson,
            "valid_from": "2017-06-20",
            "valid_to": "",
            "status": "controlled",
            "confidence": "2",
            "note": "",
            "predecessor": old.pk,
            "assignee": "",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    old.refresh_from_db()
    new = ControlZone.objects.get(predecessor=old)
    assert old.valid_to == dt.date(2017, 6, 19)
    assert new.citations.get().quote == "holding the desert"
    page = client.get(reverse("admin:events_controlzone_change", args=[new.pk])).content.decode()
    assert f'href="/admin/events/controlzone/{old.pk}/change/" class="zone-before"' in page
    history = client.get(reverse("admin:events_controlzone_history", args=[old.pk]))
    assert b"2017-06-19" in history.content


def test_a_contributor_cannot_end_a_published_zone_through_the_form(client, contributor):
    old = cited_zone()
    client.force_login(contributor)
    response = client.post(
        reverse("admin:events_controlzone_add"),
        {
            "actor": old.actor_id,
            "geometry": old.geometry.geojson,
            "valid_from": "2017-06-20",
            "status": "controlled",
            "confidence": "2",
            "predecessor": old.pk,
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "reviewer" in response.context["adminform"].form.errors["predecessor"][0]
    old.refresh_from_db()
    assert old.valid_to is None and ControlZone.objects.count() == 1


def test_the_public_zone_says_what_it_redraws_once_that_is_published(client, reviewer):
    old = cited_zone()
    new = redraw_from(old, day=JUNE_20, user=reviewer)
    ControlZone.objects.filter(pk=new.pk).update(publication=PublicationStatus.PUBLISHED)
    [feature] = client.get(reverse("api-zones"), {"date": "2017-06-21"}).json()["features"]
    assert (feature["properties"]["previous_from"], feature["properties"]["previous_to"]) == (
        "2017-04-01",
        "2017-06-19",
    )
    ControlZone.objects.filter(pk=old.pk).update(publication=PublicationStatus.DRAFT)
    # (.update() does not move the data version: another date is another cached answer.)
    fresh = client.get(reverse("api-zones"), {"date": "2017-06-22"}).json()["features"]
    assert fresh[0]["properties"]["previous_from"] is None


def test_overlapping_controllers_are_listed_with_the_area_they_share():
    west = make_zone(make_actor("West"), geometry=square(38.0, 33.0, 0.5), valid_to=None)
    # East's square overlaps West's by a 0.1° strip.
    east = make_zone(make_actor("East"), geometry=square(38.4, 33.0, 0.5), valid_to=None)
    touching = make_zone(make_actor("North"), geometry=square(38.0, 33.5, 0.5), valid_to=None)
    contested = make_zone(
        make_actor("Contested"), geometry=square(38.2, 33.1, 0.2), valid_to=None, status="contested"
    )
    later = make_zone(
        make_actor("Later"),
        geometry=square(38.1, 33.1, 0.2),
        valid_from=dt.date(2018, 1, 1),
        valid_to=None,
    )
    [conflict] = [c for c in zone_conflicts(west) if c.other != later]
    strip = square(38.4, 33.0, 0.5).intersection(square(38.0, 33.0, 0.5))
    assert conflict.other == east
    assert conflict.area_km2 == pytest.approx(geodesic_area_km2(strip), abs=0.05)
    assert conflict.first_day == west.valid_from and conflict.last_day is None
    assert zone_conflicts(touching) == [] and zone_conflicts(contested) == []
    [with_later] = [c for c in zone_conflicts(west) if c.other == later]
    assert with_later.first_day == dt.date(2018, 1, 1)


def test_publishing_an_overlap_is_refused_and_the_admin_warns_of_it(client, reviewer, editor):
    make_zone(make_actor("West"), geometry=square(38.0, 33.0, 0.5), valid_to=None)
    draft = cited_zone(
        actor=make_actor("East"),
        geometry=square(38.4, 33.0, 0.5),
        publication=PublicationStatus.DRAFT,
    )
    with pytest.raises(ValidationError) as refusal:
        transition(draft, step="publish", user=None)
    assert "overlaps published zones of other controllers" in refusal.value.messages[0]
    assert "km²" in refusal.value.messages[0]
    draft.refresh_from_db()
    assert draft.publication == PublicationStatus.DRAFT
    client.force_login(reviewer)
    page = client.get(reverse("admin:events_controlzone_change", args=[draft.pk]))
    warning = page.content.decode()
    assert 'id="zone-conflicts"' in warning and "West" in warning

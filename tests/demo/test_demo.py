"""The Badia 2017 demo: loads twice to the same state, cites its source, changes over time."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from geopy.distance import geodesic

from events.demo.loading import load_demo
from events.models import (
    Actor,
    Citation,
    ControlZone,
    Event,
    EventActor,
    Place,
    Source,
    ZoneCitation,
)
from events.selectors.zones import zone_list_public
from tests import demo_rows
from tests.factories import make_actor, make_event

pytestmark = pytest.mark.django_db

ALL_MODELS = [Actor, Citation, ControlZone, Event, EventActor, Place, Source, ZoneCitation]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def test_load_demo_twice_gives_the_same_counts(capsys):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert first["Event"] == 7 and first["ControlZone"] == 10 and first["Source"] == 1
    assert "Demo scenario loaded: 13 places, 10 actors, 7 events" in capsys.readouterr().out


def canonical(state: dict[demo_rows.Table, dict]) -> dict[str, list[tuple]]:
    """Each table's rows, keys renumbered in their order (PostgreSQL's sequences go on after a
    rollback, so a second load has other keys), the moments rows were written left out."""
    ranks = {
        table.name: {pk: n for n, pk in enumerate(sorted(rows))} for table, rows in state.items()
    }

    def cell(table: demo_rows.Table, row: tuple, i: int):
        links = dict(table.links)
        generic = {key: kind for kind, key in table.generic}
        value = row[i]
        if i in table.moments:
            return None
        if table.columns[i] == table.key:
            return ranks[table.name][value]
        if i in links and value is not None:
            return ranks[links[i]].get(value, value)
        if i in generic and value is not None:  # a key into the table its content type names
            kind = ContentType.objects.get(pk=row[generic[i]])  # not the cache: keys may move
            return ranks[kind.model_class()._meta.db_table].get(value, value)
        return value

    def cells(table: demo_rows.Table, row: tuple) -> tuple:
        mapped = tuple(cell(table, row, i) for i in range(len(row)))
        if table.pairs:  # the pair, without the key that numbers it
            return tuple(v for i, v in enumerate(mapped) if table.columns[i] != table.key)
        return mapped

    return {
        table.name: sorted(cells(table, row) for row in rows.values())
        if table.pairs
        else [cells(table, row) for _, row in sorted(rows.items())]
        for table, rows in state.items()
    }


def test_the_suites_demo_fixture_writes_the_rows_load_demo_writes():
    every = demo_rows.tables()
    with transaction.atomic():
        restored = demo_rows.load(load_demo)
        written_back = canonical({table: table.rows() for table in every})
        transaction.set_rollback(True)
    assert restored == load_demo()
    loaded = canonical({table: table.rows() for table in every})
    assert written_back == loaded
    assert len(loaded["events_event"]) == 7 and len(loaded["events_controlzone"]) == 10


def test_a_test_that_wrote_before_asking_for_the_demo_gets_it_beside_its_own_rows():
    loads = []

    def counted() -> dict:
        loads.append(1)
        return load_demo()

    with transaction.atomic():
        demo_rows.load(counted)  # recorded now, unless earlier in this process
        transaction.set_rollback(True)
    recorded = len(loads)
    mine = make_actor("Recorded before the demo")
    demo_rows.load(counted)
    assert len(loads) == recorded + 1  # the rows no longer apply: recorded again, from here
    assert Actor.objects.filter(pk=mine.pk).exists()
    assert Event.objects.count() == 7 and Actor.objects.count() == 11


def test_demo_events_are_published_and_each_cites_the_article(demo):
    article = Source.objects.get()
    assert article.published_on == dt.date(2017, 6, 21)
    assert article.publisher == ""  # unknown, not guessed
    for event in Event.objects.all():
        assert event.publication == "published"
        assert event.citations.filter(source=article).exists(), event.title
        assert all(len(c.quote) <= 200 for c in event.citations.all())


def test_bir_qassab_is_75_km_southeast_of_damascus_with_precision_two(demo):
    damascus = Place.objects.get(name="Damascus").location
    bir_qassab = Place.objects.get(name="Bir Qassab").location
    expected = geodesic(kilometers=75).destination((damascus.y, damascus.x), bearing=135)
    assert geodesic((bir_qassab.y, bir_qassab.x), (expected.latitude, expected.longitude)).m < 1
    assert geodesic((damascus.y, damascus.x), (bir_qassab.y, bir_qassab.x)).km == pytest.approx(
        75, abs=0.01
    )
    assert (round(bir_qassab.y, 3), round(bir_qassab.x, 3)) == (33.031, 36.859)
    battle = Event.objects.get(sub_event_type="armed_clash")
    assert battle.geo_precision == 2
    assert "75 km SE of Damascus" in battle.location_note
    assert "geodesic" in battle.location_note


def test_bir_qassab_battle_has_both_sides(demo):
    battle = Event.objects.get(start_date=dt.date(2017, 6, 20), sub_event_type="armed_clash")
    roles = {ea.actor.name: ea.role for ea in battle.event_actors.select_related("actor")}
    assert roles["Military Forces of Syria (2000-)"] == "side_a"
    assert roles["Iranian-backed militias"] == "assoc_a"
    assert roles["Osoud al-Sharqiya"] == "side_b"
    assert roles["Ahmed Abdo Martyrs Brigade"] == "assoc_b"
    assert battle.fatalities_best is None  # not reported: unknown, not zero


def test_actor_hierarchy_and_backers(demo):
    osoud = Actor.objects.get(name="Osoud al-Sharqiya")
    assert osoud.parent.name == "Free Syrian Army"
    militias = Actor.objects.get(name="Iranian-backed militias")
    assert [a.name for a in militias.backed_by.all()] == ["Military Forces of Iran (1989-)"]


def controllers_on(day: dt.date) -> set[tuple[str, str]]:
    return {(z.actor.label, z.status) for z in zone_list_public(day=day)}


def test_zones_change_between_1_may_1_june_and_21_june(demo):
    may, june, late_june = (
        controllers_on(dt.date(2017, m, d)) for m, d in ((5, 1), (6, 1), (6, 21))
    )
    assert may == {
        ("Syrian government forces", "controlled"),
        ("Osoud al-Sharqiya", "controlled"),
        ("US-led coalition", "controlled"),
        ("IS", "controlled"),
    }
    assert june == may | {("Iran-backed militias", "controlled")}
    assert late_june == june | {("Osoud al-Sharqiya", "contested")}


def test_tal_dakwa_changes_hands_on_8_june(demo):
    tal_dakwa = Place.objects.get(name="Tal Dakwa").location

    def holder(day):
        return [z.actor.label for z in zone_list_public(day=day) if z.geometry.contains(tal_dakwa)]

    assert holder(dt.date(2017, 6, 7)) == ["Osoud al-Sharqiya"]
    assert holder(dt.date(2017, 6, 8)) == ["Syrian government forces"]


def test_al_tanf_zone_is_a_55_km_geodesic_circle(demo):
    garrison = Place.objects.get(name="al-Tanf garrison").location
    zone = ControlZone.objects.get(actor__short_name="US-led coalition")
    ring = zone.geometry[0].exterior_ring
    distances = [geodesic((garrison.y, garrison.x), (lat, lon)).km for lon, lat in ring.coords]
    assert min(distances) == pytest.approx(55, abs=0.01)
    assert max(distances) == pytest.approx(55, abs=0.01)


def test_hand_drawn_zones_say_they_are_approximate(demo):
    for zone in ControlZone.objects.exclude(actor__short_name="US-led coalition"):
        assert "approximation" in zone.note
        assert zone.get_confidence_display().startswith("Low")
        assert zone.citations.exists()


def run_setup(times: int) -> None:
    """What `make run` does before serving (make demo: the gazetteer, then the demo)."""
    for _ in range(times):
        call_command("load_gazetteer", "--countries", "JO")
        call_command("load_demo")


def test_setup_run_twice_keeps_an_editors_changes_and_creates_nothing(capsys):
    run_setup(1)
    tal_dakwa = Event.objects.get(title="Government forces capture the Tal Dakwa heights")
    tal_dakwa.title = "Government forces take Tal Dakwa"
    tal_dakwa.summary = "Corrected by an editor."
    tal_dakwa.fatalities_best = 3
    tal_dakwa.publication = "draft"
    tal_dakwa.save()
    zone = ControlZone.objects.order_by("pk").first()
    zone.note = "Redrawn by an editor."
    zone.save()
    bir_qassab = Place.objects.get(name="Bir Qassab")
    bir_qassab.name = "Bir al-Qasab"
    bir_qassab.save()
    before = counts()
    capsys.readouterr()

    run_setup(2)

    assert counts() == before
    tal_dakwa.refresh_from_db()
    t = tal_dakwa
    assert (t.title, t.summary, t.fatalities_best, t.publication) == (
        "Government forces take Tal Dakwa",
        "Corrected by an editor.",
        3,
        "draft",
    )
    assert not Event.objects.filter(title__contains="capture the Tal Dakwa").exists()
    zone.refresh_from_db()
    assert zone.note == "Redrawn by an editor."
    assert Place.objects.get(pk=bir_qassab.pk).name == "Bir al-Qasab"
    assert not Place.objects.filter(name="Bir Qassab").exists()
    assert "Demo not loaded: The demo is loaded already" in capsys.readouterr().out


def test_the_demo_never_loads_into_a_database_that_holds_other_data(capsys):
    make_event(title="Someone's own event")
    call_command("load_demo")
    assert list(Event.objects.values_list("title", flat=True)) == ["Someone's own event"]
    assert "the demo loads into an empty database only" in capsys.readouterr().out


def test_reset_puts_the_demo_records_back_by_key_and_leaves_others_alone():
    call_command("load_demo")
    tal_dakwa = Event.objects.get(title="Government forces capture the Tal Dakwa heights")
    Event.objects.filter(pk=tal_dakwa.pk).update(title="Renamed", summary="Edited")
    own = make_event(title="Someone's own event")
    call_command("load_demo", "--reset")
    tal_dakwa.refresh_from_db()
    assert tal_dakwa.title == "Government forces capture the Tal Dakwa heights"
    assert tal_dakwa.summary.startswith("Backed by Russian and government air strikes")
    assert Event.objects.count() == 8 and Event.objects.filter(pk=own.pk).exists()

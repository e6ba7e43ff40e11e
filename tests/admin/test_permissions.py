"""Who may do what in the admin: every role × every admin page and action, GET and POST with
CSRF checks on, judged by what the database holds afterwards, not by status codes alone."""

import copy
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events.models import Actor, ControlZone, Event, Place, Source, ZoneCitation
from events.services.imports.events import import_events
from events.services.workflow import transition
from tests.admin.test_admin import event_form
from tests.admin_forms import change_form
from tests.csv_files import with_first_row
from tests.databases import shared_records
from tests.factories import make_actor, make_event, make_source, make_zone, member_of, square
from tests.imports import finished

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[1] / "data"
ROLES = ["anonymous", "reader", "contributor", "reviewer", "data_manager", "admin"]
EDITORS = {"contributor", "reviewer", "data_manager", "admin"}
REVIEWERS = {"reviewer", "data_manager", "admin"}
MANAGERS = {"data_manager", "admin"}


@dataclass
class World:
    """The records each case acts on, made by someone who is not the acting user."""

    author: User
    draft: Event
    in_review: Event
    published: Event
    zone: ControlZone
    live_zone: ControlZone
    spare: Source


def make_world() -> World:
    author = User.objects.create_user("author", is_staff=True)
    draft = make_event(title="A draft", cite=True, updated_by=author)
    in_review = make_event(title="In review", cite=True, publication="review", updated_by=author)
    published = make_event(title="Published", cite=True)
    transition(published, step="publish", user=None)
    zone = make_zone(make_actor(), publication="review", updated_by=author)
    ZoneCitation.objects.create(zone=zone, source=make_source(), quote="q")
    # Beside the other zone, not over it: two controllers' overlap is refused at publication.
    live_zone = make_zone(make_actor("Actor B"), geometry=square(39.0), publication="review")
    ZoneCitation.objects.create(zone=live_zone, source=make_source(), quote="q")
    transition(live_zone, step="publish", user=None)
    spare = make_source(title="Cited by nothing")
    return World(author, draft, in_review, published, zone, live_zone, spare)


def client_for(role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role == "reader":
        client.force_login(User.objects.create_user("reader"))
    elif role == "admin":
        client.force_login(member_of("Admin", "admin_user"))
    elif role != "anonymous":
        client.force_login(member_of(role.replace("_", " ").capitalize()))
    return client


def csrf_post(client: Client, url: str, data: dict):
    """A POST as a browser sends it: with the token a form page set in its cookie (the
    login form, or for staff the logout button on the admin's index)."""
    if "csrftoken" not in client.cookies:
        client.get(reverse("admin:login"))
    if "csrftoken" not in client.cookies:
        client.get(reverse("admin:index"))
    token = client.cookies["csrftoken"].value
    return client.post(url, {**data, "csrfmiddlewaretoken": token})


def page_shown(response, marker: str) -> bool:
    return response.status_code == 200 and marker in response.content.decode()


def status_of(event: Event) -> str:
    return Event.objects.get(pk=event.pk).publication


def step(client, world: World, obj, name: str, note: str = ""):
    model = "controlzone" if isinstance(obj, ControlZone) else "event"
    return csrf_post(
        client,
        reverse(f"admin:events_{model}_step", args=[obj.pk]),
        {"step": name, "note": note},
    )


def upload(client, **options):
    data = {
        "file": SimpleUploadedFile("acled_current.csv", (DATA / "acled_current.csv").read_bytes()),
        "format": "acled",
        "status": "draft",
        **options,
    }
    return finished(client, csrf_post(client, reverse("admin:events_event_import"), data))


def imported(client, **options) -> bool:
    """Upload, commit the dry run: are the file's events in the database?"""
    dry_run = upload(client, **options)
    if not page_shown(dry_run, "3 created"):
        return False
    finished(client, csrf_post(client, dry_run.wsgi_request.path, {"commit": "1"}))
    return Event.objects.filter(acled_id__in=["SYR1001", "SYR1002", "SYR1003"]).count() == 3


def _edited(client, world, event) -> bool:
    """Change the title through the change form (a published event keeps its citation)."""
    form = change_form(event, title="Edited title")
    csrf_post(client, reverse("admin:events_event_change", args=[event.pk]), form)
    return Event.objects.get(pk=event.pk).title == "Edited title"


CASES = {
    # name: (who may, what it does, did it happen?)
    "event list": (
        EDITORS,
        lambda c, w: page_shown(c.get(reverse("admin:events_event_changelist")), "A draft"),
    ),
    "add form": (
        EDITORS,
        lambda c, w: page_shown(c.get(reverse("admin:events_event_add")), 'name="title"'),
    ),
    "add an event": (
        EDITORS,
        lambda c, w: (
            csrf_post(c, reverse("admin:events_event_add"), event_form(title="New one")),
            Event.objects.filter(title="New one", publication="draft").exists(),
        )[1],
    ),
    "edit a draft": (EDITORS, lambda c, w: _edited(c, w, w.draft)),
    "edit a published event": (REVIEWERS, lambda c, w: _edited(c, w, w.published)),
    "submit a draft": (
        EDITORS,
        lambda c, w: (step(c, w, w.draft, "submit"), status_of(w.draft) == "review")[1],
    ),
    "publish": (
        REVIEWERS,
        lambda c, w: (step(c, w, w.in_review, "publish"), status_of(w.in_review) == "published")[1],
    ),
    "publish from the list": (
        REVIEWERS,
        lambda c, w: (
            csrf_post(
                c,
                reverse("admin:events_event_changelist"),
                {"action": "publish_selected", "_selected_action": [w.in_review.pk]},
            ),
            status_of(w.in_review) == "published",
        )[1],
    ),
    "return with a comment": (
        REVIEWERS,
        lambda c, w: (
            step(c, w, w.in_review, "return", "Which unit?"),
            status_of(w.in_review) == "draft",
        )[1],
    ),
    "withdraw": (
        REVIEWERS,
        lambda c, w: (
            step(c, w, w.published, "withdraw", "Duplicate"),
            status_of(w.published) == "withdrawn",
        )[1],
    ),
    "delete a draft": (
        REVIEWERS,
        lambda c, w: (
            csrf_post(c, reverse("admin:events_event_delete", args=[w.draft.pk]), {"post": "yes"}),
            not Event.objects.filter(pk=w.draft.pk).exists(),
        )[1],
    ),
    "delete a published event": (
        set(),
        lambda c, w: (
            csrf_post(
                c, reverse("admin:events_event_delete", args=[w.published.pk]), {"post": "yes"}
            ),
            not Event.objects.filter(pk=w.published.pk).exists(),
        )[1],
    ),
    "history": (
        EDITORS,
        lambda c, w: page_shown(
            c.get(reverse("admin:events_event_history", args=[w.published.pk])), "change-history"
        ),
    ),
    "import page": (
        MANAGERS,
        lambda c, w: page_shown(c.get(reverse("admin:events_event_import")), "Upload a file"),
    ),
    "import as drafts": (MANAGERS, lambda c, w: imported(c)),
    "import published": (MANAGERS, lambda c, w: imported(c, status="published")),
    "resolve a place": (
        EDITORS,
        lambda c, w: (
            csrf_post(c, reverse("admin:events_event_resolve_location"), {"text": "Nowhere"}).get(
                "Content-Type"
            )
            == "application/json"
        ),
    ),
    "publish a zone": (
        REVIEWERS,
        lambda c, w: (
            step(c, w, w.zone, "publish"),
            ControlZone.objects.get(pk=w.zone.pk).publication == "published",
        )[1],
    ),
    "user accounts": (
        {"admin"},
        lambda c, w: page_shown(c.get(reverse("admin:auth_user_changelist")), "author"),
    ),
    "roles": (
        {"admin"},
        lambda c, w: page_shown(c.get(reverse("admin:auth_group_changelist")), "Reviewer"),
    ),
    "zone list": (
        EDITORS,
        lambda c, w: page_shown(c.get(reverse("admin:events_controlzone_changelist")), "Actor A"),
    ),
    "add a place": (
        EDITORS,
        lambda c, w: (
            csrf_post(
                c,
                reverse("admin:events_place_add"),
                {
                    "name": "New hamlet",
                    "kind": "village",
                    "location": '{"type": "Point", "coordinates": [36.5, 33.5]}',
                    "geo_precision": "1",
                },
            ),
            Place.objects.filter(name="New hamlet").exists(),
        )[1],
    ),
    "add an actor": (
        EDITORS,
        lambda c, w: (
            csrf_post(
                c,
                reverse("admin:events_actor_add"),
                {"name": "New brigade", "actor_type": "2", "colour": "#123456"},
            ),
            Actor.objects.filter(name="New brigade").exists(),
        )[1],
    ),
    "delete a source": (
        MANAGERS,
        lambda c, w: (
            csrf_post(c, reverse("admin:events_source_delete", args=[w.spare.pk]), {"post": "yes"}),
            not Source.objects.filter(pk=w.spare.pk).exists(),
        )[1],
    ),
    "withdraw a zone": (
        REVIEWERS,
        lambda c, w: (
            step(c, w, w.live_zone, "withdraw", "Superseded"),
            ControlZone.objects.get(pk=w.live_zone.pk).publication == "withdrawn",
        )[1],
    ),
}


@pytest.fixture(scope="class")
def shared_world(django_db_setup, django_db_blocker):
    """The world, made once for the whole matrix."""
    with shared_records(django_db_blocker):
        yield make_world()


class TestPermissionMatrix:
    """Every role × every case, each on the same world."""

    @pytest.mark.parametrize("case", list(CASES))
    @pytest.mark.parametrize("role", ROLES)
    def test_permission_matrix(self, role, case, shared_world):
        allowed, attempt = CASES[case]
        world = copy.deepcopy(shared_world)  # a case may change its records in memory too
        assert attempt(client_for(role), world) is (role in allowed), f"{role}: {case}"


def test_an_importer_without_the_right_to_publish_may_not_update_or_publish():
    importer = User.objects.create_user("importer", is_staff=True)
    importer.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "import_events",
                "add_event",
                "view_event",
                "change_event",
                "add_actor",
                "add_place",
                "add_source",
            ]
        )
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(importer)
    page = upload(client).content.decode()
    assert "3 created" in page
    form = client.get(reverse("admin:events_event_import")).content.decode()
    assert '<option value="published"' not in form
    refused = upload(client, status="published", update="on").content.decode()
    assert "Select a valid choice. published is not one of the available choices." in refused
    assert Event.objects.count() == 0


def test_import_with_update_rights_revises_and_without_is_refused_by_the_service(tmp_path):
    manager = member_of("Data manager")
    contributor = member_of("Contributor")
    first = import_events(DATA / "acled_current.csv", "acled", status="published", user=manager)
    assert first.created == 3 and set(Event.objects.values_list("created_by", flat=True)) == {
        manager.pk
    }
    refused = import_events(DATA / "acled_current.csv", "acled", update=True, user=contributor)
    assert "contributor may not import files" in refused.file_error
    assert "publish events (an update revises published ones)" in refused.file_error


def test_an_update_that_would_leave_a_published_event_uncited_is_refused_row_by_row(tmp_path):
    import_events(DATA / "acled_current.csv", "acled", status="published")
    revised = with_first_row(
        "acled_current.csv", tmp_path / "revised.csv", source="", notes="Revised upstream."
    )
    report = import_events(revised, "acled", update=True)
    assert report.rejected == 1 and not report.committed
    assert "line 2: source='': no source: event" in report.problem_lines()[0]
    assert all(e.citations.exists() for e in Event.objects.all())


def test_the_permission_screen_offers_no_internal_permissions():
    offered = set(Permission.objects.values_list("content_type__model", flat=True))
    assert not offered & {"dataversion", "geocodequery", "demorecord", "statuschange"}
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", password="x"))
    page = admin.get(
        reverse("admin:auth_group_change", args=[Group.objects.get(name="Reviewer").pk])
    )
    text = page.content.decode()
    assert "Can publish, return, withdraw, restore and revert events" in text
    assert "data version" not in text and "geocode query" not in text
    assert "Can add session" not in text and "Can add log entry" not in text
    assert "Can add content type" not in text and "Can delete revision" not in text


def test_roles_are_groups_with_growing_rights():
    rights = {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    assert rights["Contributor"] < rights["Reviewer"] < rights["Data manager"] < rights["Admin"]
    assert "publish_event" not in rights["Contributor"]
    assert "import_events" not in rights["Reviewer"]
    assert {"publish_event", "publish_controlzone"} <= rights["Reviewer"]


def test_logins_are_throttled_after_five_wrong_passwords_even_with_the_right_one_then():
    User.objects.create_user("target", password="the-right-password", is_staff=True)
    client = Client()
    login = reverse("admin:login")
    for _ in range(4):
        wrong = client.post(login, {"username": "target", "password": "guess"})
        assert "Please enter the correct username and password" in wrong.content.decode()
    fifth = client.post(login, {"username": "target", "password": "guess"})
    assert fifth.status_code == 429  # the fifth wrong password locks the account here
    locked = client.post(login, {"username": "target", "password": "the-right-password"})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked with it.
    User.objects.create_user("other", password="other-password", is_staff=True)
    assert (
        client.post(login, {"username": "other", "password": "other-password"}).status_code == 302
    )

"""The editorial workflow: steps checked and recorded, a second person publishes, withdrawals
reach mirrors, corrections show, staff preview drafts; history and revert in the admin."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from events.admin.concurrency import version_token
from events.models import Event, Place, StatusChange
from events.models.permissions import steps_for
from events.services.workflow import transition
from tests.admin_forms import change_form
from tests.factories import make_event, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db):
    return member_of("Contributor"), member_of("Reviewer"), member_of("Reviewer", "second")


def test_a_draft_goes_to_review_then_a_second_person_publishes_it(cast):
    contributor, reviewer, _ = cast
    event = make_event(cite=True, created_by=contributor, updated_by=contributor)
    transition(event, step="submit", user=contributor)
    transition(event, step="publish", user=reviewer)
    event.refresh_from_db()
    assert event.publication == "published" and event.published_at is not None
    steps = list(StatusChange.objects.values_list("from_status", "to_status", "user__username"))
    assert steps == [("draft", "review", "contributor"), ("review", "published", "reviewer")]


def test_a_contributor_may_not_publish_and_nothing_changes(cast):
    contributor, _, _ = cast
    event = make_event(cite=True, publication="review")
    with pytest.raises(PermissionDenied):
        transition(event, step="publish", user=contributor)
    assert Event.objects.get(pk=event.pk).publication == "review"
    assert not StatusChange.objects.exists()
    assert [s.name for s in steps_for(contributor, event)] == []


def test_a_reviewer_may_not_publish_their_own_last_change_unless_the_site_allows(cast, settings):
    _, reviewer, second = cast
    event = make_event(cite=True, publication="review", updated_by=reviewer)
    with pytest.raises(ValidationError, match="You made the last change"):
        transition(event, step="publish", user=reviewer)
    transition(event, step="publish", user=second)
    assert Event.objects.get(pk=event.pk).publication == "published"

    settings.ALLOW_SELF_PUBLISH = True
    own = make_event(cite=True, publication="review", updated_by=reviewer)
    transition(own, step="publish", user=reviewer)
    assert Event.objects.get(pk=own.pk).publication == "published"


def test_returning_needs_a_comment_and_assigns_the_record_back_to_its_author(cast):
    contributor, reviewer, _ = cast
    event = make_event(cite=True, publication="review", updated_by=contributor)
    with pytest.raises(ValidationError, match="needs a note"):
        transition(event, step="return", user=reviewer, note="  ")
    transition(event, step="return", user=reviewer, note="Which unit? Name the brigade.")
    event.refresh_from_db()
    assert (event.publication, event.assignee) == ("draft", contributor)
    assert StatusChange.objects.get().note == "Which unit? Name the brigade."


def test_a_step_from_the_wrong_status_is_refused(cast):
    _, reviewer, _ = cast
    event = make_event(cite=True)
    with pytest.raises(ValidationError, match="is draft: it cannot be “withdraw”"):
        transition(event, step="withdraw", user=reviewer, note="x")


def published_event(**fields) -> Event:
    event = make_event(cite=True, **fields)
    transition(event, step="publish", user=None)
    return event


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def public_surfaces(client, event: Event) -> dict[str, bool]:
    """Whether the event shows on each public surface."""
    box = {"bbox": "30,30,40,40"}
    geojson = json.loads(body(client.get(reverse("api-events"))))
    view = client.get(reverse("api-events-view"), {**box, "zoom": 8}).json()
    csv_text = body(client.get(reverse("api-events-csv")))
    timeline = client.get(reverse("api-timeline")).json()
    return {
        "page": client.get(reverse("event-detail", args=[event.pk])).status_code == 200,
        "geojson": any(f["id"] == event.pk for f in geojson["features"]),
        "view": view["total"] == 1,
        "csv": event.title in csv_text,
        "timeline": any(day["count"] for day in timeline["days"]),
        "single": client.get(reverse("api-event", args=[event.pk])).status_code == 200,
    }


def test_a_withdrawn_event_leaves_every_public_surface_and_is_listed_for_mirrors(client, cast):
    _, reviewer, _ = cast
    event = published_event(title="Duplicate report", acled_id="SYR99")
    assert all(public_surfaces(client, event).values())
    before = timezone.now()
    transition(event, step="withdraw", user=reviewer, note="Duplicate of SYR98")
    assert not any(public_surfaces(client, event).values())

    listed = client.get(reverse("api-withdrawn"), {"since": before.date().isoformat()}).json()
    assert [(w["type"], w["id"], w["acled_id"]) for w in listed["withdrawn"]] == [
        ("event", event.pk, "SYR99")
    ]
    assert listed["withdrawn"][0]["withdrawn_at"].endswith("Z")
    tomorrow = (before + dt.timedelta(days=1)).date().isoformat()
    assert client.get(reverse("api-withdrawn"), {"since": tomorrow}).json()["withdrawn"] == []
    bad = client.get(reverse("api-withdrawn"), {"since": "yesterday"})
    assert bad.status_code == 400 and bad.json()["field"] == "since"


def test_a_restored_event_is_public_again_and_no_longer_listed_as_withdrawn(client, cast):
    _, reviewer, _ = cast
    event = published_event()
    transition(event, step="withdraw", user=reviewer, note="Doubtful")
    transition(event, step="restore", user=reviewer)
    assert public_surfaces(client, event)["page"]
    assert client.get(reverse("api-withdrawn")).json()["withdrawn"] == []


def test_updated_since_gives_mirrors_what_changed_or_was_published(client):
    old = published_event(title="Old")
    Event.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))
    fresh = published_event(title="Fresh")
    since = (timezone.now() - dt.timedelta(days=1)).date().isoformat()
    answer = json.loads(body(client.get(reverse("api-events"), {"updated_since": since})))
    ids = [feature["id"] for feature in answer["features"]]
    assert ids == [fresh.pk]
    bad = client.get(reverse("api-events"), {"updated_since": "soon"})
    assert bad.status_code == 400 and bad.json()["field"] == "updated_since"


def test_staff_preview_a_draft_marked_and_uncached_while_the_public_gets_404(client, cast):
    contributor, _, _ = cast
    draft = make_event(title="Not yet checked")
    assert client.get(reverse("event-detail", args=[draft.pk])).status_code == 404
    client.force_login(contributor)
    page = client.get(reverse("event-detail", args=[draft.pk]))
    assert "Preview: Draft, not public." in page.content.decode()
    assert "no-cache" in page["Cache-Control"] and "private" in page["Cache-Control"]


def test_the_admin_offers_view_on_site(client, cast):
    contributor, _, _ = cast
    draft = make_event(title="Mine", created_by=contributor)
    client.force_login(contributor)
    page = client.get(reverse("admin:events_event_change", args=[draft.pk])).content.decode()
    assert 'href="/admin/r/' in page and "View on site" in page
    assert 'data-step="submit"' in page and 'data-step="publish"' not in page


def test_a_correction_shows_updated_on_with_its_public_note(client, cast):
    _, reviewer, _ = cast
    event = published_event(summary="Ten killed.")
    client.force_login(reviewer)
    url = reverse("admin:events_event_change", args=[event.pk])
    response = client.post(
        url, change_form(event, summary="Twelve killed.", correction_note="Toll revised: 12.")
    )
    assert response.status_code == 302, response.content.decode()[:500]
    client.logout()
    page = client.get(reverse("event-detail", args=[event.pk])).content.decode()
    assert "Twelve killed." in page
    assert f"Updated on {timezone.now():%Y-%m-%d}: Toll revised: 12." in page


def test_history_shows_each_change_field_by_field_and_a_revert_restores_the_text(client, cast):
    _, reviewer, second = cast
    event = published_event(summary="First wording.")
    client.force_login(reviewer)
    url = reverse("admin:events_event_change", args=[event.pk])
    client.post(url, change_form(event, summary="Second wording."))
    client.post(url, change_form(event, summary="Third wording."))
    history = client.get(reverse("admin:events_event_history", args=[event.pk])).content.decode()
    # Newest first: each saved version against the one before it (the first: publication).
    assert history.index("<ins>Third wording.</ins>") < history.index("<ins>Second wording.</ins>")
    assert "<del>First wording.</del>" in history and "<del>Second wording.</del>" in history
    assert "Draft → publish" in history

    oldest = history.split('class="revert" href="')[-1].split('"')[0]
    assert client.get(oldest).status_code == 200  # a GET shows the version, writes nothing
    assert Event.objects.get(pk=event.pk).summary == "Third wording."
    client.force_login(second)
    reverted = client.post(oldest, change_form(event, summary="Second wording."))
    assert reverted.status_code == 302
    event.refresh_from_db()
    assert (event.summary, event.publication) == ("Second wording.", "published")
    client.logout()
    assert (
        "Second wording." in client.get(reverse("event-detail", args=[event.pk])).content.decode()
    )


def test_a_contributor_cannot_revert(client, cast):
    contributor, _, _ = cast
    event = make_event(cite=True, summary="One.", created_by=contributor)
    client.force_login(contributor)
    url = reverse("admin:events_event_change", args=[event.pk])
    client.post(url, change_form(event, summary="Two."))
    history = client.get(reverse("admin:events_event_history", args=[event.pk])).content.decode()
    assert 'class="revert"' not in history
    version = Version.objects.get_for_object(event).first()
    revert = reverse("admin:events_event_revision", args=[event.pk, version.pk])
    assert client.get(revert).status_code == 403


def test_the_map_preview_is_staff_only_private_and_draws_drafts_with_their_status(client, cast):
    contributor, _, _ = cast
    public = published_event(title="Public one")
    draft = make_event(title="Draft one")
    withdrawn = published_event(title="Withdrawn one")
    transition(withdrawn, step="withdraw", user=None, note="duplicate")
    view = {"bbox": "30,30,40,40", "zoom": "8"}
    url = reverse("preview-events-view")

    refused = client.get(url, view)
    assert refused.status_code == 403 and "staff" in refused.json()["error"]
    assert "private" in refused["Cache-Control"]
    page = client.get(reverse("map"), {"preview": "1"}).content.decode()
    assert "cm-preview-banner" not in page and 'data-view-url="/api/events/view.json"' in page

    client.force_login(contributor)
    answer = client.get(url, view)
    assert "private" in answer["Cache-Control"] and "no-store" in answer["Cache-Control"]
    features = answer.json()["features"]
    drawn = {f["properties"]["title"]: f["properties"]["publication"] for f in features}
    assert drawn == {"Public one": "published", "Draft one": "draft"}
    facts = client.get(reverse("preview-event-json", args=[draft.pk])).json()
    assert (facts["title"], facts["publication"]) == ("Draft one", "draft")
    page = client.get(reverse("map"), {"preview": "1"})
    assert 'data-view-url="/preview/events/view.json"' in page.content.decode()
    assert "Staff preview" in page.content.decode() and "no-store" in page["Cache-Control"]
    # The public answer for the same view is untouched by the preview.
    client.logout()
    public_view = client.get(reverse("api-events-view"), view).json()
    assert [f["properties"]["id"] for f in public_view["features"]] == [public.pk]


def test_a_staff_member_who_may_only_view_cannot_submit(client):
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_event"))
    draft = make_event(cite=True)
    assert steps_for(viewer, draft) == []
    with pytest.raises(PermissionDenied, match="needs the right to edit"):
        transition(draft, step="submit", user=viewer)
    client.force_login(viewer)
    client.post(reverse("admin:events_event_step", args=[draft.pk]), {"step": "submit"})
    assert Event.objects.get(pk=draft.pk).publication == "draft"


def test_places_keep_a_history_with_differences_and_only_reviewers_revert(client, cast):
    contributor, reviewer, _ = cast
    client.force_login(contributor)
    add = reverse("admin:events_place_add")
    form = {
        "name": "Bir Qasab",
        "kind": "village",
        "location": '{"type": "Point", "coordinates": [36.85, 33.03]}',
        "geo_precision": "1",
    }
    client.post(add, form)
    place = Place.objects.get(name="Bir Qasab")
    client.post(
        reverse("admin:events_place_change", args=[place.pk]),
        {**form, "name": "Bir Qassab", "version_token": version_token(place)},
    )
    history = client.get(reverse("admin:events_place_history", args=[place.pk])).content.decode()
    assert "<del>Bir Qasab</del>" in history and "<ins>Bir Qassab</ins>" in history
    assert 'class="revert"' not in history
    first = Version.objects.get_for_object(place).order_by("pk").first()
    revert = reverse("admin:events_place_revision", args=[place.pk, first.pk])
    assert client.get(revert).status_code == 403
    client.force_login(reviewer)
    assert (
        'class="revert"'
        in client.get(reverse("admin:events_place_history", args=[place.pk])).content.decode()
    )
    client.post(revert, form)
    assert Place.objects.get(pk=place.pk).name == "Bir Qasab"

"""Published means reviewed, everywhere: an actor, source or place that a published event or
zone shows is changed by reviewers only (a contributor's save is refused, nothing written),
and a reviewer's change is said on each published event that shows it (its page, its JSON,
the feeds' update time) and kept in the record's history."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from events.models import Citation, Event, EventActor, PublicationStatus, Source
from events.services.workflow import transition
from tests.admin.test_concurrent_edits import as_posted
from tests.factories import make_actor, make_event, make_place, make_source, member_of

pytestmark = pytest.mark.django_db


def published_citing(source: Source) -> Event:
    event = make_event(title="Drone shot down near al-Tanf")
    Citation.objects.create(event=event, source=source, quote="shot down")
    transition(event, step="publish", user=None)
    return event


def test_a_contributor_may_not_change_a_source_a_published_event_cites(client):
    source = make_source(title="Coalition statement", url="https://example.org/statement")
    published_citing(source)
    contributor = member_of("Contributor")
    client.force_login(contributor)
    url = reverse("admin:events_source_change", args=[source.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only
    refused = client.post(url, {"title": "Rewritten", "url": "https://elsewhere.example/x",
                                "published_on": "2017-06-21", "language": "en",
                                "reliability": "3"})  # fmt: skip
    assert refused.status_code == 403
    source.refresh_from_db()
    assert (source.title, source.url) == ("Coalition statement", "https://example.org/statement")
    deleted = client.post(reverse("admin:events_source_delete", args=[source.pk]), {"post": "yes"})
    assert deleted.status_code == 403 and Source.objects.filter(pk=source.pk).exists()


def test_a_contributor_still_changes_what_only_drafts_show(client):
    source = make_source(title="Draft-only report")
    make_event(cite=False).citations.create(source=source, quote="q")
    client.force_login(member_of("Contributor"))
    url = reverse("admin:events_source_change", args=[source.pk])
    saved = client.post(url, {**as_posted(client, url), "title": "Draft-only report (fixed)"})
    assert saved.status_code == 302
    assert Source.objects.get(pk=source.pk).title == "Draft-only report (fixed)"


def test_a_reviewers_change_to_a_cited_source_is_said_on_the_public_page_and_json(client):
    source = make_source(title="Coalition statement", url="https://example.org/statement")
    event = published_citing(source)
    before = Event.objects.get(pk=event.pk).updated_at
    reviewer = member_of("Reviewer")
    client.force_login(reviewer)
    url = reverse("admin:events_source_change", args=[source.pk])
    form = as_posted(client, url)
    saved = client.post(
        url, {**form, "title": "Coalition statement (corrected)", "url": "https://example.org/s2"}
    )
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    client.logout()
    page = client.get(reverse("event-detail", args=[event.pk])).content.decode()
    today = f"{timezone.now():%Y-%m-%d}"
    assert (
        f"Updated on {today}: Source “Coalition statement (corrected)” corrected (title, URL)."
        in page
    )
    facts = json.loads(client.get(reverse("api-event-json", args=[event.pk])).content)
    assert facts["corrected_on"] == today
    assert facts["correction_note"].startswith("Source “Coalition statement (corrected)”")
    assert facts["sources"][0]["title"] == "Coalition statement (corrected)"
    assert Event.objects.get(pk=event.pk).updated_at > before  # the feeds see it
    history = Version.objects.get_for_object(Source.objects.get(pk=source.pk))
    assert history.count() == 1 and history.get().revision.user == reviewer


def test_an_actor_renamed_by_a_reviewer_is_said_on_its_published_events(client):
    actor = make_actor("Liwa Shuhada al-Qaryatayn")
    event = make_event(cite=True)
    EventActor.objects.create(event=event, actor=actor, role="side_a")
    transition(event, step="publish", user=None)
    contributor, reviewer = member_of("Contributor"), member_of("Reviewer")
    url = reverse("admin:events_actor_change", args=[actor.pk])
    client.force_login(contributor)
    assert client.post(url, {"name": "Renamed"}).status_code == 403
    client.force_login(reviewer)
    saved = client.post(url, {**as_posted(client, url), "name": "Liwa Shuhada al-Qaryatain"})
    assert saved.status_code == 302
    event.refresh_from_db()
    assert event.correction_note == "Actor “Liwa Shuhada al-Qaryatain” corrected (name)."


def test_a_place_only_drafts_show_is_a_contributors_to_change(client):
    place = make_place("Tal Dakwa")
    make_event(place=place, publication=PublicationStatus.DRAFT)
    client.force_login(member_of("Contributor"))
    url = reverse("admin:events_place_change", args=[place.pk])
    assert client.post(url, {**as_posted(client, url), "name": "Tell Dakwa"}).status_code == 302
    Event.objects.filter(place=place).update(publication=PublicationStatus.PUBLISHED)
    assert client.post(url, {**as_posted(client, url), "name": "Tal Dakwah"}).status_code == 403

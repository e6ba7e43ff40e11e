"""The editorial workflow through the admin in real Chromium, two people at two browsers:
a contributor's draft submitted, returned with a comment, corrected and published by a
reviewer; the history's differences; a revert seen on the public page; a withdrawal."""

import json

import pytest
from django.contrib.auth.models import User

from events.models import Citation, Event
from tests.browser import Watched
from tests.factories import make_event, make_source, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(watched, live_server, user: User, path: str):
    page = watched.page
    page.goto(f"{live_server.url}/admin/login/?next={path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", f"{user.username}-pass")
    page.click("input[type=submit]")
    page.wait_for_selector("#content")
    return page


def save_summary(page, text: str) -> None:
    page.fill("#id_summary", text)
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert page.locator(".messagelist .success").count() == 1, page.inner_text("#content")


def take_step(page, step: str, note: str = "") -> None:
    if note:
        page.fill("#workflow-note", note)
    with page.expect_navigation():
        page.click(f"#workflow-form button[data-step={step}]")
    assert page.locator(".messagelist .success").count() == 1, page.inner_text(".messagelist")


@pytest.fixture
def people(browser, live_server):
    contributor, reviewer = member_of("Contributor"), member_of("Reviewer")
    pages = {
        "contributor": Watched(browser),
        "reviewer": Watched(browser),
        "public": Watched(browser),
    }
    yield contributor, reviewer, pages
    for watched in pages.values():
        watched.page.close()


def test_draft_to_publication_history_revert_and_withdrawal(people, live_server):
    contributor, reviewer, pages = people
    event = make_event(
        title="Clash near Bir Qassab",
        summary="Fighting reported.",
        created_by=contributor,
        updated_by=contributor,
    )
    Citation.objects.create(event=event, source=make_source(), quote="fighting at Bir Qassab")
    change = f"/admin/events/event/{event.pk}/change/"
    public = f"{live_server.url}/events/{event.pk}/"

    mine = signed_in(pages["contributor"], live_server, contributor, change)
    assert mine.inner_text("#workflow-status") == "Draft"
    assert mine.locator("#workflow-form button[data-step=publish]").count() == 0
    save_summary(mine, "Government forces attacked FSA positions at dawn.")
    take_step(mine, "submit")
    assert mine.inner_text("#workflow-status") == "In review"

    theirs = signed_in(pages["reviewer"], live_server, reviewer, change)
    take_step(theirs, "return", "Which units? The report names Osoud al-Sharqiya.")
    assert theirs.inner_text("#workflow-status") == "Draft"
    assert "Which units?" in theirs.inner_text("#workflow-history")

    mine.goto(f"{live_server.url}{change}")
    assert "Which units?" in mine.inner_text("#workflow-history")
    save_summary(mine, "Government forces attacked Osoud al-Sharqiya positions at dawn.")
    take_step(mine, "submit")

    theirs.goto(f"{live_server.url}{change}")
    take_step(theirs, "publish")
    assert theirs.inner_text("#workflow-status") == "Published"
    anonymous = pages["public"].page
    anonymous.goto(public)
    assert "attacked Osoud al-Sharqiya positions" in anonymous.inner_text(".cm-summary")

    # The reviewer corrects the published text; the history shows both wordings side by side.
    theirs.goto(f"{live_server.url}{change}")
    theirs.fill("#id_correction_note", "Wording tightened.")
    save_summary(theirs, "Government forces attacked rebel positions.")
    theirs.goto(f"{live_server.url}/admin/events/event/{event.pk}/history/")
    history = theirs.inner_text("#change-history")
    assert "Government forces attacked rebel positions." in history
    assert "In review → publish" in history and "In review → return to draft" in history
    newest_diff = theirs.locator("tr.version").first
    assert (
        newest_diff.locator("del").first.inner_text().startswith("Government forces attacked Osoud")
    )
    assert newest_diff.locator("ins").first.inner_text() == (
        "Government forces attacked rebel positions."
    )

    # A revert (by a reviewer) puts the published wording back on the public page.
    publication = theirs.locator("tr.version", has_text="In review → publish")
    with theirs.expect_navigation():
        publication.locator("a.revert").click()
    assert "Osoud al-Sharqiya" in theirs.input_value("#id_summary")
    with theirs.expect_navigation():
        theirs.click("input[name=_save]")
    assert theirs.locator(".messagelist .success").count() == 1
    anonymous.goto(public)
    assert "attacked Osoud al-Sharqiya positions" in anonymous.inner_text(".cm-summary")
    assert Event.objects.get(pk=event.pk).publication == "published"

    # Withdrawn: gone from the page and the API, listed for mirrors.
    theirs.goto(f"{live_server.url}{change}")
    take_step(theirs, "withdraw", "Duplicate of an earlier report.")
    assert theirs.inner_text("#workflow-status") == "Withdrawn"
    assert anonymous.goto(public).status == 404
    features = json.loads(anonymous.goto(f"{live_server.url}/api/events.geojson").text())
    assert features["features"] == []
    withdrawn = json.loads(anonymous.goto(f"{live_server.url}/api/withdrawn.json").text())
    assert [(w["type"], w["id"]) for w in withdrawn["withdrawn"]] == [("event", event.pk)]
    pages["contributor"].assert_clean()
    pages["reviewer"].assert_clean()
    # The public browser's only complaint is the withdrawn event's page: 404, as it should be.
    assert [e for e in pages["public"].errors if "404" not in e] == []


def test_staff_preview_the_map_with_drafts_marked_and_the_public_does_not(people, live_server):
    contributor, _, pages = people
    published = make_event(title="Published clash", publication="published")
    Citation.objects.create(event=published, source=make_source(), quote="q")
    make_event(title="Draft clash", location="SRID=4326;POINT(36.9 33.1)")
    view = "?preview=1&date=2017-06-20&lat=33.05&lon=36.88&z=9"

    staff = signed_in(pages["contributor"], live_server, contributor, "/admin/")
    staff.goto(f"{live_server.url}/{view}")
    staff.wait_for_function("() => document.querySelectorAll('#cm-list li button').length === 2")
    assert "Staff preview" in staff.inner_text("#cm-preview-banner")
    draft_row = staff.locator("#cm-list li button", has_text="Draft clash")
    assert draft_row.locator(".cm-status").inner_text().lower() == "draft"
    draft_row.click()
    staff.wait_for_selector(".leaflet-popup .cm-popup h3:has-text('Draft clash')")
    assert "preview: draft, not public" in staff.inner_text(".leaflet-popup").lower()
    assert "preview=1" in staff.url  # the preview survives the map's own URL updates
    pages["contributor"].assert_clean()

    anonymous = pages["public"].page
    anonymous.goto(f"{live_server.url}/{view}")
    anonymous.wait_for_function(
        "() => document.querySelectorAll('#cm-list li button').length === 1"
    )
    assert anonymous.locator("#cm-preview-banner").count() == 0
    assert "Draft clash" not in anonymous.inner_text("#cm-list")
    pages["public"].assert_clean()

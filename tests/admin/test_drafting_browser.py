"""Drafting in real Chromium: an editor pastes the seed report, reads the proposals beside the
article with their sentences highlighted, ticks two and accepts them: they are drafts citing the
report, listed for review."""

import pytest
from playwright.sync_api import expect

from events.demo.loading import load_demo
from events.models import Citation, Event, PublicationStatus
from tests.browser import log_in_as_chief
from tests.drafting.test_drafting import SEED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_accepts_two_proposals_as_drafts_with_citations(live_server, watched):
    load_demo()
    page = watched.page
    log_in_as_chief(page, live_server.url, "/admin/events/event/")
    page.click("#draft-link")
    page.fill("#id_text", SEED.read_text(encoding="utf-8"))
    page.fill("#id_published_on", "2017-06-21")
    page.fill("#id_publisher", "Example Wire")
    page.fill("#id_title", "Regime offensive at Bir Qassab")
    page.click("#draft-propose-button")
    expect(page.locator("#draft-article mark").first).to_be_visible()
    attack = page.locator(".draft-proposal[data-sub-event-type=armed_clash]").first
    drone = page.locator(".draft-proposal[data-sub-event-type=disrupted_weapons]")
    expect(attack.locator("blockquote")).to_contain_text("launched a major attack")
    expect(attack.locator(".draft-duplicate")).to_contain_text("Bir Qassab")  # the demo's own
    before = Event.objects.count()
    attack.locator(".draft-accept-box").check()
    drone.locator(".draft-accept-box").check()
    page.click("#draft-accept-button")
    expect(page.locator(".messagelist .success")).to_contain_text("2 draft event(s) made")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    made = Event.objects.order_by("-pk")[:2]
    assert Event.objects.count() == before + 2
    assert {e.publication for e in made} == {PublicationStatus.DRAFT}
    quotes = set(Citation.objects.filter(event__in=made).values_list("quote", flat=True))
    assert any(q.startswith("Syrian regime forces") for q in quotes)
    assert any("shot down" in q for q in quotes)
    watched.assert_clean()

"""Two reviewers in two Chromium browsers save the same event: the second is refused with
what changed since, sees the first's title taken into the form beside their own summary, saves
again, and the event keeps both. On a draft and on a published event."""

import pytest
from playwright.sync_api import expect

from events.models import Event
from events.services.workflow import transition
from tests.admin.test_workflow_browser import signed_in
from tests.browser import Watched
from tests.factories import make_event, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("published", [False, True], ids=["draft", "published"])
def test_two_browsers_saving_one_event_lose_nothing(browser, live_server, published):
    event = make_event(cite=True, title="Clash near Bir Qassab", summary="Fighting reported.")
    if published:
        transition(event, step="publish", user=None)
    first, second = member_of("Reviewer", "first_reviewer"), member_of("Reviewer", "second")
    path = f"/admin/events/event/{event.pk}/change/"
    one, two = Watched(browser), Watched(browser)
    try:
        page_one = signed_in(one, live_server, first, path)
        page_two = signed_in(two, live_server, second, path)

        page_one.fill("#id_title", "Regime offensive at Bir Qassab")
        if published:
            page_one.fill("#id_correction_note", "Retitled.")
        with page_one.expect_navigation():
            page_one.click("input[name=_continue]")
        expect(page_one.locator(".messagelist .success")).to_have_count(1)

        page_two.fill("#id_summary", "Heavy fighting reported south-east of Damascus.")
        if published:
            page_two.fill("#id_correction_note", "Summary expanded.")
        with page_two.expect_navigation():
            page_two.click("input[name=_continue]")
        refusal = page_two.locator(".errorlist.nonfield")
        expect(refusal).to_contain_text("first_reviewer saved this record at")
        expect(refusal).to_contain_text("Taken into your form from their save: Title")
        expect(page_two.locator("#id_title")).to_have_value("Regime offensive at Bir Qassab")
        expect(page_two.locator("#id_summary")).to_have_value(
            "Heavy fighting reported south-east of Damascus."
        )
        assert Event.objects.get(pk=event.pk).summary == "Fighting reported."

        with page_two.expect_navigation():
            page_two.click("input[name=_continue]")
        expect(page_two.locator(".messagelist .success")).to_have_count(1)
        event.refresh_from_db()
        assert (event.title, event.summary) == (
            "Regime offensive at Bir Qassab",
            "Heavy fighting reported south-east of Damascus.",
        )
        one.assert_clean()
        two.assert_clean()
    finally:
        one.page.close()
        two.page.close()

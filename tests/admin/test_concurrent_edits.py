"""Two editors on one record never lose each other's work: the second save, made from a page
opened before the first save, is refused with what changed since, and comes back merged (the
other editor's fields taken in, this editor's kept), so that saving again keeps both. On drafts
and published events, zones, actors, places and sources; and in the services, where a save
from a stale copy is refused by the model's own lock."""

import re

import pytest
from concurrency.exceptions import RecordModifiedError
from django.contrib.gis.geos import GEOSGeometry
from django.test import Client
from django.urls import reverse

from events.models import Actor, Event, Place, Source
from events.services.workflow import transition
from tests.admin_forms import change_form
from tests.factories import make_actor, make_event, make_place, make_source, make_zone, member_of

pytestmark = pytest.mark.django_db


def opened(client: Client, url: str) -> str:
    """The version token of the change page as a browser receives it."""
    page = client.get(url).content.decode()
    return re.search(r'name="version_token" value="([^"]+)"', page).group(1)


def two_reviewers() -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(member_of("Reviewer", "first_reviewer"))
    second.force_login(member_of("Reviewer", "second_reviewer"))
    return first, second


@pytest.mark.parametrize("published", [False, True])
def test_a_stale_event_save_is_refused_merged_and_saved_again_keeping_both(published):
    event = make_event(cite=True, title="Clash near Bir Qassab", summary="Fighting reported.")
    if published:
        transition(event, step="publish", user=None)
    first, second = two_reviewers()
    url = reverse("admin:events_event_change", args=[event.pk])
    form_first, form_second = as_posted(first, url), as_posted(second, url)
    note = {"correction_note": "Wording."} if published else {}
    saved = first.post(url, {**form_first, "title": "Regime offensive at Bir Qassab", **note})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    stale = second.post(url, {**form_second, "summary": "Heavy fighting reported.", **note})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "first_reviewer saved this record at" in page
    assert "Taken into your form from their save: Title" in page
    assert Event.objects.get(pk=event.pk).summary == "Fighting reported."  # nothing written
    merged = stale.context["adminform"].form.data
    assert merged["title"] == "Regime offensive at Bir Qassab"  # theirs, taken in
    assert merged["summary"] == "Heavy fighting reported."  # mine, kept
    again = second.post(url, merged)
    assert again.status_code == 302, again.content.decode()[:500]
    event.refresh_from_db()
    assert (event.title, event.summary) == (
        "Regime offensive at Bir Qassab",
        "Heavy fighting reported.",
    )


def test_a_field_both_editors_changed_is_named_with_the_other_value_and_mine_kept():
    event = make_event(cite=True, summary="Fighting reported.")
    first, second = two_reviewers()
    url = reverse("admin:events_event_change", args=[event.pk])
    form_first, form_second = as_posted(first, url), as_posted(second, url)
    first.post(url, {**form_first, "summary": "Ten killed."})
    stale = second.post(url, {**form_second, "summary": "Twelve killed."})
    page = stale.content.decode()
    assert (
        "Changed by both of you, your value is kept below: Summary (theirs: Ten killed.)." in page
    )
    assert stale.context["adminform"].form.data["summary"] == "Twelve killed."
    assert Event.objects.get(pk=event.pk).summary == "Ten killed."


def test_a_form_without_its_version_or_with_another_records_is_refused():
    event, other = make_event(cite=True), make_event(cite=True, title="Another")
    first, _ = two_reviewers()
    url = reverse("admin:events_event_change", args=[event.pk])
    other_token = opened(first, reverse("admin:events_event_change", args=[other.pk]))
    for token in ("", "1:forged", other_token):
        refused = first.post(url, change_form(event, title="Changed", version_token=token))
        assert refused.status_code == 200
        assert (
            "does not say which version of the record it was opened at" in refused.content.decode()
        )
    assert Event.objects.get(pk=event.pk).title != "Changed"


def _posted(bound) -> object:
    value = bound.value()
    if isinstance(value, GEOSGeometry):
        return value.json
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return "" if value is None else str(value)


def as_posted(client: Client, url: str) -> dict:
    """The change page's form and inline forms as a browser posts them untouched (its version
    token included)."""
    context = client.get(url).context
    forms = [context["adminform"].form]
    data: dict = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(n): _posted(management[n]) for n in management.fields})
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = _posted(form[name])
            if value != "":
                data[form.add_prefix(name)] = value
            if field.show_hidden_initial:  # what the page was opened with, posted back
                data[form.add_initial_prefix(name)] = value
    return data


RECORDS = {
    "actor": (lambda: make_actor("Liwa Shuhada al-Qaryatayn"),
              ("name", "Liwa Shuhada al-Qaryatain"), ("short_name", "LSQ")),
    "source": (lambda: make_source(title="Report", publisher="Enab Baladi"),
               ("title", "Report (corrected)"), ("publisher", "Enab Baladi English")),
    "place": (lambda: make_place("Bir Qassab"),
              ("name", "Bir Qasab"), ("alternate_names", "بئر قصب")),
    "controlzone": (lambda: make_zone(make_actor("Holder"), note="Drawn", publication="draft"),
                    ("note", "Redrawn"), ("confidence", "3")),
}  # fmt: skip


@pytest.mark.parametrize("name", RECORDS)
def test_zones_actors_sources_and_places_refuse_a_stale_save_and_merge(name):
    make, (field_a, value_a), (field_b, value_b) = RECORDS[name]
    record = make()
    first, second = two_reviewers()
    url = reverse(f"admin:events_{name}_change", args=[record.pk])
    form_first, form_second = as_posted(first, url), as_posted(second, url)
    saved = first.post(url, {**form_first, field_a: value_a})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    stale = second.post(url, {**form_second, field_b: value_b})
    assert stale.status_code == 200
    assert "first_reviewer saved this record at" in stale.content.decode()
    assert type(record).objects.get(pk=record.pk).version != 0
    again = second.post(url, stale.context["adminform"].form.data)
    assert again.status_code == 302, again.context["adminform"].form.errors
    record.refresh_from_db()
    values = [getattr(record, field_a), getattr(record, field_b)]
    shown = [v[0] if isinstance(v, list) else str(v) for v in values]
    assert shown == [value_a, value_b]


@pytest.mark.parametrize("model", [Actor, Source, Place, Event])
def test_a_service_saving_a_stale_copy_is_refused_by_the_models_lock(model):
    record = {
        Actor: lambda: make_actor("A"),
        Source: make_source,
        Place: lambda: make_place("P"),
        Event: make_event,
    }[model]()
    mine, theirs = model.objects.get(pk=record.pk), model.objects.get(pk=record.pk)
    theirs.save()
    with pytest.raises(RecordModifiedError):
        mine.save()


def test_checks_are_off_for_a_revert_in_this_thread_only():
    import threading

    from events.models.common import version_checks_off

    actor = make_actor("Reverted")
    stale = Actor.objects.get(pk=actor.pk)
    Actor.objects.get(pk=actor.pk).save()
    seen_elsewhere: list[bool] = []
    with version_checks_off():
        stale.save()  # the revert's own save goes through
        # Another request served by this process meanwhile: its saves are checked as ever.
        worker = threading.Thread(target=lambda: seen_elsewhere.append(stale._concurrency_disabled))
        worker.start()
        worker.join()
    assert seen_elsewhere == [False]
    Actor.objects.get(pk=actor.pk).save()
    with pytest.raises(RecordModifiedError):  # outside, this thread is checked again
        stale.save()

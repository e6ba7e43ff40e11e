"""Migration 0014 renames Event.status to publication: the values stay, and every saved version
of an event (its history) is rewritten, so that earlier versions can still be shown and
reverted after the rename."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("events", "0013_zone_predecessor")]
AFTER = [("events", "0014_event_publication")]


HISTORY = [
    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ("contenttypes", "0002_remove_content_type_name"),
]


def _migrate(target):
    """The schema at `target` (the history's tables with it), and its models."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target + HISTORY).apps


@pytest.fixture
def back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_rename_keeps_each_events_workflow_state_and_its_history(back_to_the_latest_schema):
    old = _migrate(BEFORE)
    Event = old.get_model("events", "Event")
    ContentType = old.get_model("contenttypes", "ContentType")
    Revision = old.get_model("reversion", "Revision")
    Version = old.get_model("reversion", "Version")
    event = Event.objects.create(
        title="Clash",
        start_date="2017-06-20",
        end_date="2017-06-20",
        event_type="battles",
        sub_event_type="armed_clash",
        location="SRID=4326;POINT(36.86 33.03)",
        summary="Our words.",
        status="review",
    )
    event_type, _ = ContentType.objects.get_or_create(app_label="events", model="event")
    fields = {"title": "Clash", "status": "draft", "summary": "First words."}
    version = Version.objects.create(
        revision=Revision.objects.create(date_created="2020-01-01T00:00:00Z", comment=""),
        object_id=str(event.pk),
        content_type=event_type,
        db="default",
        format="json",
        serialized_data=json.dumps([{"model": "events.event", "pk": event.pk, "fields": fields}]),
        object_repr="Clash",
    )

    new = _migrate(AFTER)
    renamed = new.get_model("events", "Event").objects.get(pk=event.pk)
    assert renamed.publication == "review"
    saved = json.loads(
        new.get_model("reversion", "Version").objects.get(pk=version.pk).serialized_data
    )
    assert saved[0]["fields"] == {
        "title": "Clash",
        "publication": "draft",
        "summary": "First words.",
    }

    _migrate(BEFORE)  # and back: the version names the field as the model then did
    back = json.loads(Version.objects.get(pk=version.pk).serialized_data)
    assert back[0]["fields"]["status"] == "draft" and "publication" not in back[0]["fields"]
    assert Event.objects.get(pk=event.pk).status == "review"

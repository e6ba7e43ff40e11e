"""Event.status becomes Event.publication: one name for the workflow's field, as a zone's has
(a zone's `status` is who holds the ground, controlled or contested).

The column is renamed (cheap on both databases); the check constraint and the five indexes
that name it are dropped and made again under names that say "publication". Each event's
saved history (django-reversion's versions) names its fields: those versions are rewritten
too, so that every earlier version of an event can still be shown and reverted.
"""

import json

from django.db import migrations, models

OLD, NEW = "status", "publication"
INDEXES = [
    (["start_date"], "event_status_date_idx", "event_pub_date_idx"),
    (["end_date"], "event_status_end_idx", "event_pub_end_idx"),
    (["event_type", "start_date"], "event_status_type_date_idx", "event_pub_type_date_idx"),
    (
        ["start_date", "fatalities_best"],
        "event_status_date_deaths_idx",
        "event_pub_date_deaths_idx",
    ),
    (["updated_at"], "event_status_updated_idx", "event_pub_updated_idx"),
]
STATUSES = ["draft", "review", "published", "unverifiable", "withdrawn"]
CHUNK = 2000


def _rename_in_versions(apps, schema_editor, old: str, new: str) -> None:
    """Every saved version of an event names the field as it was: rename it there too."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    event_type = ContentType.objects.filter(app_label="events", model="event").first()
    if event_type is None:
        return
    versions = Version.objects.using(schema_editor.connection.alias).filter(
        content_type=event_type, format="json"
    )
    changed = []
    for version in versions.only("id", "serialized_data").iterator(chunk_size=CHUNK):
        objects = json.loads(version.serialized_data)
        touched = False
        for obj in objects:
            fields = obj.get("fields", {})
            if old in fields:
                fields[new] = fields.pop(old)
                touched = True
        if touched:
            version.serialized_data = json.dumps(objects)
            changed.append(version)
        if len(changed) >= CHUNK:
            Version.objects.bulk_update(changed, ["serialized_data"])
            changed = []
    Version.objects.bulk_update(changed, ["serialized_data"])


def forwards(apps, schema_editor) -> None:
    _rename_in_versions(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor) -> None:
    _rename_in_versions(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0013_zone_predecessor"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="event", name="event_status_valid"),
        *[migrations.RemoveIndex(model_name="event", name=old) for _, old, _ in INDEXES],
        migrations.RenameField(model_name="event", old_name=OLD, new_name=NEW),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(("publication__in", STATUSES)),
                name="event_publication_valid",
            ),
        ),
        *[
            migrations.AddIndex(
                model_name="event", index=models.Index(fields=[NEW, *rest], name=new)
            )
            for rest, _, new in INDEXES
        ],
        migrations.RunPython(forwards, backwards, elidable=False),
    ]

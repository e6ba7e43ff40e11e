"""One index for the map's main query: published events in a box and a period.

On PostgreSQL a GiST index on (location, daterange(start_date, end_date, '[]')) for published
events bounds both the box and both ends of the period (two date comparisons on B-trees are
bounded on one side only). SQLite has no GiST: there the box goes through SpatiaLite's R*Tree
(events.lib.spatialite) and the period through the existing date indexes.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS event_published_where_when ON events_event USING gist "
    "(location, daterange(start_date, end_date, '[]')) WHERE status = 'published'"
)
DROP = "DROP INDEX IF EXISTS event_published_where_when"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("events", "0005_event_actor_roles_and_inter")]

    operations = [migrations.RunPython(create, drop)]

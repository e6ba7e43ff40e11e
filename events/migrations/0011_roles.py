"""The editorial roles as groups, the first publication of what was published before the
workflow existed, and no raw permissions for internal tables."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import F

READ = ["view"]
EDIT = ["view", "add", "change"]
ALL = ["view", "add", "change", "delete"]

CONTRIBUTOR = {
    "event": EDIT,
    "eventactor": ALL,
    "citation": ALL,
    "controlzone": EDIT,
    "zonecitation": ALL,
    "place": EDIT,
    "source": EDIT,
    "actor": EDIT,
}
REVIEWER_EXTRA = {
    "event": ["delete", "publish_event"],
    "controlzone": ["delete", "publish_controlzone"],
}
DATA_MANAGER_EXTRA = {
    "event": ["import_events"],
    "place": ["delete"],
    "source": ["delete"],
    "actor": ["delete"],
}
INTERNAL = ["dataversion", "geocodequery", "demorecord", "statuschange"]


def _codenames(spec: dict[str, list[str]]) -> set[tuple[str, str]]:
    names = set()
    for model, actions in spec.items():
        for action in actions:
            codename = action if "_" in action else f"{action}_{model}"
            names.add((model, codename))
    return names


def _merge(*specs: dict[str, list[str]]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for spec in specs:
        for model, actions in spec.items():
            merged.setdefault(model, []).extend(actions)
    return merged


def create_roles(apps, schema_editor):
    create_groups(apps)
    _first_publication(apps)


def create_groups(apps):
    """The four roles' groups and their permissions (the test factories make them again with
    this after a transactional test's flush)."""
    # Permissions are made after the last migration; the groups need them now.
    for name in ("auth", "contenttypes", "events"):
        config = apps.get_app_config(name)
        config.models_module = getattr(config, "models_module", None) or True  # stubs have none
        create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="events", content_type__model__in=INTERNAL
    ).delete()

    def permissions(spec):
        found = []
        for model, codename in sorted(_codenames(spec)):
            found.append(
                Permission.objects.get(
                    content_type__app_label="events", content_type__model=model, codename=codename
                )
            )
        return found

    reviewer = _merge(CONTRIBUTOR, REVIEWER_EXTRA)
    roles = {
        "Contributor": permissions(CONTRIBUTOR),
        "Reviewer": permissions(reviewer),
        "Data manager": permissions(_merge(reviewer, DATA_MANAGER_EXTRA)),
        "Admin": list(
            Permission.objects.filter(content_type__app_label__in=["events", "auth"]).exclude(
                content_type__model__in=INTERNAL
            )
        ),
    }
    for name, granted in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted)


def _first_publication(apps):
    """What was published before the workflow was, published when it was last saved. (The
    field is `status` at this migration; 0014 renames it.)"""
    Event = apps.get_model("events", "Event")
    ControlZone = apps.get_model("events", "ControlZone")
    Event.objects.filter(status="published", published_at__isnull=True).update(
        published_at=F("updated_at")
    )
    ControlZone.objects.filter(publication="published", published_at__isnull=True).update(
        published_at=F("updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0010_editorial_workflow"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]

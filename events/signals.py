"""Every write to what the public may see moves the data version (HTTP caching of the API)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from events.models import (
    Actor,
    Citation,
    ControlZone,
    DataVersion,
    Event,
    EventActor,
    Place,
    Source,
    ZoneCitation,
)

PUBLIC_MODELS = (Actor, Citation, ControlZone, Event, EventActor, Place, Source, ZoneCitation)


def _touch(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: the fixture brings its own state
        return
    DataVersion.touch(places=sender is Place)


def connect() -> None:
    for model in PUBLIC_MODELS:
        post_save.connect(_touch, sender=model, dispatch_uid=f"version-save-{model.__name__}")
        post_delete.connect(_touch, sender=model, dispatch_uid=f"version-delete-{model.__name__}")
    m2m_changed.connect(_touch, sender=Actor.backed_by.through, dispatch_uid="version-backers")

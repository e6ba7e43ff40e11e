from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Conflict events"

    def ready(self) -> None:
        from events import checks, converters, history, signals  # noqa: F401 - checks register
        from events.spatialite import restore_after_migrate

        post_migrate.connect(restore_after_migrate, sender=self)
        signals.connect()
        history.register()
        converters.register()

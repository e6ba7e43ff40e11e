from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def create_cache_table(sender, using: str = "default", **kwargs) -> None:
    """The database cache's table, when the cache is the database's: `migrate` is the whole
    set-up, wherever it runs."""
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Conflict events"

    def ready(self) -> None:
        from events import signals
        from events.lib.spatialite import restore_after_migrate, set_busy_timeout
        from events.selectors import history
        from events.web import converters

        connection_created.connect(set_busy_timeout)
        post_migrate.connect(restore_after_migrate, sender=self)
        post_migrate.connect(create_cache_table, sender=self)
        signals.connect()
        history.register()
        converters.register()

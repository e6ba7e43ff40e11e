"""The suite's cast (researcher, editor, admin) and the demo scenario, as fixtures; the record
builders are in tests/factories.py."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.test import override_settings

from events.demo.loading import load_demo
from events.geocoding.place_index import forget_index
from tests import demo_rows
from tests.factories import member_of

pytest_plugins = ["tests.browser", "tests.databases"]


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory):
    """Each test process has its own file cache (SpatiaLite's), never the project's var/cache:
    with make test-fast's two workers, one clearing its answers must not clear the other's."""
    config = django_settings.CACHES["default"]
    if not config["BACKEND"].endswith("FileBasedCache"):
        yield
        return
    location = str(tmp_path_factory.mktemp("cache"))
    with override_settings(CACHES={"default": {**config, "LOCATION": location}}):
        yield


def _readers_never_locked_out(sender, connection, **kwargs) -> None:
    """The in-memory test database is SQLite's shared cache: there a read meets another
    connection's write on the same table with "database table is locked" at once (SQLITE_LOCKED:
    no busy timeout applies), as a live server's map tiles did while the test's editor saved.
    A file database in WAL mode, as the site runs, has no such lock; read_uncommitted lifts it
    here."""
    if connection.vendor == "sqlite" and "mode=memory" in str(connection.settings_dict["NAME"]):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = ON")


@pytest.fixture(scope="session", autouse=True)
def _shared_cache_readers():
    connection_created.connect(_readers_never_locked_out)
    yield
    connection_created.disconnect(_readers_never_locked_out)


@pytest.fixture(scope="session", autouse=True)
def _own_export_slots(tmp_path_factory):
    """Each test process has its own download slots, never var/export-slots: two workers'
    downloads must not take each other's. Enough of them that a test which leaves a download
    unread does not refuse the next test's; tests/web/test_downloads.py sets the real limits."""
    folder = tmp_path_factory.mktemp("export-slots")
    with override_settings(EXPORT_SLOTS_DIR=folder, EXPORT_SLOTS=50, EXPORT_SLOTS_PER_CLIENT=50):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_imports_dir(settings, tmp_path):
    """Uploads and import progress files of one test are its own, never in var/imports."""
    settings.IMPORTS_DIR = tmp_path / "imports"


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _empty_cache(request, django_db_blocker):
    """Answers cached by one test's data are not another's. On PostGIS the cache is a table of
    the test database: cleared for the tests that use the database (set up first, so that no
    other database is ever touched); a test without one leaves no connection open behind it."""
    if not (
        request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_gazetteer_index():
    """Each test's places are its own: never match against an index built for another test."""
    forget_index()
    yield
    forget_index()


@pytest.fixture
def demo(request, db):
    """The demo scenario in this test's database. Within a test's transaction, the rows that
    load_demo wrote earlier in this run (tests/demo_rows.py); a transactional test, whose
    database is emptied between tests, loads it anew."""
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker and marker.kwargs.get("transaction")
    ):
        return load_demo()
    return demo_rows.load(load_demo)


@pytest.fixture
def editor(db) -> User:
    """Staff who may add and change events, places, actors, sources and zones."""
    user = User.objects.create_user("editor", password="editor-pass", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="events"))
    return user


@pytest.fixture
def researcher(db) -> User:
    """A registered user without staff rights: reads the map like anyone else."""
    return User.objects.create_user("researcher", password="researcher-pass")


@pytest.fixture
def contributor(db) -> User:
    return member_of("Contributor")


@pytest.fixture
def reviewer(db) -> User:
    return member_of("Reviewer")


@pytest.fixture
def data_manager(db) -> User:
    return member_of("Data manager")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client

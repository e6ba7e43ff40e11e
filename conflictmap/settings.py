"""Settings for conflictmap, read from the environment with safe defaults.

`.env.example` lists every variable. A fresh checkout runs with none of them set:
SpatiaLite under var/, debug off unless `make run` turns it on.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# A .env file beside manage.py (`make run` writes one with a random secret key; copy
# .env.example for more) fills in what the environment leaves unset: the environment wins.
# DJANGO_ENV_FILE names another file, or none when empty (the test suite reads none).
ENV_FILE = os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env")).strip()
if ENV_FILE:
    load_dotenv(ENV_FILE, override=False)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected 1/0, true/false, yes/no or on/off")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see .env.example)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "leaflet",
    "reversion",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server, before anything else reads the request.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "conflictmap.middleware.RefuseNulMiddleware",
    "conflictmap.middleware.BusyDatabaseMiddleware",
    "conflictmap.middleware.StaleSaveMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its refusal page.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from
# one address, that account is refused from that address for AXES_COOLOFF_MINUTES, even with
# the right password. Admins unlock early in the admin (Axes → Access attempts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # no banner on every manage.py command

ROOT_URLCONF = "conflictmap.urls"
WSGI_APPLICATION = "conflictmap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_SPATIAL_ENGINES = {
    "django.contrib.gis.db.backends.spatialite",
    "django.contrib.gis.db.backends.postgis",
}


def _database() -> dj_database_url.DBConfig:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        # Created on demand so that a fresh clone needs no set-up step for its database.
        VAR_DIR.mkdir(exist_ok=True)
        url = f"spatialite:///{VAR_DIR / 'conflictmap.sqlite3'}"
    # Connections kept between requests (checked before reuse): opening one per request cost
    # PostGIS more than answering a cached view.
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
    if config["ENGINE"] not in _SPATIAL_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL must use spatialite:// or postgis://, not {url.split(':', 1)[0]}://"
        )
    if config["ENGINE"].endswith("spatialite"):
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # SQLite's default page cache is 2 MB: at a million events every index insert of an
        # import reads pages from disk again (the import rate fell from 6,800 to 1,950 rows/s).
        # WAL: readers never wait for a writer. Without it a long import's transaction, once
        # its pages spill from the cache, locks out every reader (the map, the import's own
        # progress page) until it commits.
        config.setdefault("OPTIONS", {})["init_command"] = (
            "PRAGMA cache_size = -131072; PRAGMA journal_mode = WAL"
        )
        # Tests run in memory, as Django's SQLite default does; said outright so that
        # pytest-xdist's workers (make test-fast) each keep their own, not a file path with
        # a suffix ("test_/…/conflictmap.sqlite3_gw0") that SQLite cannot open.
        config["TEST"] = {"NAME": ":memory:"}
    return config


DATABASES = {"default": _database()}
# SpatiaLite: while an import holds the write lock, another write waits this long for it, then
# is told the database is busy (a 503 that says so). Set on each connection
# (events/lib/spatialite.py).
DB_BUSY_SECONDS = float(os.environ.get("DJANGO_DB_BUSY_SECONDS", "5"))

# A streaming replica for the public reads (events/web/replica.py); the admin and every write
# stay on the primary. Tests mirror it to the primary.
REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if REPLICA_URL:
    _replica = dj_database_url.parse(
        REPLICA_URL,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
    if _replica["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must name a replica of the same kind as DATABASE_URL."
        )
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["events.web.replica.PublicReadsToReplica"]


def _cache() -> dict[str, Any]:
    """Answers cached per data version (events.web.caching), shared by every worker process and,
    with a database or Redis, by every app server. CACHE_URL: redis://host:port/db, "db" (a
    table in the database), or file:///path. Default: the database on PostGIS; files under
    var/cache (DJANGO_CACHE_DIR) on SpatiaLite, whose single writer a cache must not queue on."""
    url = os.environ.get("CACHE_URL", "").strip()
    if url == "none":  # measuring only (bench/bench_load.py): every answer computed afresh
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    on_postgis = DATABASES["default"]["ENGINE"].endswith("postgis")
    if url == "db" or (not url and on_postgis):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "conflictmap_cache",  # made by migrate (events.apps)
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    if url and not url.startswith("file://"):
        raise ImproperlyConfigured(
            f"CACHE_URL={url!r}: use redis://host:port/db, db, file:///path or none."
        )
    location = url.removeprefix("file://") or os.environ.get("DJANGO_CACHE_DIR", "").strip()
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": location or str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


CACHES = {"default": _cache()}

# Long jobs (imports) run off the request: queued in a table of this database and run by
# `manage.py run_worker` (django-tasks' database backend), which `make run` and `make serve`
# start beside the web server. Uploads and the running job's progress are files under
# IMPORTS_DIR: with several app servers, it is a directory they and the worker share.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Whole-database downloads (events.web.downloads): how many stream at once on this machine, and
# per client; one more is answered 429 at once. Keep EXPORT_SLOTS below the app server's
# workers × threads, so that the map and /healthz always have some. Lock files in a directory
# every process of the machine shares.
EXPORT_SLOTS = int(os.environ.get("DJANGO_EXPORT_SLOTS", "2"))
EXPORT_SLOTS_PER_CLIENT = int(os.environ.get("DJANGO_EXPORT_SLOTS_PER_CLIENT", "1"))
EXPORT_SLOTS_DIR = Path(
    os.environ.get("DJANGO_EXPORT_SLOTS_DIR", "").strip() or VAR_DIR / "export-slots"
)
# A GeoPackage is built whole before it is sent: past this many events, the streamed GeoJSON
# or CSV of the same filters is the download (an answer, not a worker held for minutes).
GPKG_MAX_EVENTS = int(os.environ.get("DJANGO_GPKG_MAX_EVENTS", "100000"))
# A worker not seen for this long is gone: /healthz says so, and the job it was running is
# marked failed by the next worker to look (events/services/worker.py).
WORKER_LEASE_SECONDS = float(os.environ.get("DJANGO_WORKER_LEASE_SECONDS", "30"))
IMPORTS_DIR = Path(os.environ.get("DJANGO_IMPORTS_DIR", "").strip() or VAR_DIR / "imports")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# ISO 8601 dates in the admin and on every page (conflictmap/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["conflictmap.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", "").strip() or VAR_DIR / "static")
# WhiteNoise looks there at start and warns when it is missing (before any collectstatic).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# collectstatic (`make serve` runs it) writes compressed copies under hashed names, which
# WhiteNoise serves with far-future caching (conflictmap/storage.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "conflictmap.storage.StaticFiles"},
}

# One switch for a deployment behind HTTPS (a TLS-terminating proxy that sets
# X-Forwarded-Proto): secure cookies, redirects to https, and HSTS.
HTTPS = env_bool("DJANGO_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Online tiles are opt-in: by default no request leaves this host, so no third party learns which
# places a researcher is looking at. The bundled basemap (static/basemap/) is always drawn, under
# the tiles when a server is named: a tile that fails shows it.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "").strip()
MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# Content-Security-Policy (django-csp) on the public pages: scripts from this host only, the one
# inline script (django-leaflet's map set-up) carrying the request's nonce; images also from the
# tile server when MAP_TILES_URL names one. The admin is left out: django-leaflet's drawing
# widget writes inline scripts without a nonce.
# A {s} subdomain template (a.tile…, b.tile…) becomes a wildcard source.
_TILE_ORIGIN = re.match(r"https?://[^/]+", (MAP_TILES_URL or "").replace("{s}", "*"))
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Leaflet and the admin place elements with style attributes.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *([_TILE_ORIGIN.group(0)] if _TILE_ORIGIN else [])],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LEAFLET_CONFIG = {
    # The Syrian Badia: where the demo scenario happens.
    "DEFAULT_CENTER": (33.7, 37.7),
    "DEFAULT_ZOOM": 7,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 18,
    "TILES": [("OpenStreetMap", MAP_TILES_URL, MAP_TILES_ATTRIBUTION)] if MAP_TILES_URL else [],
    "ATTRIBUTION_PREFIX": "Leaflet | Natural Earth",
    "RESET_VIEW": False,
    "PLUGINS": {
        "offline-basemap": {
            "js": ["conflictmap/offline-basemap.js"],
            "css": ["conflictmap/basemap.css"],
            "auto-include": True,
        },
        # The admin's map widgets: the offline basemap, the place picker, and around a zone
        # being drawn its neighbours (snapped to: Leaflet.Snap) and the week's events.
        "forms": {
            "js": [
                "conflictmap/offline-basemap.js",
                "conflictmap/event-location.js",
                "vendor/leaflet-geometryutil/leaflet.geometryutil.js",
                "vendor/leaflet-snap/leaflet.snap.js",
                "conflictmap/zone-context.js",
            ],
            "css": ["conflictmap/basemap.css"],
        },
    },
}

# The editorial workflow: may a reviewer publish a record whose last change is their own?
# Off: a second person reads every change before it goes public.
ALLOW_SELF_PUBLISH = env_bool("ALLOW_SELF_PUBLISH", False)

# Drafting events from a report: fetch an article by its address only when this is on (the
# admin takes pasted and uploaded text always).
FETCH_ONLINE = env_bool("FETCH_ONLINE", False)

# Geocoding. Offline (the gazetteer) always; online only when GEOCODER_ONLINE is on, through
# geopy: nominatim (default), geonames or photon. A user agent is required by the services
# (system check events.W001); Nominatim is never asked more than once a second.
GEOCODER_ONLINE = env_bool("GEOCODER_ONLINE", False)
GEOCODER = os.environ.get("GEOCODER", "nominatim").strip().lower()
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "").strip()
GEOCODER_DOMAIN = os.environ.get("GEOCODER_DOMAIN", "").strip()
GEOCODER_SCHEME = os.environ.get("GEOCODER_SCHEME", "").strip()
GEOCODER_USERNAME = os.environ.get("GEOCODER_USERNAME", "").strip()
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "5"))
GEOCODER_MIN_DELAY = float(os.environ.get("GEOCODER_MIN_DELAY", "1"))
# Countries load_gazetteer takes from GeoNames when none are named.
GAZETTEER_COUNTRIES = env_list("GAZETTEER_COUNTRIES", "SY,IQ,JO,LB,TR")

# Debian 12 ships GDAL 3.6, which cannot block file and network access while parsing spatial
# references (gis.W001). Editors' geometries arrive as GeoJSON from the admin widget; PROJ's
# network access is off below. Deployments on GDAL >= 3.9 can drop this line (README, Security).
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
os.environ.setdefault("PROJ_NETWORK", "OFF")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

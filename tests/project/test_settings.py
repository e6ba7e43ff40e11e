"""Settings come from the environment, with safe defaults and loud refusals."""

import json
import re
import socket
import subprocess

import pytest

from tests.processes import ROOT, manage, python


def settings_with(**env) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter under exactly `env` (plus PATH)."""
    code = (
        "import json, conflictmap.settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
        "'name': str(s.DATABASES['default']['NAME']), 'debug': s.DEBUG, "
        "'hosts': s.ALLOWED_HOSTS, 'tiles': s.LEAFLET_CONFIG['TILES']}))"
    )
    return python(code, **env)


def test_defaults_use_spatialite_under_var_with_debug_off():
    result = settings_with(DJANGO_SECRET_KEY="k")
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.contrib.gis.db.backends.spatialite"' in result.stdout
    assert str(ROOT / "var" / "conflictmap.sqlite3") in result.stdout
    assert '"debug": false' in result.stdout
    # Online tiles are opt-in: by default no tile server learns where a user looks.
    assert '"tiles": []' in result.stdout


def test_postgis_url_selects_postgis():
    result = settings_with(
        DJANGO_SECRET_KEY="k", DATABASE_URL="postgis://u:p@db.example:5433/conflicts"
    )
    assert '"engine": "django.contrib.gis.db.backends.postgis"' in result.stdout
    assert '"name": "conflicts"' in result.stdout


def test_spatialite_url_chooses_the_file(tmp_path):
    target = tmp_path / "nested" / "db.sqlite3"
    result = settings_with(DJANGO_SECRET_KEY="k", DATABASE_URL=f"spatialite:///{target}")
    assert f'"name": "{target}"' in result.stdout
    assert target.parent.is_dir()  # created on demand


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off"),
        (
            {"DJANGO_SECRET_KEY": "k", "DATABASE_URL": "mysql://x/y"},
            "must use spatialite:// or postgis://",
        ),
        ({"DJANGO_SECRET_KEY": "k", "DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG='maybe'"),
    ],
)
def test_bad_configuration_is_refused_with_a_clear_message(env, message):
    result = settings_with(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_needs_no_secret_key_and_empty_tiles_mean_offline():
    result = settings_with(DJANGO_DEBUG="1", MAP_TILES_URL="", DJANGO_ALLOWED_HOSTS="a.org, b.org")
    assert result.returncode == 0, result.stderr
    assert '"debug": true' in result.stdout
    assert '"hosts": ["a.org", "b.org"]' in result.stdout
    assert '"tiles": []' in result.stdout


def test_https_deployment_passes_the_deploy_checks():
    result = manage(
        "check",
        "--deploy",
        ok=False,
        DJANGO_SECRET_KEY="a-long-random-secret-" * 3,
        DJANGO_HTTPS="1",
        DJANGO_ALLOWED_HOSTS="map.example.org",
    )
    assert result.returncode == 0, result.stderr
    # Left to the deployer on purpose: HSTS for every subdomain, and the preload list, are
    # hard to undo and depend on the domain.
    reported = set(re.findall(r"\((security\.\w+)\)", result.stdout + result.stderr))
    assert reported == {"security.W005", "security.W021"}


def test_a_dot_env_file_fills_in_what_the_environment_leaves_unset(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_SECRET_KEY=from-the-file\nDJANGO_ALLOWED_HOSTS=file.example\n")
    result = settings_with(DJANGO_ENV_FILE=str(env_file), DJANGO_ALLOWED_HOSTS="env.example")
    assert result.returncode == 0, result.stderr  # the secret key came from the file
    assert '"hosts": ["env.example"]' in result.stdout  # the environment wins


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers_and_is_migrated(client):
    response = client.get("/healthz")
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_names_the_migrations_not_yet_applied(tmp_path):
    """A real, empty database that nobody migrated: the balancer must keep traffic away."""
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz', HTTP_HOST='localhost'); "
        "print(json.dumps({'code': r.status_code, **r.json()}))"
    )
    result = python(
        code, DJANGO_SECRET_KEY="k", DATABASE_URL=f"spatialite:///{tmp_path / 'empty.sqlite3'}"
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert (answer["code"], answer["status"]) == (503, "down")
    assert "events.0011_roles" in answer["pending_migrations"]


@pytest.mark.parametrize(
    ("tiles", "allowed"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("", None),
    ],
)
def test_the_csp_lets_images_come_from_the_tile_server_only(tiles, allowed):
    code = (
        "import json, conflictmap.settings as s; "
        "print(json.dumps(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    result = python(code, DJANGO_SECRET_KEY="k", MAP_TILES_URL=tiles)
    sources = json.loads(result.stdout)
    assert sources[:2] == ["'self'", "data:"]
    assert sources[2:] == ([allowed] if allowed else [])


def cache_settings(**env) -> dict:
    code = "import json, conflictmap.settings as s; print(json.dumps(s.CACHES['default']))"
    result = python(code, DJANGO_SECRET_KEY="k", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_cache_is_shared_files_on_spatialite_and_the_database_on_postgis():
    assert cache_settings()["BACKEND"].endswith("FileBasedCache")
    postgis = cache_settings(DATABASE_URL="postgis://u@db.example:5432/site")
    assert postgis["BACKEND"].endswith("DatabaseCache")
    redis = cache_settings(CACHE_URL="redis://cache.example:6379/2")
    assert (redis["BACKEND"], redis["LOCATION"]) == (
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.example:6379/2",
    )
    assert cache_settings(CACHE_URL="file:///srv/cache")["LOCATION"] == "/srv/cache"


def test_a_cache_url_of_an_unknown_kind_is_refused():
    result = settings_with(DJANGO_SECRET_KEY="k", CACHE_URL="memcached://x")
    assert result.returncode != 0 and "CACHE_URL='memcached://x': use redis://" in result.stderr


def redis_answers() -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379 on this machine")
def test_answers_are_shared_through_redis_when_cache_url_says_so():
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "cache.set('cm:test', 'shared', 30); print(cache.get('cm:test')); cache.delete('cm:test')"
    )
    result = python(code, DJANGO_SECRET_KEY="k", CACHE_URL="redis://127.0.0.1:6379/15")
    assert result.stdout.strip() == "shared", result.stderr

"""make lint's gates can fail: on a copy of the project, a layer broken on purpose fails the
import contracts, a type error fails mypy, and a model field without its migration fails
makemigrations --check; the copy as it is passes each (so it is the fault that fails it)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SKIP = shutil.ignore_patterns(".venv", "var", ".git", "__pycache__", ".mypy_cache", "*.sqlite3")


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("lint") / "project"
    shutil.copytree(ROOT, target, ignore=SKIP)
    if (ROOT / ".mypy_cache").is_dir():
        # make lint's cache, when it has run: mypy then checks only what changed, as it does
        # for a developer (a few seconds less), and still every module the change reaches.
        shutil.copytree(ROOT / ".mypy_cache", target / ".mypy_cache")
    return target


def run(copy: Path, *command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SECRET_KEY": "lint-gates", "PYTHONPATH": str(copy)}
    env.pop("DATABASE_URL", None)  # makemigrations reads no database; SpatiaLite settings load
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=300)


def broken(path: Path, addition: str):
    """The file with `addition` at its end, for the length of a `with` block."""

    class Broken:
        def __enter__(self):
            self.original = path.read_text()
            path.write_text(self.original + addition)

        def __exit__(self, *exc):
            path.write_text(self.original)

    return Broken()


def lint_imports(copy: Path) -> subprocess.CompletedProcess:
    return run(copy, str(BIN / "lint-imports"))


def test_the_contracts_hold_on_the_project_as_it_is(copy):
    result = lint_imports(copy)
    assert result.returncode == 0, result.stdout
    assert "0 broken" in result.stdout


# Each case: a file, the import added to it, and the contract that must then be broken. The
# first three are the imports the issue found added unnoticed when contracts listed modules
# by hand; the rest prove the other contracts bite.
VIOLATIONS = [
    ("events/admin/records.py", "from events.demo import scenario", "Nothing imports the demo"),
    ("events/lib/tiles.py", "from events.web import pages", "The layers"),
    ("events/services/gazetteer.py", "from events.demo import loading", "The layers"),
    ("events/models/common.py", "from events.admin import records", "The layers"),
    ("events/web/pages.py", "from events.services import workflow", "The public web only reads"),
    ("events/interchange/acled.py", "from events.services import workflow", "The layers"),
    ("events/geocoding/names.py", "from events.drafting import text", "The layers"),
    ("events/selectors/territory.py", "from events.interchange import acled", "The layers"),
]


@pytest.mark.parametrize(("path", "line", "contract"), VIOLATIONS)
def test_a_forbidden_import_breaks_its_contract(copy, path, line, contract):
    with broken(copy / path, f"\n{line}  # noqa\n"):
        result = lint_imports(copy)
    assert result.returncode != 0, result.stdout
    broken_part = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken_part
    module = path.removesuffix(".py").replace("/", ".")
    assert module in broken_part


def test_the_demo_may_import_itself(copy):
    # synthetic data reuses the demo's loading: inside one package, not across the layers
    with broken(copy / "events/demo/synthetic.py", "\nfrom events.demo import loading  # noqa\n"):
        assert lint_imports(copy).returncode == 0


def test_a_module_outside_every_package_breaks_the_layers(copy):
    stray = copy / "events/stray.py"
    stray.write_text("VALUE = 1\n")
    try:
        result = lint_imports(copy)
    finally:
        stray.unlink()
    assert result.returncode != 0
    assert "events.stray" in result.stdout


def test_mypy_passes_on_the_project_as_it_is(copy):
    result = run(copy, str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout
    assert "no issues found" in result.stdout


# One module of each package: mypy checks the whole tree, not a list that new modules miss.
TYPED_SOMEWHERE = [
    "events/lib/numbers.py",
    "events/models/zones.py",
    "events/selectors/territory.py",
    "events/services/imports/events.py",
    "events/admin/records.py",
    "events/web/pages.py",
    "events/demo/synthetic.py",
    "events/management/commands/import_events.py",
    "events/signals.py",
]


@pytest.mark.parametrize("path", TYPED_SOMEWHERE)
def test_a_type_error_anywhere_fails_mypy(copy, path):
    bad = '\n\ndef _wrong() -> int:\n    return "not a number"\n'
    with broken(copy / path, bad):
        result = run(copy, str(BIN / "mypy"))
    assert result.returncode != 0
    assert f"{path}:" in result.stdout
    assert 'Incompatible return value type (got "str", expected "int")' in result.stdout


def test_an_unannotated_function_fails_mypy_where_types_are_strict(copy):
    with broken(copy / "events/selectors/places.py", "\n\ndef _loose(value):\n    return value\n"):
        result = run(copy, str(BIN / "mypy"))
    assert result.returncode != 0
    assert "events/selectors/places.py:" in result.stdout and "no-untyped-def" in result.stdout


def test_a_field_without_its_migration_fails_the_migration_check(copy):
    check = (sys.executable, "manage.py", "makemigrations", "--check", "--dry-run")
    assert run(copy, *check).returncode == 0
    field = "    nickname = models.CharField(max_length=20, blank=True)\n"
    models = copy / "events/models/sources.py"
    original = models.read_text()
    anchor = "    title = models.CharField(max_length=500)\n"
    assert anchor in original
    models.write_text(original.replace(anchor, anchor + field, 1))
    try:
        result = run(copy, *check)
    finally:
        models.write_text(original)
    assert result.returncode != 0 and "nickname" in result.stdout

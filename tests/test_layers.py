"""Dependencies point one way: records ← defenders ← events ← petition ← cms.

Every module of every app is read as source: an import at the top or inside a
function, an `importlib.import_module("…")`, an `apps.get_model("app", …)` or
a lazy model reference such as `ForeignKey("app.Model")` that names an app to
the right of the module's own app fails the test. There are no exceptions.
"""

import ast
from pathlib import Path

import pytest

LAYERS = ["records", "defenders", "events", "petition", "cms"]
ROOT = Path(__file__).resolve().parent.parent
MODEL_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField", "ParentalKey"}
MODEL_FIELDS |= {"ParentalManyToManyField"}


def modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield app, path


def string_argument(call, position=0):
    if len(call.args) > position and isinstance(call.args[position], ast.Constant):
        value = call.args[position].value
        return value if isinstance(value, str) else None
    return None


def call_name(call):
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def named_apps(tree):
    """(line, app) for every app a module depends on, however it is named."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Call):
            name, text = call_name(node), string_argument(node)
            if text is None:
                continue
            if name == "import_module":
                yield node.lineno, text.split(".")[0]
            elif name == "get_model":
                yield node.lineno, text.split(".")[0]
            elif name in MODEL_FIELDS and "." in text:
                yield node.lineno, text.split(".")[0]


def violations():
    found = []
    for app, path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, other in named_apps(tree):
            if other in LAYERS and LAYERS.index(other) > LAYERS.index(app):
                found.append(f"{path.relative_to(ROOT)}:{line} ({app}) uses {other}")
    return found


def test_every_app_depends_only_on_the_apps_below_it():
    assert violations() == []


def test_the_check_sees_imports_in_functions_and_model_lookups(tmp_path):
    source = (
        "def f():\n"
        "    from cms.models import HomePage\n"
        "    apps.get_model('petition', 'PetitionPage')\n"
        "    importlib.import_module('events.views')\n"
        "x = models.ForeignKey('events.Event', on_delete=None)\n"
    )
    apps = sorted(named_apps(ast.parse(source)))
    assert apps == [(2, "cms"), (3, "petition"), (4, "events"), (5, "events")]


@pytest.mark.parametrize("app", LAYERS)
def test_every_app_is_read(app):
    assert any(path.name == "models.py" for owner, path in modules() if owner == app)

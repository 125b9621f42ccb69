"""Where a translatable string is used: the unit (an app, or one model of an app) whose
meaning it carries; a string used in two units needs a context (tests/words/test_catalogue.py)."""

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = {
    "accounts",
    "affairs",
    "branches",
    "dashboard",
    "hongjun",
    "initiatives",
    "reminders",
    "safety",
    "devtools",
}
TEMPLATE_APPS = {"inbox": "reminders", "registration": "accounts"}
# The site's frame (base.html, includes/, the error pages) names the apps' pages in the apps'
# own words: it is not a second meaning, so it belongs to no unit.
FRAME = "frame"


@functools.cache
def _classes(path):
    tree = ast.parse((ROOT / path).read_text())
    return [(n.lineno, n.end_lineno, n.name) for n in tree.body if isinstance(n, ast.ClassDef)]


def unit(path, line):
    """The unit a string at `path:line` belongs to: "app" or "app.Model" in a models file."""
    parts = path.split("/")
    if parts[0] == "tests":
        return None
    if parts[0] == "templates":
        if len(parts) == 2 or parts[1] == "includes":
            return FRAME
        return TEMPLATE_APPS.get(parts[1], parts[1])
    if parts[-1] == "models.py":
        for start, end, name in _classes(path):
            if start <= line <= end:
                return f"{parts[0]}.{name}"
    return parts[0]

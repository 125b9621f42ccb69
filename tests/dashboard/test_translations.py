"""Every string of the dashboard is in the zh_Hans catalogue, translated and not fuzzy."""

from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
OURS = ("dashboard/", "templates/dashboard/", "hongjun/models.py")


def test_dashboard_strings_are_translated():
    missing = [
        entry.msgid
        for entry in polib.pofile(str(CATALOGUE))
        if any(path.startswith(OURS) for path, _line in entry.occurrences)
        and (entry.fuzzy or not (entry.msgstr or entry.msgstr_plural.get(0)))
    ]
    assert missing == []

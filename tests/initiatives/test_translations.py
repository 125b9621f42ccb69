"""Every string of the projects area is in the zh_Hans catalogue, translated and not fuzzy."""

from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
OURS = ("initiatives/", "templates/initiatives/", "hongjun/themes.py")


def test_initiatives_strings_are_translated():
    missing = [
        entry.msgid
        for entry in polib.pofile(str(CATALOGUE))
        if any(path.startswith(OURS) for path, _line in entry.occurrences)
        and (entry.fuzzy or not (entry.msgstr or entry.msgstr_plural.get(0)))
    ]
    assert missing == []

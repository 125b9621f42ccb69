"""The words: a source string with two meanings carries a context, and the catalogue has a
Chinese word for each."""

from pathlib import Path

import polib

from .units import FRAME, unit

PO = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"

# Strings that mean the same everywhere, so one Chinese word serves every app. Keep it short:
# a word that could mean two things (Accept, Status, Kind, Name, Note, rating…) gets a context.
SHARED = {
    # buttons and paging: the same control on every page
    "Save",
    "Continue",
    "Filter",
    "Clear",
    "Edit",
    "Show",
    "Previous",
    "Next",
    "Pages",
    "Page %(n)s of %(total)s",
    "Back to the home page",
    # counts in a card header or a badge
    "%(n)s activity",
    "%(n)s overdue",
    # the organisation and the calendar: one thing, whoever names it
    "Branch",
    "branch",
    "All branches",
    "General branch",
    "Party group",
    "member",
    "Date",
    "date",
    "Time",
    "time",
    "Month",
    "month",
    "IP address",
    # a page named where a link leads to it: the same page from every app
    "Reminder settings",
    "Safety study",
}


def _unshared():
    """(msgid, units) for each string without a context used in two units."""
    found = []
    for entry in polib.pofile(str(PO)):
        if entry.msgctxt or entry.obsolete or entry.msgid in SHARED:
            continue
        units = {unit(path, int(line)) for path, line in entry.occurrences} - {None, FRAME}
        if len(units) > 1:
            found.append((entry.msgid, sorted(units)))
    return found


def test_a_string_used_in_two_apps_or_models_has_a_context():
    assert _unshared() == []


def test_the_unit_of_a_string_is_its_app_or_its_model():
    assert unit("affairs/models.py", _line("affairs/models.py", "class Transfer(")) == (
        "affairs.Transfer"
    )
    assert unit("templates/affairs/transfer_detail.html", 3) == "affairs"
    assert unit("templates/includes/nav.html", 3) == FRAME
    assert unit("safety/hazards/views.py", 3) == "safety"


def test_every_string_has_a_chinese_word_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    assert [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def _line(path, text):
    lines = (PO.parents[3] / path).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(text)) + 1

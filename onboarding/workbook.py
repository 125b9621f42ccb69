"""The template the committee downloads: a sheet for the organisation and one for the
roster, Chinese headers and an example row each, and a third sheet that says what each
column takes and lists the allowed values the columns' drop-downs read from."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from branches.models import Branch
from hongjun import xlsx

from . import columns
from .columns import ALLOWED_SHEET, ROSTER, SHEETS
from .reading import MAX_ROWS

# Where the allowed values sit on the third sheet: its table takes the first four columns.
LIST_COLUMN = 6


def template():
    """The template workbook, with the portal's branches as the roster's drop-down."""
    workbook = xlsx.new_workbook()
    sheets = {}
    for sheet in SHEETS:
        headers = [c.header for c in sheet.columns]
        sheets[sheet.kind] = xlsx.add_sheet(
            workbook, sheet.title, headers, [[c.example for c in sheet.columns]]
        )
    rules = [
        [sheet.title, c.header, pgettext("import", "yes") if c.required else "", _rule(c)]
        for sheet in SHEETS
        for c in sheet.columns
    ]
    help_sheet = xlsx.add_sheet(
        workbook,
        ALLOWED_SHEET,
        [_("Sheet"), _("Column"), _("Required"), _("What to write")],
        rules,
        caption=_(
            "Row 2 of each sheet is an example: left as it is, it is not imported. A member is "
            "found by 工号: importing a corrected file changes them and never adds them twice."
        ),
    )
    lists = [
        (c.header, list(c.parse.options), c.field)
        for c in ROSTER.columns
        if hasattr(c.parse, "options")
    ]
    lists.append(
        (_("Branches in the portal"), list(Branch.objects.values_list("name", flat=True)), "branch")
    )
    last_row = MAX_ROWS + 1
    for offset, (title, values, field) in enumerate(lists):
        index = LIST_COLUMN + offset
        letter = xlsx.get_column_letter(index)
        xlsx.put(help_sheet.cell(row=2, column=index), title)
        for row, value in enumerate(values, start=3):
            xlsx.put(help_sheet.cell(row=row, column=index), value)
        help_sheet.column_dimensions[letter].width = 24 if field == "branch" else 12
        if not values:
            continue
        target = _letter_of(ROSTER, field)
        source = f"'{ALLOWED_SHEET}'!${letter}$3:${letter}${len(values) + 2}"
        # New branches come from the organisation sheet: the branch list only warns.
        xlsx.choose_from(
            sheets["member"], f"{target}2:{target}{last_row}", source, strict=field != "branch"
        )
    return workbook


def _letter_of(sheet, field):
    index = [c.field for c in sheet.columns].index(field)
    return xlsx.get_column_letter(index + 1)


def _rule(column):
    parse = column.parse
    if hasattr(parse, "options"):
        return _("One of: %(allowed)s.") % {"allowed": "、".join(parse.options)}
    if parse is columns.date:
        return _("A date, like %(example)s.") % {"example": datetime.date(2008, 7, 1).isoformat()}
    if hasattr(parse, "max_length"):
        return _("Text of at most %(n)s characters.") % {"n": parse.max_length}
    return _("Like %(example)s.") % {"example": column.example}

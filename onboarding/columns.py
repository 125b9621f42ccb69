"""The workbook the import reads, as data: its sheets and their columns (header, field,
parser, required). A column more is one line in a sheet's list.

Headers are the file's format and are the same whatever language the portal is shown in: a
company's 花名册 is kept in Chinese, so they are Chinese here and not translated. Each parser
takes what the workbook reader read from a cell and returns a JSON value (text, or a date as
"YYYY-MM-DD"), or raises `CellError` with the kind of error and a message for the row.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hongjun import dates

# The kinds of error a row can have; the preview filters by them.
KINDS = {
    "required": gettext_lazy("Required cell empty"),
    "format": gettext_lazy("Wrong format"),
    "choice": gettext_lazy("Not an allowed value"),
    "too_long": gettext_lazy("Text too long"),
    "formula": gettext_lazy("Formula or markup"),
    "date": gettext_lazy("Date out of range"),
    "unknown": gettext_lazy("Branch or party group unknown"),
    "duplicate": gettext_lazy("Repeated in the file"),
    "conflict": gettext_lazy("Conflicts with the portal"),
}


class CellError(Exception):
    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


def _raw_text(value):
    """A cell's value as text: whole numbers without ".0" (工号 typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value)


_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _checked(text, max_length):
    """Common checks of a text cell; the length first, so 10 MB of text costs nothing more."""
    if len(text) > max_length:
        raise CellError(
            "too_long",
            _("At most %(max)s characters (this cell has %(n)s).")
            % {"max": max_length, "n": len(text)},
        )
    text = text.strip()
    if text.startswith(("=", "＝")):
        raise CellError("formula", _("A formula is not a value: type the value itself."))
    if _MARKUP.search(text):
        raise CellError("formula", _("Markup such as <…> is not allowed here."))
    if _CONTROL.search(text):
        raise CellError("format", _("The cell holds control characters."))
    return text


def text(max_length):
    """Free text (姓名, 岗位, names of branches): kept as typed, full-width punctuation too."""

    def parse(value):
        return _checked(_raw_text(value), max_length)

    parse.max_length = max_length
    return parse


def code(max_length, pattern, example):
    """An identifier (工号, 电话): full-width digits and letters read as half-width."""
    compiled = re.compile(pattern)

    def parse(value):
        raw = _raw_text(value)
        if len(raw) > max_length * 4:  # before NFKC, which may shorten full-width text
            return _checked(raw, max_length)
        result = _checked(unicodedata.normalize("NFKC", raw), max_length)
        result = re.sub(r"\s+", "", result)
        if result and not compiled.fullmatch(result):
            raise CellError("format", _("Write it like %(example)s.") % {"example": example})
        return result

    return parse


def email(value):
    raw = _raw_text(value)
    result = _checked(unicodedata.normalize("NFKC", raw) if len(raw) < 1000 else raw, 254)
    if result:
        try:
            validate_email(result)
        except ValidationError:
            raise CellError(
                "format", _("Not an e-mail address (like %(example)s).") % {"example": EXAMPLE_MAIL}
            ) from None
    return result.lower()


EXAMPLE_MAIL = "wangfang@hongjun.example"


def choice(options):
    """One of `options` ({cell text: stored value}); blank stays blank."""

    def parse(value):
        result = _checked(_raw_text(value), 20)
        if not result:
            return ""
        if result not in options:
            raise CellError(
                "choice",
                _("Write one of: %(allowed)s.") % {"allowed": "、".join(options)},
            )
        return options[result]

    parse.options = options
    return parse


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def date(value):
    """A date cell, or text such as 2001-07-01, 2001/7/1, 2001.07.01, 20010701, 2001年7月1日;
    within the portal's date bounds and not in the future."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        raw = _raw_text(value)
        if len(raw) > 40:
            raise CellError("format", _("Not a date: write it like 2001-07-01."))
        raw = unicodedata.normalize("NFKC", raw).strip()
        if not raw:
            return None
        _checked(raw, 40)
        day = None
        for pattern in _DATE_FORMATS:
            try:
                day = datetime.datetime.strptime(raw, pattern).date()
                break
            except ValueError:
                continue
        if day is None:
            raise CellError("format", _("Not a date: write it like 2001-07-01."))
    try:
        dates.validate_in_range(day)
    except ValidationError as error:
        raise CellError("date", " ".join(error.messages)) from None
    if day > timezone.localdate():
        raise CellError("date", _("The date is in the future."))
    return day.isoformat()


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: object
    required: bool = False
    example: object = ""
    note: str = ""


@dataclass(frozen=True)
class Sheet:
    title: str
    kind: str  # ImportRow.Sheet
    columns: list = field(default_factory=list)

    def column(self, name):
        return next(c for c in self.columns if c.field == name)


GENDERS = {"男": "m", "女": "f"}  # Member.Gender
STATUSES = {"正式党员": "full", "预备党员": "probationary"}  # Member.Status

# 党委 → 党总支 → 党支部 → 党小组: a row a 党支部, or a 党小组 with its 党支部. The 党委 is the
# portal's own (there is one); a blank 党总支 puts the branch directly under it.
ORGANISATION = Sheet(
    "组织机构",
    "org",
    [
        Column("党总支", "general_branch", text(100), example="电解党总支"),
        Column("党支部", "branch", text(100), required=True, example="电解一车间党支部"),
        Column("党小组", "group", text(100), example="电解一车间第一党小组"),
        Column("所在单位", "unit", text(100), example="电解一车间"),
    ],
)

# The Member fields on main, and the account's e-mail (`email`). A field not named below in
# services.LOOKUPS is a Member attribute of the same name.
ROSTER = Sheet(
    "党员花名册",
    "member",
    [
        Column("工号", "employee_no", code(20, r"[A-Za-z0-9_-]+", "HJ00123"), True, "HJ00123"),
        Column("姓名", "name", text(50), True, "王芳"),
        Column("性别", "gender", choice(GENDERS), example="女"),
        Column("所在党支部", "branch", text(100), True, "电解一车间党支部"),
        Column("党小组", "party_group", text(100), example="电解一车间第一党小组"),
        Column("党员类别", "status", choice(STATUSES), True, "正式党员"),
        Column("入党日期", "joined_on", date, example=datetime.date(2008, 7, 1)),
        Column("岗位", "post", text(100), example="电解工"),
        Column(
            "联系电话", "phone", code(20, r"\+?[0-9-]{5,20}", "13800000000"), example="13800000000"
        ),
        Column("电子邮箱", "email", email, example=EXAMPLE_MAIL),
    ],
)

SHEETS = [ORGANISATION, ROSTER]
ALLOWED_SHEET = "填写说明"

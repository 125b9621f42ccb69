"""Reading an uploaded workbook safely: the size, the zip inside, the sheets and headers.

What cannot be read at all is a form error (`ValidationError`); what one cell gets wrong is
that row's error (`columns.CellError`), so a file with a bad cell still shows every other row.
"""

import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hongjun import xlsx

from .columns import CellError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A roster of 8,000 unpacks to about 4 MB; a zip bomb declares gigabytes, and zipfile never
# inflates an entry past the size it declares.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 20000


def open_workbook(file):
    """The workbook in `file` (read-only: rows stream), or a ValidationError saying why not."""
    size = file.seek(0, 2)
    file.seek(0)
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            pgettext("import", "The file is larger than %(mb)s MB.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    not_xlsx = _("The file is not an Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError(not_xlsx) from None
    if "xl/workbook.xml" not in names:
        raise ValidationError(not_xlsx)
    if sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The workbook unpacks to more than %(mb)s MB: save it again or split it.")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    file.seek(0)
    try:
        return xlsx.load(file)
    except Exception:  # a damaged file raises a dozen kinds of error
        raise ValidationError(not_xlsx) from None


def normalise_header(value):
    text = unicodedata.normalize("NFKC", str(value or "")) if value is not None else ""
    return "".join(text.split()).strip("*")


def read_sheet(workbook, sheet):
    """The rows of `sheet` (a columns.Sheet) in the workbook, or None if it has no such sheet.

    Returns (rows, ignored headers); each row is (line, values, errors), `values` holding only
    the columns the file has, `errors` [header, kind, message] lists. Blank rows and the
    template's example row, left as it was, are skipped. Raises ValidationError when a
    required column is missing or the sheet cannot be read."""
    if sheet.title not in workbook.sheetnames:
        return None
    worksheet = workbook[sheet.title]
    try:
        lines = worksheet.iter_rows(values_only=True)
        header = next(lines, None) or ()
        positions, ignored = _positions(header, sheet)
        example = {c.field: c.parse(c.example) for c in sheet.columns}
        rows = []
        for line, cells in enumerate(lines, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ValidationError(
                    _("The sheet “%(sheet)s” has more than %(n)s rows.")
                    % {"sheet": sheet.title, "n": MAX_ROWS}
                )
            values, errors = _parse_row(cells, positions)
            if line == 2 and not errors and values == {f: example[f] for f in values}:
                continue
            rows.append((line, values, errors))
    except ValidationError:
        raise
    except Exception:  # a cell the reader cannot convert (a date serial past year 9999...)
        raise ValidationError(
            _("The sheet “%(sheet)s” cannot be read: save it again in Excel or WPS.")
            % {"sheet": sheet.title}
        ) from None
    return rows, ignored


def _positions(header, sheet):
    found = {}
    ignored = []
    by_header = {c.header: c for c in sheet.columns}
    for index, value in enumerate(header):
        name = normalise_header(value)
        column = by_header.get(name)
        if column is not None and column.field not in found:
            found[column.field] = (index, column)
        elif name:
            ignored.append(name[:50])
    missing = [c.header for c in sheet.columns if c.required and c.field not in found]
    if missing:
        raise ValidationError(
            _("The sheet “%(sheet)s” lacks the column(s) %(columns)s.")
            % {"sheet": sheet.title, "columns": "、".join(f"“{h}”" for h in missing)}
        )
    return list(found.values()), ignored


def _parse_row(cells, positions):
    values, errors = {}, []
    for index, column in positions:
        raw = cells[index] if index < len(cells) else None
        try:
            value = column.parse(raw)
        except CellError as error:
            errors.append([column.header, error.kind, error.message])
            continue
        if column.required and value in ("", None):
            errors.append([column.header, "required", _("This column must be filled in.")])
            continue
        values[column.field] = value
    return values, errors

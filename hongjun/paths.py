"""Paths for rows built in Python: reverse() once for a whole table, then a format string.

A table of 150 branches or 55 members links each row to the same page of another object;
`reverse()` a row is most of the cost of the links (docs/performance.md).
"""

from django.urls import reverse

_PK = 987654321  # stands for the object's id while the path is reversed


def path_pattern(name, *args):
    """The path of the URL `name` whose first argument is an object's id, as a format
    string with `{pk}` in the id's place: `path_pattern("hazards:detail").format(pk=7)`."""
    return reverse(name, args=[_PK, *args]).replace(str(_PK), "{pk}")

"""Correlated subqueries the list pages and the dashboard share."""

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce


def count_of(rows, field):
    """How many of `rows` point at the outer row through `field` (0 for none).

    A subquery a row, which PostgreSQL works out for the outer query's rows only (a page of
    25, or 150 branches), where a COUNT over joins groups every joined row first.
    """
    counted = rows.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(counted.annotate(n=Count("*")).values("n")), 0)


def sum_of(rows, field, column):
    """The sum of `column` over `rows` that point at the outer row through `field` (0 for
    none): `count_of` for a summary's counts, such as a session's tallies by branch."""
    summed = rows.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(summed.annotate(n=Sum(column)).values("n")), 0)

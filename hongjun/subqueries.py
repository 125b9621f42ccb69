"""Correlated subqueries the list pages and the dashboard share."""

from django.db.models import Aggregate, Count, OuterRef, Subquery, Sum, TextField, Value
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


class Joined(Aggregate):
    """Texts joined with commas: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite (the
    demo). For short lists only, such as a member's roles."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def joined_of(rows, field, text):
    """`text` (an expression) of `rows` that point at the outer row through `field`, joined
    with commas ("" for none)."""
    grouped = rows.filter(**{field: OuterRef("pk")}).order_by().values(field)
    joined = Subquery(grouped.annotate(t=Joined(text)).values("t"), output_field=TextField())
    return Coalesce(joined, Value(""), output_field=TextField())

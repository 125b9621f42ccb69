"""Each member's dues payments of a year, summed up, kept by triggers on the payments.

A payment or a reversal recounts its (member, year): the months whose rows stand paid (a
payment counts +1, a reversal -1: `affairs_queries._collection_sums` explains the ledger)
as a bit a month, and the amount of all the rows. Payments are never edited; a removal
or a change still recounts the old and the new (member, year). The summaries can be
rebuilt from the payments at any time (the backfill below is that query).

PostgreSQL: statement-level triggers with transition tables, so a COPY of 460,000
payments recounts each (member, year) once. SQLite (the demo): row triggers.
"""

import django.db.models.deletion
from django.db import migrations, models

YEAR = {
    "postgresql": "EXTRACT(YEAR FROM {m})::int",
    "sqlite": "CAST(strftime('%Y', {m}) AS INTEGER)",
}
MONTH = {
    "postgresql": "EXTRACT(MONTH FROM {m})::int",
    "sqlite": "CAST(strftime('%m', {m}) AS INTEGER)",
}


def _count(vendor, payments="branches_duespayment p", where="TRUE"):
    """INSERT the summaries of the (member, year) pairs of the payments `where` selects."""
    year, month = YEAR[vendor].format(m="p.month"), MONTH[vendor].format(m="p.month")
    return f"""
    INSERT INTO branches_duesyear (member_id, year, paid_months, amount)
    SELECT member_id, yr, SUM(CASE WHEN standing > 0 THEN bit ELSE 0 END), SUM(amt) FROM (
        SELECT p.member_id, {year} AS yr, 1 << ({month} - 1) AS bit,
            SUM(CASE WHEN p.reverses_id IS NULL THEN 1 ELSE -1 END) AS standing,
            SUM(p.amount) AS amt
        FROM {payments}
        WHERE {where}
        GROUP BY p.member_id, {year}, {month}
    ) g
    GROUP BY member_id, yr"""  # noqa: S608 (fixed tables and columns, no input)


POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION branches_dues_year_recount(mm bigint[], yy int[])
RETURNS void AS $$
BEGIN
    IF mm IS NULL THEN
        RETURN;
    END IF;
    DELETE FROM branches_duesyear WHERE (member_id, year) IN (SELECT * FROM unnest(mm, yy));
    {
    _count(
        "postgresql",
        payments="unnest(mm, yy) AS k(member_id, yr) JOIN branches_duespayment p "
        "ON p.member_id = k.member_id AND p.month >= make_date(k.yr, 1, 1) "
        "AND p.month < make_date(k.yr + 1, 1, 1)",
    )
};
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION branches_dues_year_from_payment() RETURNS trigger AS $$
DECLARE
    mm bigint[];
    yy int[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(member_id), array_agg(yr) INTO mm, yy FROM (
            SELECT DISTINCT member_id, EXTRACT(YEAR FROM month)::int AS yr FROM dues_new
        ) k;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(member_id), array_agg(yr) INTO mm, yy FROM (
            SELECT DISTINCT member_id, EXTRACT(YEAR FROM month)::int AS yr FROM dues_old
        ) k;
    ELSE
        SELECT array_agg(member_id), array_agg(yr) INTO mm, yy FROM (
            SELECT member_id, EXTRACT(YEAR FROM month)::int AS yr FROM dues_new
            UNION
            SELECT member_id, EXTRACT(YEAR FROM month)::int FROM dues_old
        ) k;
    END IF;
    PERFORM branches_dues_year_recount(mm, yy);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER branches_dues_year_insert AFTER INSERT ON branches_duespayment
    REFERENCING NEW TABLE AS dues_new
    FOR EACH STATEMENT EXECUTE FUNCTION branches_dues_year_from_payment();
CREATE TRIGGER branches_dues_year_update AFTER UPDATE ON branches_duespayment
    REFERENCING OLD TABLE AS dues_old NEW TABLE AS dues_new
    FOR EACH STATEMENT EXECUTE FUNCTION branches_dues_year_from_payment();
CREATE TRIGGER branches_dues_year_delete AFTER DELETE ON branches_duespayment
    REFERENCING OLD TABLE AS dues_old
    FOR EACH STATEMENT EXECUTE FUNCTION branches_dues_year_from_payment();
"""  # noqa: S608 (fixed tables and columns, no input)

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS branches_dues_year_insert ON branches_duespayment;
DROP TRIGGER IF EXISTS branches_dues_year_update ON branches_duespayment;
DROP TRIGGER IF EXISTS branches_dues_year_delete ON branches_duespayment;
DROP FUNCTION IF EXISTS branches_dues_year_from_payment();
DROP FUNCTION IF EXISTS branches_dues_year_recount(bigint[], int[]);
"""


def _sqlite_recount(row):
    year = YEAR["sqlite"]
    same = f"member_id = {row}.member_id AND year = {year.format(m=f'{row}.month')}"
    where = (
        f"p.member_id = {row}.member_id AND {year.format(m='p.month')} = "
        f"{year.format(m=f'{row}.month')}"
    )
    return f"DELETE FROM branches_duesyear WHERE {same}; {_count('sqlite', where=where)};"  # noqa: S608


SQLITE = [
    "CREATE TRIGGER branches_dues_year_insert AFTER INSERT ON branches_duespayment "
    f"BEGIN {_sqlite_recount('NEW')} END;",
    "CREATE TRIGGER branches_dues_year_update AFTER UPDATE ON branches_duespayment "
    f"BEGIN {_sqlite_recount('OLD')} {_sqlite_recount('NEW')} END;",
    "CREATE TRIGGER branches_dues_year_delete AFTER DELETE ON branches_duespayment "
    f"BEGIN {_sqlite_recount('OLD')} END;",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS branches_dues_year_{event}" for event in ("insert", "update", "delete")
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"No dues summary triggers for {vendor}.")
    schema_editor.execute(_count(vendor))


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0008_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DuesYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "paid_months",
                    models.PositiveIntegerField(
                        default=0, verbose_name="months paid (a bit a month)"
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=12, verbose_name="amount (yuan)"
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="branches.member",
                        verbose_name="member",
                    ),
                ),
            ],
            options={
                "verbose_name": "dues year",
                "verbose_name_plural": "dues years",
                "constraints": [
                    models.UniqueConstraint(fields=("member", "year"), name="dues_year_unique")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]

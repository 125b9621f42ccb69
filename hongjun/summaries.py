"""Summary tables kept by database triggers: a declarative spec, its SQL for PostgreSQL and SQLite.

A summary is a table of aggregates over a source table (`Summary.source`, alias `a`),
grouped by a *partition* key (say a branch and a local month) and, inside it, by further
columns (say the activity kind and theme). When a row of a watched table changes, the
triggers recount every partition the change touches, before and after, from the source:
they delete the partition's summary rows and insert them again. So the summary can always
be rebuilt from the source (the backfill is the same query), every writer (a save, a bulk
insert, a COPY, the admin) keeps it true, and a new value of a grouping column (a new
activity kind) is a new row, not a schema change.

- PostgreSQL: statement-level triggers with transition tables, so a COPY of 60,000 rows
  recounts each partition once.
- SQLite (the demo): row triggers. A local month is the zone's fixed offset from UTC,
  refused for a zone with daylight saving.

Migrations use `CreateSummary(spec)`. The SQL a spec produces is part of the migrations
that already ran: change what it means only with a new operation, never by editing this
module's output for an existing spec.
"""

# ruff: noqa: S608 (SQL from the specs in migrations: identifiers and SQL we write, no input)

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import router
from django.db.migrations.operations.base import Operation


def _quote(text):
    return text.replace("'", "''")


@dataclass(frozen=True)
class Column:
    """A partition key copied from a source column: `name` in the summary, `sql_type` for
    PostgreSQL's arrays, `source` the column of the source row (`a`)."""

    name: str
    sql_type: str
    source: str

    def value(self, vendor, row="a"):
        return f"{row}.{self.source}"

    def pg_match(self, key):
        return f"a.{self.source} = {key}"

    def sqlite_match(self, value):
        return f"a.{self.source} = {value}"


@dataclass(frozen=True)
class LocalMonth:
    """A partition key: the first day of the local calendar month (settings.TIME_ZONE, as
    it is when the migration runs) of a source timestamp column."""

    name: str
    source: str
    sql_type: str = "date"

    def value(self, vendor, row="a"):
        column = f"{row}.{self.source}"
        if vendor == "postgresql":
            return f"date_trunc('month', {column} AT TIME ZONE '{_quote(_zone())}')::date"
        return f"strftime('%Y-%m-01', {column}, '{_sqlite_offset()}')"

    def pg_match(self, key):
        # A range on the raw column, so the recount reads the source's index on it.
        tz = _quote(_zone())
        return (
            f"a.{self.source} >= ({key}::timestamp AT TIME ZONE '{tz}') AND a.{self.source} "
            f"< (({key} + interval '1 month')::timestamp AT TIME ZONE '{tz}')"
        )

    def sqlite_match(self, value):
        return f"{self.value('sqlite')} = {value}"


def _zone():
    return settings.TIME_ZONE


def _sqlite_offset():
    zone = zoneinfo.ZoneInfo(_zone())
    year = datetime.date.today().year
    offsets = {datetime.datetime(year, m, 1, tzinfo=zone).utcoffset() for m in (1, 4, 7, 10)}
    if len(offsets) != 1:
        raise RuntimeError("The SQLite summary triggers need a time zone without daylight saving.")
    return f"{int(offsets.pop().total_seconds() // 60):+d} minutes"


@dataclass(frozen=True)
class Watch:
    """A table whose changed rows (`r`) name the partitions to recount. `through` joins a
    changed row to its source row `a`, with `{r}` for the changed row
    (`"a.id = {r}.activity_id"`); empty when the table is the source itself."""

    table: str
    through: str = ""


@dataclass(frozen=True)
class Summary:
    """What a summary table holds. `partition` are `Column`/`LocalMonth` keys; `groups` and
    `values` are (summary column, SQL over `a` and `joins`) pairs, `values` aggregates; only
    source rows that `where` keeps are counted."""

    name: str
    table: str
    source: str
    partition: tuple
    groups: tuple
    values: tuple
    watches: tuple
    joins: str = ""
    where: str = "TRUE"
    events: tuple = field(default=("insert", "update", "delete"))

    @property
    def columns(self):
        names = [k.name for k in self.partition] + [c for c, _ in self.groups + self.values]
        return ", ".join(names)

    def _select(self, vendor, key_join="", match=""):
        """The summary rows of the source rows that `key_join` and `match` keep."""
        exprs = [k.value(vendor) for k in self.partition]
        exprs += [e for _, e in self.groups + self.values]
        group_by = ", ".join(str(i + 1) for i in range(len(self.partition) + len(self.groups)))
        return (
            f"SELECT {', '.join(exprs)} FROM {self.source} a {key_join} {self.joins} "
            f"WHERE ({self.where}) {match} GROUP BY {group_by}"
        )

    def backfill(self, vendor):
        return f"INSERT INTO {self.table} ({self.columns}) {self._select(vendor)}"

    # PostgreSQL ---------------------------------------------------------------------

    def _pg_recount(self):
        keys = [f"k{i}" for i in range(len(self.partition))]
        args = ", ".join(f"{k} {p.sql_type}[]" for k, p in zip(keys, self.partition, strict=True))
        unnest = f"unnest({', '.join(keys)}) AS k({', '.join(f'c{i}' for i in range(len(keys)))})"
        same = " AND ".join(f"s.{p.name} = k.c{i}" for i, p in enumerate(self.partition))
        match = " AND ".join(p.pg_match(f"k.c{i}") for i, p in enumerate(self.partition))
        key_join = f"JOIN (SELECT DISTINCT * FROM {unnest}) k ON {match}"
        return f"""
CREATE OR REPLACE FUNCTION {self.name}_recount({args}) RETURNS void AS $$
BEGIN
    IF k0 IS NULL THEN
        RETURN;
    END IF;
    DELETE FROM {self.table} s USING {unnest} WHERE {same};
    INSERT INTO {self.table} ({self.columns}) {self._select("postgresql", key_join)};
END;
$$ LANGUAGE plpgsql;
"""

    def _pg_keys(self, watch, rows):
        """SELECT the partitions of the changed rows in the relation `rows` INTO k0, k1..."""
        n = len(self.partition)
        values = ", ".join(f"{p.value('postgresql')} AS c{i}" for i, p in enumerate(self.partition))
        if watch.through:
            source = f"{rows} r JOIN {self.source} a ON {watch.through.format(r='r')}"
        else:
            source = f"{rows} a"
        aggs = ", ".join(f"array_agg(k.c{i})" for i in range(n))
        into = ", ".join(f"k{i}" for i in range(n))
        return f"SELECT {aggs} INTO {into} FROM (SELECT DISTINCT {values} FROM {source}) k;"

    def _pg_watch(self, watch):
        function = f"{self.name}_from_{watch.table}"
        declare = "".join(f"    k{i} {p.sql_type}[];\n" for i, p in enumerate(self.partition))
        args = ", ".join(f"k{i}" for i in range(len(self.partition)))
        both = "(SELECT * FROM summary_new UNION ALL SELECT * FROM summary_old)"
        body = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
DECLARE
{declare}BEGIN
    IF TG_OP = 'INSERT' THEN
        {self._pg_keys(watch, "summary_new")}
    ELSIF TG_OP = 'DELETE' THEN
        {self._pg_keys(watch, "summary_old")}
    ELSE
        {self._pg_keys(watch, both)}
    END IF;
    PERFORM {self.name}_recount({args});
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
        refs = {
            "insert": "NEW TABLE AS summary_new",
            "update": "OLD TABLE AS summary_old NEW TABLE AS summary_new",
            "delete": "OLD TABLE AS summary_old",
        }
        return body + "".join(
            f"CREATE TRIGGER {self._trigger(watch, event)} AFTER {event.upper()} "
            f"ON {watch.table} REFERENCING {refs[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();\n"
            for event in self.events
        )

    def _trigger(self, watch, event):
        return f"{self.name}_{watch.table}_{event}"

    def postgresql(self):
        return [self._pg_recount(), *(self._pg_watch(w) for w in self.watches)]

    def postgresql_reverse(self):
        args = ", ".join(f"{p.sql_type}[]" for p in self.partition)
        return [
            *(
                f"DROP TRIGGER IF EXISTS {self._trigger(w, e)} ON {w.table};"
                for w in self.watches
                for e in self.events
            ),
            *(f"DROP FUNCTION IF EXISTS {self.name}_from_{w.table}();" for w in self.watches),
            f"DROP FUNCTION IF EXISTS {self.name}_recount({args});",
        ]

    # SQLite ---------------------------------------------------------------------------

    def _sqlite_recount(self, watch, row):
        """Recount the partition of the changed row `row` (NEW or OLD)."""
        if watch.through:
            through = watch.through.format(r=row)

            def key(p):
                return f"(SELECT {p.value('sqlite')} FROM {self.source} a WHERE {through})"
        else:

            def key(p):
                return p.value("sqlite", row)

        values = [key(p) for p in self.partition]
        same = " AND ".join(f"{p.name} = {v}" for p, v in zip(self.partition, values, strict=True))
        match = "".join(
            f" AND {p.sqlite_match(v)}" for p, v in zip(self.partition, values, strict=True)
        )
        return (
            f"DELETE FROM {self.table} WHERE {same}; "
            f"INSERT INTO {self.table} ({self.columns}) {self._select('sqlite', match=match)};"
        )

    def sqlite(self):
        bodies = {
            "insert": lambda w: self._sqlite_recount(w, "NEW"),
            "update": lambda w: self._sqlite_recount(w, "OLD") + self._sqlite_recount(w, "NEW"),
            "delete": lambda w: self._sqlite_recount(w, "OLD"),
        }
        return [
            f"CREATE TRIGGER {self._trigger(w, e)} AFTER {e.upper()} ON {w.table} "
            f"BEGIN {bodies[e](w)} END;"
            for w in self.watches
            for e in self.events
        ]

    def sqlite_reverse(self):
        return [
            f"DROP TRIGGER IF EXISTS {self._trigger(w, e)}"
            for w in self.watches
            for e in self.events
        ]

    # Both -----------------------------------------------------------------------------

    def create(self, vendor):
        """The statements that install the triggers and fill the table from the source."""
        if vendor == "postgresql":
            return [*self.postgresql(), self.backfill(vendor)]
        if vendor == "sqlite":
            return [*self.sqlite(), self.backfill(vendor)]
        raise NotImplementedError(f"No summary triggers for {vendor}.")

    def drop(self, vendor):
        """The statements that remove the triggers (the table stays, with its rows)."""
        if vendor == "postgresql":
            return self.postgresql_reverse()
        if vendor == "sqlite":
            return self.sqlite_reverse()
        raise NotImplementedError(f"No summary triggers for {vendor}.")


class CreateSummary(Operation):
    """A migration operation: install a summary's triggers and fill its table from the
    source (the table itself is the model's, created by `CreateModel` before it).
    Reversed, it drops the triggers."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, summary):
        self.summary = summary

    def state_forwards(self, app_label, state):
        pass

    def _run(self, app_label, schema_editor, statements):
        if not router.allow_migrate(schema_editor.connection.alias, app_label):
            return
        for statement in statements(schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, self.summary.create)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, self.summary.drop)

    def describe(self):
        return f"Triggers that keep the summary {self.summary.table}"

    @property
    def migration_name_fragment(self):
        return f"summary_{self.summary.name}"

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.summary], {})

"""The default cadence rules are written once (branches.cadences): the seeded rows and the
generators follow them."""

import importlib
from collections import Counter

from branches import cadences
from branches.compliance import periods_of_year
from branches.models import ActivityKind, Cadence


def test_a_fresh_database_holds_the_default_rules(db):
    rows = list(Cadence.objects.order_by("order").values_list("kind", "period", "minimum"))
    assert rows == [(r.kind, r.period, r.minimum) for r in cadences.DEFAULTS]


def test_the_seeding_migration_keeps_the_same_rows():
    # The migration holds its own frozen copy (it must not import code that changes later).
    seed = importlib.import_module("branches.migrations.0003_seed_cadences")
    assert [(r.kind, r.period, r.minimum) for r in cadences.DEFAULTS] == seed.DEFAULTS


def test_every_default_names_a_kind_a_period_and_its_source():
    for rule in cadences.DEFAULTS:
        assert rule.kind in ActivityKind.values
        assert rule.period in Cadence.Period.values
        assert rule.source


def test_holding_each_kind_when_the_generators_do_meets_every_rule():
    for rule in cadences.DEFAULTS:
        held = Counter(m for m in range(1, 13) if cadences.held_in(rule.kind, m))
        for period in periods_of_year(rule.period, 2026):
            months = {m for _, m in period.months()}
            assert sum(held[m] for m in months) >= rule.minimum, (rule.kind, period)


def test_the_quarterly_meetings_fall_in_their_usual_months():
    assert [m for m in range(1, 13) if cadences.held_in("general_meeting", m)] == [2, 5, 8, 11]
    assert [m for m in range(1, 13) if cadences.held_in("party_lecture", m)] == [3, 6, 9, 12]
    assert [m for m in range(1, 13) if cadences.held_in("appraisal", m)] == [12]

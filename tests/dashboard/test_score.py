"""The score against a hand computation, the committee's weights and their refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from branches.compliance import period_of
from dashboard import indicators, score, services
from dashboard.models import ScoreWeight
from hongjun.models import AuditEntry

from .conftest import TODAY

Q1 = period_of("quarter", datetime.date(2026, 1, 1))
WEIGHTS = reverse("dashboard:weights")


def scores(known, weight_of=None):
    f = indicators.collect([known.a, known.b, known.office], Q1, TODAY)
    return score.score(f, weight_of or score.weights())


def test_default_weights_add_up_to_100():
    assert sum(i.default_weight for i in score.INDICATORS) == 100


def test_score_by_hand_with_the_default_weights(known):
    assert score.weights() == {
        "compliance": 20,
        "attendance": 10,
        "first_topic": 10,
        "study": 10,
        "pledge": 10,
        "safety": 10,
        "hazards": 15,
        "initiatives": 15,
    }
    rows = {r.branch.pk: r for r in scores(known)}
    a = rows[known.a.pk]
    assert a.points == {
        "compliance": 75.0,
        "attendance": 71.4,
        "first_topic": 66.7,
        "study": 66.7,
        "pledge": 33.3,
        "safety": 50.0,
        "hazards": 66.7,
        "initiatives": 50.0,
    }
    # (75×20 + 71.4×10 + 66.7×10 + 66.7×10 + 33.3×10 + 50×10 + 66.7×15 + 50×15) / 100
    # = 6131.5 / 100 = 61.315, shown with one decimal, halves up.
    assert a.score == 61.3
    assert a.weighted["hazards"] == 10.01
    # B: nothing recorded gives 0 points; its one member signed and came to the study.
    assert rows[known.b.pk].points["attendance"] == 0
    assert rows[known.b.pk].score == 20.0
    assert rows[known.office.pk].score == 0.0
    assert [(r.rank, r.branch.pk) for r in scores(known)] == [
        (1, known.a.pk),
        (2, known.b.pk),
        (3, known.office.pk),
    ]


def test_score_follows_the_committees_weights(known, carol):
    services.set_weights(
        {
            "compliance": 0,
            "attendance": 0,
            "first_topic": 0,
            "study": 0,
            "pledge": 100,
            "safety": 0,
            "hazards": 0,
            "initiatives": 0,
        },
        by=carol.user,
    )
    rows = scores(known)
    assert [(r.branch.pk, r.score) for r in rows] == [
        (known.b.pk, 100.0),
        (known.a.pk, 33.3),
        (known.office.pk, 0.0),
    ]


def test_equal_scores_share_a_rank(known):
    weight_of = dict.fromkeys(score.BY_CODE, 0) | {"first_topic": 100}
    ranks = {r.branch.pk: r.rank for r in scores(known, weight_of)}
    assert ranks == {known.a.pk: 1, known.b.pk: 2, known.office.pk: 2}


def test_projects_give_fifty_points_each_up_to_a_hundred(known):
    from tests.factories import InitiativeFactory

    for _ in range(2):
        InitiativeFactory(
            branch=known.a,
            status="accepted",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 2, 1),
        )
    a = next(r for r in scores(known) if r.branch.pk == known.a.pk)
    assert a.points["initiatives"] == 100.0


def test_weights_that_do_not_add_up_to_100_are_refused(carol, db):
    with pytest.raises(ValidationError, match="120"):
        services.set_weights(dict.fromkeys(score.BY_CODE, 15), by=carol.user)
    assert not ScoreWeight.objects.exists()


def test_only_the_committee_sets_weights(sam, db):
    with pytest.raises(PermissionDenied):
        services.set_weights(score.weights(), by=sam.user)


def test_weights_page_refuses_a_wrong_total_with_a_message(client_for, carol):
    data = {i.code: i.default_weight for i in score.INDICATORS} | {"compliance": 30}
    response = client_for(carol).post(WEIGHTS, data)
    assert response.status_code == 200
    assert "权重合计为 110 %，必须恰好为 100 %。" in response.content.decode()
    assert not ScoreWeight.objects.exists()


def test_weights_page_refuses_a_negative_weight(client_for, carol):
    data = {i.code: i.default_weight for i in score.INDICATORS} | {"compliance": -5, "pledge": 45}
    response = client_for(carol).post(WEIGHTS, data)
    assert response.status_code == 200
    assert not ScoreWeight.objects.exists()


def test_weights_page_saves_and_audits(client_for, carol):
    data = {i.code: i.default_weight for i in score.INDICATORS} | {"compliance": 15, "pledge": 15}
    response = client_for(carol).post(WEIGHTS, data)
    assert response.status_code == 302
    assert score.weights()["compliance"] == 15
    entry = AuditEntry.objects.get(action="score_weight.set", object_repr__startswith="compliance")
    assert entry.changes == {"weight": [None, 15]}
    assert entry.actor == carol.user


def test_secretary_may_not_open_the_weights(client_for, sam):
    assert client_for(sam).get(WEIGHTS).status_code == 403
    assert client_for(sam).post(WEIGHTS, {"compliance": 100}).status_code == 403

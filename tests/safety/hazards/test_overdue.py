"""Overdue is computed from the deadline against today: the deadline day itself is not late."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safety.models import Hazard
from tests.factories import HazardFactory, HazardZoneFactory

DEADLINE = datetime.date(2025, 6, 10)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def hazard(alice):
    zone = HazardZoneFactory(branch=alice.branch)
    return HazardFactory(zone=zone, assigned=True, assignee=alice, deadline=DEADLINE)


def overdue_ids():
    return set(Hazard.objects.with_overdue().filter(is_overdue=True).values_list("pk", flat=True))


@time_machine.travel(datetime.datetime(2025, 6, 10, 23, 50, tzinfo=SHANGHAI), tick=False)
def test_not_overdue_on_the_deadline_day_itself(hazard):
    assert overdue_ids() == set()
    assert not Hazard.objects.overdue().exists()
    assert not hazard.overdue_on(DEADLINE)


@time_machine.travel(
    datetime.datetime(2025, 6, 11, 0, 5, tzinfo=SHANGHAI),
    tick=False,
)
def test_overdue_from_the_next_day(hazard):
    assert overdue_ids() == {hazard.pk}
    assert list(Hazard.objects.overdue()) == [hazard]
    assert hazard.overdue_on(DEADLINE + datetime.timedelta(days=1))


@time_machine.travel(
    datetime.datetime(2025, 7, 1, 9, 0, tzinfo=SHANGHAI),
    tick=False,
)
@pytest.mark.parametrize(
    ("status", "late"), [("returned", True), ("submitted", False), ("closed", False)]
)
def test_only_a_fix_still_owed_can_be_overdue(hazard, status, late):
    Hazard.objects.filter(pk=hazard.pk).update(status=status, closed_at="2025-06-30T10:00+08:00")
    assert (hazard.pk in overdue_ids()) is late


@time_machine.travel(
    datetime.datetime(2025, 6, 11, 9, 0, tzinfo=SHANGHAI),
    tick=False,
)
def test_list_filters_overdue_and_marks_it(client_for, sam, hazard):
    on_time = HazardFactory(zone=hazard.zone, assigned=True, deadline=datetime.date(2025, 6, 11))
    response = client_for(sam).get(reverse("hazards:list"), {"state": "overdue"})
    rows = list(response.context["page"])
    assert rows == [hazard]
    assert response.context["summary"]["overdue"] == 1
    assert "已逾期" in response.content.decode()
    all_rows = client_for(sam).get(reverse("hazards:list")).context["page"]
    assert {h.pk: h.is_overdue for h in all_rows} == {hazard.pk: True, on_time.pk: False}

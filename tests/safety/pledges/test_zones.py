"""Responsibility zones and violations: days without violation, per zone and per member."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hongjun.models import AuditEntry
from safety.models import SafetyZone, Violation
from safety.pledges import queries
from tests.factories import MemberFactory, SafetyZoneFactory, ViolationFactory

TODAY = datetime.date(2025, 6, 30)


@pytest.fixture
def zone(alice, sam):
    return SafetyZoneFactory(
        branch=alice.branch,
        name="3号电解槽",
        established_on=datetime.date(2025, 1, 1),
        responsible=[alice],
    )


def test_streaks_restart_for_the_zone_and_its_members_after_a_violation(alice, sam, zone):
    other = SafetyZoneFactory(
        branch=alice.branch,
        name="天车区",
        established_on=datetime.date(2025, 3, 1),
        responsible=[sam],
    )
    before = queries.zone_streaks(alice.branch, today=TODAY)
    assert {z.name: z.days for z in before["zones"]} == {"3号电解槽": 180, "天车区": 121}
    ViolationFactory(zone=zone, occurred_on=datetime.date(2025, 6, 20))
    after = queries.zone_streaks(alice.branch, today=TODAY)
    assert {z.name: z.days for z in after["zones"]} == {"3号电解槽": 10, "天车区": 121}
    assert {e["member"].name: e["days"] for e in after["members"]} == {"李爱丽": 10, "孙明": 121}
    assert other.violations.count() == 0


def test_member_counts_the_fewest_days_over_their_zones(alice, zone):
    second = SafetyZoneFactory(
        branch=alice.branch,
        name="出铝端",
        established_on=datetime.date(2025, 1, 1),
        responsible=[alice],
    )
    ViolationFactory(zone=second, occurred_on=datetime.date(2025, 6, 25))
    ViolationFactory(zone=zone, occurred_on=datetime.date(2025, 5, 1))
    (entry,) = queries.zone_streaks(alice.branch, today=TODAY)["members"]
    assert entry["days"] == 5


def test_branch_page_shows_zone_streaks(client_for, alice, zone):
    ViolationFactory(zone=zone, occurred_on=TODAY - datetime.timedelta(days=12))
    with time_machine.travel(datetime.datetime(2025, 6, 30, 10, 0), tick=False):
        body = client_for(alice).get(alice.branch.get_absolute_url()).content.decode()
    assert "安全责任区" in body
    assert "3号电解槽" in body
    assert '<span class="streak streak-short">12</span>' in body


def test_secretary_records_a_violation_and_the_streak_restarts(client_for, sam, zone):
    with time_machine.travel(datetime.datetime(2025, 6, 30, 10, 0), tick=False):
        response = client_for(sam).post(
            reverse("safety:violation_create", args=[zone.pk]),
            {"occurred_on": "2025-06-29", "severity": "serious", "description": "未执行三确认"},
            follow=True,
        )
        assert response.context["zone"].days == 1
    violation = Violation.objects.get()
    assert violation.recorded_by == sam.user
    assert AuditEntry.objects.filter(action="violation.recorded").exists()
    assert "违章已记录" in response.content.decode()


NEXT_MONTH = (datetime.date.today() + datetime.timedelta(days=31)).isoformat()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"occurred_on": NEXT_MONTH}, "日期不能晚于今天"),
        ({"occurred_on": "2999-01-01"}, "日期不能晚于"),  # past `hongjun.dates`' bounds
        ({"occurred_on": "2025-02-30"}, "输入一个有效的日期"),
        ({"severity": "fatal"}, "选择一个有效的选项"),
        ({"description": "  "}, "这个字段是必填项"),
    ],
)
def test_bad_violation_is_refused_in_chinese(client_for, sam, zone, data, message):
    base = {"occurred_on": "2025-06-01", "severity": "minor", "description": "未戴面罩"}
    response = client_for(sam).post(
        reverse("safety:violation_create", args=[zone.pk]), {**base, **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Violation.objects.exists()


def test_secretary_creates_a_zone_with_own_members_only(client_for, sam, alice, bob):
    url = reverse("safety:zone_create", args=[sam.branch.pk])
    data = {"name": "铸造机组", "location": "一号线", "established_on": "2025-01-01"}
    refused = client_for(sam).post(url, {**data, "responsible": [bob.pk]})
    assert refused.status_code == 200
    assert "选择一个有效的选项" in refused.content.decode()
    response = client_for(sam).post(url, {**data, "responsible": [alice.pk, sam.pk]})
    assert response.status_code == 302
    zone = SafetyZone.objects.get()
    assert set(zone.responsible.all()) == {alice, sam}
    duplicate = client_for(sam).post(url, {**data, "responsible": [alice.pk]})
    assert "本支部已有同名责任区" in duplicate.content.decode()
    assert SafetyZone.objects.count() == 1


def test_zone_access_rules(client_for, alice, sam, bob, carol, zone):
    detail = zone.get_absolute_url()
    record = reverse("safety:violation_create", args=[zone.pk])
    edit = reverse("safety:zone_edit", args=[zone.pk])
    create = reverse("safety:zone_create", args=[zone.branch.pk])
    # Another branch's secretary: 404 everywhere.
    for url in (detail, record, edit, create):
        assert client_for(bob).get(url).status_code == 404
    # A member of the branch sees the zone but may not change it.
    assert client_for(alice).get(detail).status_code == 200
    for url in (record, edit, create):
        assert client_for(alice).get(url).status_code == 403
    assert client_for(alice).post(record, {"occurred_on": "2025-06-01"}).status_code == 403
    # The committee may record anywhere.
    assert client_for(carol).get(record).status_code == 200
    assert not Violation.objects.exists()


def test_zone_list_shows_only_visible_zones(client_for, alice, bob, zone):
    SafetyZoneFactory(branch=bob.branch, name="混合炉")
    body = client_for(alice).get(reverse("safety:zone_list")).content.decode()
    assert "3号电解槽" in body
    assert "混合炉" not in body


def test_branch_page_and_zone_pages_stay_within_fixed_queries(
    client_for, sam, django_assert_max_num_queries
):
    # Not O(zones, members, violations): the zones section adds two queries to the
    # branch page's thirteen, whatever the branch holds.
    client = client_for(sam)
    for size in (1, 5):
        for _ in range(size):
            members = [MemberFactory(branch=sam.branch) for _ in range(3)]
            zone = SafetyZoneFactory(branch=sam.branch, responsible=members)
            ViolationFactory(zone=zone)
            ViolationFactory(zone=zone, occurred_on=datetime.date(2025, 1, 1))
        with django_assert_max_num_queries(18):
            assert client.get(sam.branch.get_absolute_url()).status_code == 200
        # The list: the branches to filter by, the count, the page and its members.
        with django_assert_max_num_queries(9):
            assert client.get(reverse("safety:zone_list")).status_code == 200
        with django_assert_max_num_queries(9):
            assert client.get(zone.get_absolute_url()).status_code == 200


def zone_names(response):
    return [z.name for z in response.context["zones"]]


def test_zone_list_shows_fifty_zones_a_page(client_for, carol, branch_a, branch_b):
    for i in range(30):
        SafetyZoneFactory(branch=branch_a, name=f"甲区{i:02d}")
        SafetyZoneFactory(branch=branch_b, name=f"乙区{i:02d}")
    client = client_for(carol)
    first = client.get(reverse("safety:zone_list"))
    second = client.get(reverse("safety:zone_list"), {"page": 2})
    assert first.context["page"].paginator.count == 60
    assert len(zone_names(first)) == 50 and len(zone_names(second)) == 10
    assert set(zone_names(first)).isdisjoint(zone_names(second))
    assert "第 1 页，共 2 页" in first.content.decode()


def test_committee_filters_zones_by_branch_and_adds_a_zone_there(client_for, carol, bob, zone):
    other = SafetyZoneFactory(
        branch=bob.branch, name="混合炉", established_on=datetime.date(2025, 1, 1)
    )
    ViolationFactory(zone=other, occurred_on=datetime.date(2025, 6, 1))
    ViolationFactory(zone=other, occurred_on=datetime.date(2025, 6, 20))
    client = client_for(carol)
    url = reverse("safety:zone_list")
    everything = client.get(url)
    body = everything.content.decode()
    assert set(zone_names(everything)) == {"3号电解槽", "混合炉"}
    # Every branch to choose from, and a zone is added once a branch is chosen.
    assert f'<option value="{bob.branch.pk}">{bob.branch.name}</option>' in body
    assert everything.context["choose_branch_to_add"]
    assert "/zones/new/" not in body
    with time_machine.travel(TODAY):
        response = client.get(url, {"branch": bob.branch.pk})
    assert zone_names(response) == ["混合炉"]
    [row] = response.context["zones"]
    assert (row.violation_count, row.since, row.days) == (2, datetime.date(2025, 6, 20), 10)
    body = response.content.decode()
    assert f'<option value="{bob.branch.pk}" selected>' in body
    assert reverse("safety:zone_create", args=[bob.branch.pk]) in body


def test_secretary_lists_own_zones_without_a_filter_and_adds_directly(client_for, sam, alice, zone):
    response = client_for(sam).get(reverse("safety:zone_list"))
    assert response.context["filter"] is None
    assert zone_names(response) == ["3号电解槽"]
    assert reverse("safety:zone_create", args=[sam.branch.pk]) in response.content.decode()
    # A member reads the zones but adds none.
    response = client_for(alice).get(reverse("safety:zone_list"))
    assert zone_names(response) == ["3号电解槽"]
    assert "/zones/new/" not in response.content.decode()


def test_zone_list_of_the_committee_stays_within_fixed_queries(
    client_for, carol, django_assert_max_num_queries
):
    # Not O(branches, zones, members, violations), on the first page or the last.
    client = client_for(carol)
    for size in (1, 30):
        for _ in range(size):
            zone = SafetyZoneFactory(responsible=[MemberFactory(), MemberFactory()])
            ViolationFactory(zone=zone)
        for page in (1, 2):
            with django_assert_max_num_queries(9):
                response = client.get(reverse("safety:zone_list"), {"page": page})
            assert response.status_code == 200

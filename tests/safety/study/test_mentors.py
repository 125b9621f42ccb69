"""导师带徒 pairs: kept as data by the branch's secretary (or the committee), read in scope."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from hongjun.models import AuditEntry
from safety.models import MentorPair
from tests.factories import MemberFactory, MentorPairFactory

URL = reverse("study:mentor_pairs")


def pair_data(branch, mentor, apprentice, **overrides):
    data = {
        "branch": branch.pk,
        "mentor": mentor.pk,
        "apprentice": apprentice.pk,
        "starts_on": "2025-03-01",
        "ends_on": "",
    }
    data.update(overrides)
    return data


def test_secretary_records_a_pair_of_the_branch(client_for, sam, alice):
    mentor = MemberFactory(branch=sam.branch, name="老师傅")
    response = client_for(sam).post(URL, pair_data(sam.branch, mentor, alice))
    assert response.status_code == 302
    pair = MentorPair.objects.get()
    assert (pair.mentor, pair.apprentice, pair.branch) == (mentor, alice, sam.branch)
    assert pair.starts_on == datetime.date(2025, 3, 1) and pair.ends_on is None
    assert AuditEntry.objects.filter(action="mentor_pair.created").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on": "2025-02-01"}, "结束日期不能早于开始日期"),
        ({"starts_on": ""}, "这个字段是必填项"),
    ],
)
def test_bad_dates_are_refused(client_for, sam, alice, overrides, message):
    response = client_for(sam).post(URL, pair_data(sam.branch, sam, alice, **overrides))
    assert message in response.content.decode()
    assert not MentorPair.objects.exists()


def test_mentor_and_apprentice_are_two_people(client_for, sam, alice):
    response = client_for(sam).post(URL, pair_data(sam.branch, alice, alice))
    assert "导师和徒弟不能是同一个人" in response.content.decode()
    assert not MentorPair.objects.exists()


def test_apprentice_of_another_branch_is_refused(client_for, sam, bob):
    response = client_for(sam).post(URL, pair_data(sam.branch, sam, bob))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not MentorPair.objects.exists()


def test_committee_picks_members_matching_the_branch(client_for, carol, sam, bob):
    response = client_for(carol).post(URL, pair_data(sam.branch, sam, bob))
    assert "请选择本党支部的党员" in response.content.decode()
    assert not MentorPair.objects.exists()


def test_member_may_read_but_not_record(client_for, alice, sam):
    MentorPairFactory(branch=alice.branch, apprentice=alice)
    client = client_for(alice)
    response = client.get(URL)
    assert response.status_code == 200 and response.context["form"] is None
    assert client.post(URL, pair_data(alice.branch, sam, alice)).status_code == 403
    assert MentorPair.objects.count() == 1


def test_pairs_are_scoped_to_the_branch(client_for, sam, bob):
    own = MentorPairFactory(branch=sam.branch)
    MentorPairFactory(branch=bob.branch)
    rows = client_for(sam).get(URL).context["page"]
    assert [p.pk for p in rows] == [own.pk]


def test_database_refuses_end_before_start_and_self_pairs(alice, sam):
    for kwargs in [
        {"mentor": sam, "apprentice": alice, "ends_on": datetime.date(2000, 1, 1)},
        {"mentor": alice, "apprentice": alice},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            MentorPair.objects.create(
                branch=alice.branch, starts_on=datetime.date(2025, 1, 1), **kwargs
            )

"""The committee enters the monthly green-power share; bad figures are refused politely."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from dashboard.models import GreenPowerShare
from hongjun.models import AuditEntry

URL = reverse("dashboard:green_power")


def test_committee_enters_a_month(client_for, carol, db):
    response = client_for(carol).post(URL, {"month": "2026-03", "percent": "37.5", "note": "风电"})
    assert response.status_code == 302
    row = GreenPowerShare.objects.get()
    assert (row.month, row.percent, row.entered_by) == (
        datetime.date(2026, 3, 1),
        Decimal("37.5"),
        carol.user,
    )
    assert AuditEntry.objects.filter(action="green_power.entered").exists()


def test_entering_a_month_again_corrects_it(client_for, carol, db):
    client = client_for(carol)
    client.post(URL, {"month": "2026-03", "percent": "37.5"})
    client.post(URL, {"month": "2026-03", "percent": "38"})
    assert list(GreenPowerShare.objects.values_list("percent", flat=True)) == [Decimal("38")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"month": "2026-03", "percent": "140"}, "100"),
        ({"month": "2026-03", "percent": "-1"}, "0"),
        ({"month": "March", "percent": "30"}, "请按“年-月”填写月份"),
        ({"month": "2026-06", "percent": "30"}, "该月份尚未开始"),
    ],
)
def test_bad_figures_are_refused_with_a_message(client_for, carol, db, data, message):
    response = client_for(carol).post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not GreenPowerShare.objects.exists()


def test_the_database_refuses_a_share_over_100(db):
    with pytest.raises(IntegrityError):
        GreenPowerShare.objects.create(month=datetime.date(2026, 1, 1), percent=Decimal("100.5"))


def test_only_the_committee_enters_it(client_for, sam, alice, db):
    assert client_for(sam).get(URL).status_code == 403
    assert client_for(alice).post(URL, {"month": "2026-03", "percent": "30"}).status_code == 403

"""党费: declared income → dues by the bands, payments per month, reversals, the ledger."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from affairs.models import DuesBase, DuesPayment
from hongjun.models import AuditEntry

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_march_2024():
    with time_machine.travel(datetime.datetime(2024, 3, 15, 10, 0), tick=False):
        yield


def declare(client, member, income="4000", category="in_service", valid_from="2024-01"):
    return client.post(
        reverse("affairs:dues_declare", args=[member.pk]),
        {"category": category, "income": income, "valid_from": valid_from},
    )


def pay(client, member, paid_month, amount="40.00", **extra):
    data = {"month": paid_month, "amount": amount, "method": "cash", "paid_on": "2024-03-10"}
    if extra.get("proxy"):  # 代缴 with the branch's consent, unless the test says otherwise
        data |= {"proxy_consent_by": "孙明", "proxy_consent_on": "2024-02-01"}
    return client.post(reverse("affairs:dues_pay", args=[member.pk]), data | extra)


def test_declared_income_gives_the_monthly_dues_by_band(client_for, sam, alice):
    assert declare(client_for(sam), alice, income="3000").status_code == 302
    base = DuesBase.objects.get(member=alice)
    assert base.monthly_dues == Decimal("15.00") and base.rate == Decimal("0.5")
    assert base.valid_from == D(2024, 1, 1)
    assert AuditEntry.objects.filter(action="dues.declared").exists()


@pytest.mark.parametrize("income", ["-1", "1000000.01", "abc"])
def test_negative_or_absurd_income_is_refused(client_for, sam, alice, income):
    response = declare(client_for(sam), alice, income=income)
    assert response.status_code == 200
    page = response.content.decode()
    assert "0 至 1,000,000 元" in page or "输入一个数字" in page
    assert not DuesBase.objects.exists()


def test_payment_recorded_then_second_payment_for_the_month_refused(client_for, sam, alice):
    client = client_for(sam)
    declare(client, alice)
    assert pay(client, alice, "2024-02", proxy="李家属").status_code == 302
    payment = DuesPayment.objects.get()
    assert (payment.month, payment.amount, payment.proxy) == (
        D(2024, 2, 1),
        Decimal("40"),
        "李家属",
    )
    assert payment.branch == alice.branch
    response = pay(client, alice, "2024-02")
    assert response.status_code == 200
    assert "2024-02 的党费已缴纳" in response.content.decode()
    assert DuesPayment.objects.count() == 1
    assert AuditEntry.objects.filter(action="dues.paid").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "0", "0.01 至 20,000 元"),
        ("amount", "20000.01", "0.01 至 20,000 元"),
        ("month", "2025-03", "最多只能预缴一年"),
        ("month", "2024-13", "年-月"),
    ],
)
def test_bad_payment_input_is_refused_in_chinese(client_for, sam, alice, field, value, message):
    response = pay(client_for(sam), alice, "2024-02", **{field: value})
    assert message in response.content.decode()
    assert not DuesPayment.objects.exists()


def test_reversal_is_a_new_entry_and_the_month_may_then_be_paid_again(client_for, sam, alice):
    client = client_for(sam)
    pay(client, alice, "2024-02", amount="400.00")
    wrong = DuesPayment.objects.get()
    response = client.post(
        reverse("affairs:payment_reverse", args=[wrong.pk]), {"reason": "金额录错"}
    )
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert wrong.amount == Decimal("400.00")  # never overwritten
    reversal = DuesPayment.objects.get(reverses=wrong)
    assert reversal.amount == Decimal("-400.00")
    assert pay(client, alice, "2024-02").status_code == 302
    assert DuesPayment.objects.filter(reverses__isnull=True).count() == 2
    assert AuditEntry.objects.filter(action="dues.reversed").exists()
    assert client.get(reverse("affairs:payment_reverse", args=[wrong.pk])).status_code == 405


def test_leap_february_is_one_month_like_any_other(client_for, sam, alice):
    client = client_for(sam)
    assert pay(client, alice, "2024-02-29").status_code == 302
    assert DuesPayment.objects.get().month == D(2024, 2, 1)
    assert "已缴纳" in pay(client, alice, "2024-02").content.decode()


def test_ledger_shows_who_has_not_paid_which_months(client_for, sam, alice):
    client = client_for(sam)
    declare(client, alice)
    declare(client, sam)
    pay(client, alice, "2024-01")
    pay(client, alice, "2024-02")
    response = client.get(reverse("affairs:dues_ledger", args=[sam.branch.pk]))
    rows = {r.member: r for r in response.context["rows"]}
    assert [m.month.month for m in rows[alice].unpaid_months] == [3]
    assert [m.month.month for m in rows[sam].unpaid_months] == [1, 2, 3]
    assert response.context["unpaid_count"] == 4


def test_ledger_grid_marks_each_month_and_escapes_names(client_for, sam, alice):
    from tests.factories import MemberFactory

    client = client_for(sam)
    declare(client, alice)
    pay(client, alice, "2024-01", proxy="王<代>")
    pay(client, alice, "2024-02")
    newcomer = MemberFactory(branch=sam.branch, name="<b>新</b>")  # not yet declared
    page = client.get(reverse("affairs:dues_ledger", args=[sam.branch.pk])).content.decode()
    row = page[page.index(f'<a href="/affairs/dues/members/{alice.pk}/?year=2024">') :]
    row = row[: row.index("</tr>")]
    # January paid by proxy, February paid, March unpaid (a link to record it), the rest to come.
    assert '<td class="text-center dues-paid" title="40.00 · 现金 · 代缴人 王&lt;代&gt;">' in row
    assert "✓<sup>代缴</sup>" in row
    assert row.count("dues-paid") == 2
    assert f'href="/affairs/dues/members/{alice.pk}/pay/?month=2024-03"' in row
    assert row.count('<td class="text-center text-muted">·</td>') == 9
    assert row.endswith('<td class="text-end">80.00</td>')
    assert "&lt;b&gt;新&lt;/b&gt;" in page and "<b>新</b>" not in page
    assert f'href="/affairs/dues/members/{newcomer.pk}/declare/"' in page


def test_export_is_an_xlsx_ledger(client_for, sam, alice):
    client = client_for(sam)
    declare(client, alice)
    pay(client, alice, "2024-01", proxy="王代")
    response = client.get(reverse("affairs:dues_export", args=[sam.branch.pk]) + "?year=2024")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "2024" in rows[0][0] and rows[1][0] == "姓名"
    alice_row = next(r for r in rows if r[0] == alice.name)
    # The amount is a number the treasurer can sum; who paid for her is said once, apart.
    assert alice_row[4] == 40 and alice_row[6] == "未缴"
    assert alice_row[-2] == "1月：王代"
    # 代缴 with the branch's consent (《规定》第十一条): who agreed and when, beside it.
    assert rows[1][-1] == "代缴经支部同意（同意人）"
    assert alice_row[-1] == "1月：孙明，2024-02-01"


def test_member_sees_own_dues_only_and_cannot_record(client_for, sam, alice, bob):
    client = client_for(sam)
    declare(client, alice)
    pay(client, alice, "2024-01")
    own = client_for(alice).get(reverse("affairs:member_dues", args=[alice.pk]))
    assert own.status_code == 200 and "40.00" in own.content.decode()
    assert client_for(alice).get(reverse("affairs:member_dues", args=[sam.pk])).status_code == 404
    assert pay(client_for(alice), alice, "2024-02").status_code == 403
    assert (
        client_for(alice).get(reverse("affairs:dues_ledger", args=[alice.branch.pk])).status_code
        == 403
    )
    assert client_for(bob).get(reverse("affairs:member_dues", args=[alice.pk])).status_code == 404
    assert (
        client_for(bob).get(reverse("affairs:dues_ledger", args=[alice.branch.pk])).status_code
        == 404
    )
    assert pay(client_for(bob), alice, "2024-02").status_code == 404
    assert DuesPayment.objects.count() == 1


def test_committee_sees_collection_by_branch(client_for, sam, alice, bob, carol):
    client = client_for(sam)
    declare(client, alice)
    pay(client, alice, "2024-01")
    response = client_for(carol).get(reverse("affairs:dues_home"))
    rows = {r["branch"]: r for r in response.context["rows"]}
    assert rows[alice.branch]["paid"] == 1 and rows[alice.branch]["due"] == 3
    assert rows[alice.branch]["amount"] == Decimal("40.00")
    assert rows[bob.branch]["due"] == 0
    page = response.content.decode()
    ledger = reverse("affairs:dues_ledger", args=[alice.branch.pk])
    export = reverse("affairs:dues_export", args=[alice.branch.pk])
    assert (
        f'<tr><td><a href="{ledger}?year=2024">{alice.branch.name}</a></td>'
        '<td class="text-end">2</td><td class="text-end">3</td><td class="text-end">1</td>'
        '<td class="text-end text-danger">2</td><td class="text-end">33%</td>'
        '<td class="text-end">40.00</td>'
        f'<td class="text-end"><a class="small" href="{export}?year=2024">导出</a></td></tr>'
    ) in page
    # A branch with nothing due: no rate.
    assert f'{bob.branch.name}</a></td><td class="text-end">1</td>' in page
    assert '<td class="text-end">—</td>' in page


def grid_totals(branch, year, today):
    """The collection's figures for `branch` the long way, from each member's grid."""
    from affairs.dues.queries import dues_grid
    from branches.models import Member

    rows = dues_grid(Member.objects.filter(branch=branch, is_active=True), year, today)
    due = sum(len(r.due_months) for r in rows)
    paid = sum(1 for r in rows for m in r.due_months if m.payment)
    return {
        "members": len(rows),
        "due": due,
        "paid": paid,
        "unpaid": due - paid,
        "amount": sum((r.paid_total for r in rows), Decimal("0")),
    }


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_collection_adds_up_what_each_members_grid_shows(client_for, sam, alice, carol, year):
    """Declared mid-year, paid before declaring, reversed and paid again, paid ahead: the
    committee's sums (one query) agree with the members' grids month by month."""
    client = client_for(sam)
    declare(client, alice, valid_from="2023-06")
    declare(client, sam, valid_from="2024-02")
    for month in ("2023-05", "2023-06", "2023-09", "2024-01", "2024-02", "2024-05"):
        # Paid on time (补交 is limited to six months back), the last one ahead.
        paid_on = min(f"{month}-10", "2024-03-10")
        assert pay(client, alice, month, paid_on=paid_on).status_code == 302
    for month in ("2024-01", "2024-02"):
        assert pay(client, sam, month, amount="25.50").status_code == 302
    wrong = DuesPayment.objects.get(member=alice, month=D(2024, 2, 1))
    client.post(reverse("affairs:payment_reverse", args=[wrong.pk]), {"reason": "录错"})
    undone = DuesPayment.objects.get(member=sam, month=D(2024, 1, 1))
    client.post(reverse("affairs:payment_reverse", args=[undone.pk]), {"reason": "录错"})
    assert pay(client, sam, "2024-01", amount="30.00").status_code == 302
    response = client_for(carol).get(reverse("affairs:dues_home"), {"year": year})
    rows = {r["branch"]: r for r in response.context["rows"]}
    expected = grid_totals(alice.branch, year, D(2024, 3, 15))
    assert {k: rows[alice.branch][k] for k in expected} == expected
    if year == 2024:
        # alice: Jan, Mar due and Jan paid (Feb reversed); sam: Feb, Mar due, Feb paid.
        assert expected == {
            "members": 2,
            "due": 5,
            "paid": 2,
            "unpaid": 3,
            "amount": Decimal("135.50"),
        }
    if year == 2025:
        assert expected["due"] == 0 and rows[alice.branch]["rate"] is None


@pytest.mark.parametrize("members", [1, 12])
def test_collection_queries_do_not_grow_with_members(
    client_for, sam, carol, django_assert_max_num_queries, members
):
    from tests.factories import MemberFactory

    client = client_for(sam)
    for member in MemberFactory.create_batch(members, branch=sam.branch):
        declare(client, member)
        pay(client, member, "2024-01")
    committee = client_for(carol)
    # Session, user, actor (2), reminders badge, the branches, one aggregate: not O(members).
    with django_assert_max_num_queries(7):
        response = committee.get(reverse("affairs:dues_home"))
    rows = {r["branch"]: r for r in response.context["rows"]}
    assert rows[sam.branch]["paid"] == members


# The 冲销 action on the payment rows -------------------------------------------------------


def test_reverse_shows_only_on_payments_that_stand_and_only_to_those_who_record(
    client_for, sam, alice
):
    client = client_for(sam)
    for month in ("2024-01", "2024-02", "2024-03"):
        pay(client, alice, month)
    wrong = DuesPayment.objects.get(month=D(2024, 2, 1))
    client.post(reverse("affairs:payment_reverse", args=[wrong.pk]), {"reason": "录错"})
    reversal = DuesPayment.objects.get(reverses=wrong)
    standing = DuesPayment.objects.filter(reverses__isnull=True, reversal__isnull=True)
    url = reverse("affairs:member_dues", args=[alice.pk])
    page = client.get(url).content.decode()
    for payment in standing:
        assert reverse("affairs:payment_reverse", args=[payment.pk]) in page
    for payment in (wrong, reversal):
        assert reverse("affairs:payment_reverse", args=[payment.pk]) not in page
    assert page.count('<details class="payment-reverse">') == 2
    # A quiet link first; the red button, saying what it cancels, only behind it.
    assert '<summary class="btn btn-sm btn-link text-muted">冲销…</summary>' in page
    assert "btn-outline-danger" not in page
    assert "冲销 2024-01 的 40.00 元" in page
    # The member reads their own payments without any 冲销.
    own = client_for(alice).get(url).content.decode()
    assert "payment-reverse" not in own and "40.00" in own


def test_a_reversal_cannot_be_reversed(client_for, sam, alice):
    client = client_for(sam)
    pay(client, alice, "2024-02")
    wrong = DuesPayment.objects.get()
    client.post(reverse("affairs:payment_reverse", args=[wrong.pk]), {"reason": "录错"})
    reversal = DuesPayment.objects.get(reverses=wrong)
    response = client.post(
        reverse("affairs:payment_reverse", args=[reversal.pk]), {"reason": "再冲"}, follow=True
    )
    assert "该笔缴费已被冲销。" in response.content.decode()
    assert DuesPayment.objects.count() == 2


@pytest.mark.parametrize("months", [1, 3])
def test_member_dues_page_queries_do_not_grow_with_payments(
    client_for, sam, alice, django_assert_max_num_queries, months
):
    client = client_for(sam)
    for month in range(1, months + 1):
        pay(client, alice, f"2024-{month:02d}")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("affairs:member_dues", args=[alice.pk])).content.decode()
    assert page.count('<details class="payment-reverse">') == months

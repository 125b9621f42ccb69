"""The dashboard page: who sees what, bad input, the drill-down links, the downloads and a
query count that does not grow with the company."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches.models import ActivityKind, Attendance
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    BranchFactory,
    GeneralBranchFactory,
    InitiativeFactory,
    MemberFactory,
    SafetyZoneFactory,
    ViolationFactory,
)

from .conftest import at

URL = reverse("dashboard:home")
Q1 = "period=quarter&year=2026&quarter=1"


def get(client, query):
    return client.get(f"{URL}?{query}")


def test_committee_sees_the_company_by_default(client_for, carol, known):
    response = client_for(carol).get(URL)
    assert response.status_code == 200
    assert response.context["scope"].key == "company"
    assert response.context["period"].label == "2026"
    assert {b.pk for b in response.context["figures"].branches} == {
        known.a.pk,
        known.b.pk,
        known.office.pk,
    }
    body = response.content.decode()
    assert "党建看板" in body and "全公司" in body


def test_secretary_sees_own_branch_only(client_for, sam, known):
    client = client_for(sam)
    response = client.get(URL)
    assert response.status_code == 200
    assert [b.pk for b in response.context["figures"].branches] == [known.a.pk]
    assert get(client, f"{Q1}&scope=branch:{known.a.pk}").status_code == 200
    assert get(client, f"{Q1}&scope=branch:{known.b.pk}").status_code == 404
    assert get(client, f"{Q1}&scope=company").status_code == 404


def test_member_has_no_dashboard(client_for, alice, known):
    assert client_for(alice).get(URL).status_code == 403


def test_unknown_or_malformed_scope_is_404(client_for, carol, known):
    client = client_for(carol)
    for scope in ("branch:999999", "general:999999", "branch:abc", "planet:1", "branch:"):
        assert get(client, f"{Q1}&scope={scope}").status_code == 404, scope


def test_a_future_period_gives_a_clear_message(client_for, carol, known):
    client = client_for(carol)
    response = get(client, "period=month&year=2026&month=6")
    assert response.status_code == 400
    assert "2026年6月 尚未开始" in response.content.decode()
    assert get(client, "period=year&year=2027").status_code == 400
    assert get(client, "period=quarter&year=2026&quarter=2").status_code == 200


def test_nonsense_period_values_give_a_message_not_a_500(client_for, carol, known):
    client = client_for(carol)
    for query in ("period=week&year=2026", "period=year&year=abc", "period=month&month=13"):
        response = get(client, query)
        assert response.status_code == 400, query
        assert "alert" in response.content.decode()


def test_general_branch_scope_covers_its_branches(client_for, carol, known):
    general = GeneralBranchFactory(name="电解铝党总支")
    known.a.general_branch = general
    known.a.save()
    response = get(client_for(carol), f"{Q1}&scope=general:{general.pk}")
    assert response.status_code == 200
    assert [b.pk for b in response.context["figures"].branches] == [known.a.pk]
    assert response.context["scope"].label == "电解铝党总支"
    url = response.context["tables"]["initiatives"].rows[1][3].url
    assert f"general_branch={general.pk}" in url


def test_every_number_links_to_its_filtered_records(client_for, carol, known):
    response = get(client_for(carol), f"{Q1}&scope=company")
    tables = response.context["tables"]
    row = tables["branches"].rows[
        [b.pk for b in response.context["figures"].branches].index(known.a.pk)
    ]
    assert all(cell.url for cell in row), [c.text for c in row if not c.url]
    kinds = {r[0].text: r[1].url for r in tables["kinds"].rows}
    lecture = kinds["党课"]
    assert "kind=party_lecture" in lecture and "date_from=2026-01-01" in lecture
    assert "date_to=2026-03-31" in lecture
    # The link lands on the one lecture of the quarter.
    listed = client_for(carol).get(lecture)
    assert [a.kind for a in listed.context["page"]] == [ActivityKind.PARTY_LECTURE]
    pledge_url = row[6].url
    assert (
        pledge_url == reverse("safety:rate_branch", args=[known.a.pk]) + f"?version={known.v1.pk}"
    )
    unsigned = client_for(carol).get(pledge_url).context["unsigned"]
    assert sorted(m.name for m in unsigned) == ["孙明", "王三"]
    zones = client_for(carol).get(row[8].url)
    assert {z.name for z in zones.context["zones"]} == {"Z1", "Z2", "Z3"}
    overdue = client_for(carol).get(row[10].url).context["page"]
    assert sorted(h.severity for h in overdue) == ["general", "major"]
    projects = client_for(carol).get(tables["initiatives"].rows[1][3].url)
    assert [i.pk for i in projects.context["page"]] == [known.running.pk]


def test_drill_down_of_kinds_lists_the_cadence_meetings(client_for, carol, known):
    response = get(client_for(carol), f"{Q1}&scope=branch:{known.a.pk}")
    url = response.context["tables"]["branches"].rows[0][1].url
    listed = client_for(carol).get(url)
    assert sorted(a.kind for a in listed.context["page"]) == [
        "committee_meeting",
        "committee_meeting",
        "general_meeting",
    ]


def test_secretary_drill_down_stays_in_own_branch(client_for, sam, bob, known):
    ActivityFactory(branch=known.b, starts_at=at(datetime.date(2026, 2, 2)))
    url = reverse("dashboard:activities")
    client = client_for(sam)
    listed = client.get(f"{url}?scope=branch:{known.a.pk}&status=held")
    assert {a.branch_id for a in listed.context["page"]} == {known.a.pk}
    assert client.get(f"{url}?scope=branch:{known.b.pk}").status_code == 404
    assert client.get(f"{url}?scope=company").status_code == 404


def test_the_page_shows_the_score_explained(client_for, carol, known):
    body = get(client_for(carol), f"{Q1}&scope=company").content.decode()
    assert "61.3" in body
    assert "得分的计算方法" in body
    assert 'id="dashboard-charts"' in body
    assert "<script>" not in body  # data in json_script only: the CSP forbids inline script


def test_any_table_downloads_as_xlsx(client_for, carol, known):
    url = reverse("dashboard:table_download", args=["branches"])
    response = client_for(carol).get(f"{url}?{Q1}&scope=company")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "党支部"
    a_row = next(r for r in values if r[0] == known.a.name)
    assert a_row[1:4] == [75, 4, 71.4]
    ranking = reverse("dashboard:table_download", args=["ranking"])
    sheet = load_workbook(BytesIO(client_for(carol).get(f"{ranking}?{Q1}").content)).active
    assert [c.value for c in sheet[3]][1:2] == [known.a.name]
    assert [c.value for c in sheet[3]][-1] == 61.3


def test_unknown_table_and_bad_period_downloads_are_404(client_for, carol, sam, known):
    client = client_for(carol)
    assert client.get(reverse("dashboard:table_download", args=["nope"])).status_code == 404
    url = reverse("dashboard:table_download", args=["branches"])
    assert client.get(f"{url}?period=year&year=2030").status_code == 404
    assert client_for(sam).get(f"{url}?scope=company").status_code == 404


def test_the_totals_row_is_marked_as_its_rows_are(client_for, carol, known):
    """The totals share the rows' markup: an overdue hazard or a violation is red there too
    (once lost when the body rows were written in Python and the totals in a template)."""
    response = get(client_for(carol), f"{Q1}&scope=company")
    table = response.context["tables"]["branches"]
    by_header = dict(zip(table.headers, table.footer, strict=True))
    overdue, violations = by_header["逾期隐患"], by_header["违章记录"]
    assert overdue.value and violations.value  # branch A's, in the company's totals
    body = response.content.decode().replace("&amp;", "&")
    tfoot = body[body.index("<tfoot>", body.index('id="table-branches"')) :]
    tfoot = tfoot[: tfoot.index("</tfoot>")]
    assert tfoot.count("text-danger") == 2, tfoot
    for cell in (overdue, violations):
        assert f'class="text-nowrap text-end text-danger"><a href="{cell.url}">' in tfoot


def test_stat_cards_link_to_the_totals_records_by_name(client_for, carol, known):
    response = get(client_for(carol), f"{Q1}&scope=company")
    total = response.context["total_cells"]
    body = response.content.decode().replace("&amp;", "&")
    assert total["pledges"].url == reverse("safety:rates") + f"?version={known.v1.pk}"
    for name in ("compliance", "pledges", "days_without_violation", "open_hazards", "study"):
        assert f'stat-card" href="{total[name].url}"' in body, name
    assert "state=open" in total["open_hazards"].url
    assert total["days_without_violation"].url == reverse("safety:zone_list")


def many_branches(known, n):
    return [BranchFactory(committee=known.a.committee) for _ in range(n)]


def test_dashboard_shows_the_ends_of_a_long_ranking_and_links_the_full_table(
    client_for, carol, known
):
    many_branches(known, 30)  # 33 in all: the best ten, the worst ten, 13 between
    client = client_for(carol)
    response = get(client, f"{Q1}&scope=company")
    tables = response.context["tables"]
    scores = response.context["scores"]
    ranking, branches = tables["ranking"], tables["branches"]
    assert len(scores) == 33 and ranking.hidden == branches.hidden == 13
    shown = [s.branch.name for s in scores[:10] + scores[-10:]]
    assert [row[1].text for row in ranking.rows] == shown
    assert [row[0].text for row in branches.rows] == shown  # the ranking's order
    assert branches.footer[0].text == "合计：全公司"
    body = response.content.decode()
    assert body.count('class="dashboard-gap"') == 3  # the ranking, indicators and 学时
    full = reverse("dashboard:table", args=["ranking"])
    link = f"{full}?{response.context['query']}".replace("&", "&amp;")
    assert f'href="{link}"' in body
    assert "排名居中的另外 13 个党支部：查看完整表格" in body
    assert len(response.context["charts"]["ranking"]["labels"]) == 20

    whole = client.get(f"{full}?{Q1}&scope=company")
    assert whole.status_code == 200
    assert len(whole.context["table"].rows) == 33 and not whole.context["table"].hidden
    assert whole.content.decode().count("<tr>") >= 33
    every = client.get(reverse("dashboard:table", args=["branches"]) + f"?{Q1}&scope=company")
    assert [r[0].text for r in every.context["table"].rows] == [
        b.name for b in response.context["figures"].branches
    ]
    assert client.get(reverse("dashboard:table", args=["nope"])).status_code == 404


def test_full_table_is_scoped_as_the_dashboard(client_for, sam, known):
    client = client_for(sam)
    url = reverse("dashboard:table", args=["branches"])
    mine = client.get(f"{url}?{Q1}&scope=branch:{known.a.pk}")
    assert [r[0].text for r in mine.context["table"].rows] == [known.a.name]
    assert client.get(f"{url}?{Q1}&scope=branch:{known.b.pk}").status_code == 404
    assert client.get(f"{url}?{Q1}&scope=company").status_code == 404


def test_company_dashboard_of_150_branches_stays_under_150_kb(client_for, carol, known):
    many_branches(known, 150)
    response = client_for(carol).get(URL)
    assert response.status_code == 200
    assert len(response.context["figures"].branches) == 153
    assert len(response.content) < 150_000, len(response.content)


def grow(size):
    """`size` more branches, each with activities, attendance, zones, violations, projects."""
    general = GeneralBranchFactory()
    for _ in range(size):
        branch = BranchFactory(general_branch=general)
        members = [MemberFactory(branch=branch) for _ in range(size)]
        for day in (5, 15):
            activity = ActivityFactory(
                branch=branch, starts_at=at(datetime.date(2026, 2, day)), first_topic=day == 5
            )
            for m in members:
                AttendanceFactory(activity=activity, member=m, status=Attendance.Status.PRESENT)
        zone = SafetyZoneFactory(branch=branch, established_on=datetime.date(2025, 1, 1))
        ViolationFactory(zone=zone, occurred_on=datetime.date(2026, 3, 1))
        InitiativeFactory(
            branch=branch,
            status="in_progress",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 6, 30),
        )


# Session, user, actor (2), unread bell (1), then one query per indicator family: branches,
# cadence rules, monthly counts, activities, attendance, pledge version and rates, zones,
# hazards, study, 学时, initiatives, outcomes, green power, weights (15). Not O(branches,
# members, activities): the same bound at both sizes.
DASHBOARD_QUERIES = 19


@pytest.mark.parametrize("size", [1, 5])
def test_dashboard_queries_do_not_grow_with_the_company(
    size, client_for, carol, known, django_assert_max_num_queries
):
    grow(size)
    client = client_for(carol)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = get(client, f"{Q1}&scope=company")
    assert response.status_code == 200
    assert len(response.context["figures"].branches) == 3 + size


@pytest.mark.parametrize("size", [1, 5])
def test_drill_down_and_download_queries_are_fixed(
    size, client_for, carol, known, django_assert_max_num_queries
):
    grow(size)
    client = client_for(carol)
    with django_assert_max_num_queries(DASHBOARD_QUERIES - 1):
        url = reverse("dashboard:table_download", args=["branches"])
        assert client.get(f"{url}?{Q1}").status_code == 200
    with django_assert_max_num_queries(DASHBOARD_QUERIES):  # a page: the bell's query too
        url = reverse("dashboard:table", args=["branches"])
        assert client.get(f"{url}?{Q1}").status_code == 200
    with django_assert_max_num_queries(9):
        url = reverse("dashboard:activities")
        assert client.get(f"{url}?scope=company&date_from=2026-01-01").status_code == 200


def test_drill_down_dates_are_local_days(client_for, carol, alice):
    """date_from and date_to are days in Shanghai, read as a range of start times (which
    the index serves): 00:30 on the first day is in, 00:00 the day after the last is out."""
    import datetime

    from tests.factories import ActivityFactory

    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    for topic, start in [
        ("前一天深夜", datetime.datetime(2026, 3, 31, 23, 59, tzinfo=shanghai)),
        ("首日凌晨", datetime.datetime(2026, 4, 1, 0, 30, tzinfo=shanghai)),
        ("末日深夜", datetime.datetime(2026, 4, 30, 23, 59, tzinfo=shanghai)),
        ("次日零点", datetime.datetime(2026, 5, 1, 0, 0, tzinfo=shanghai)),
    ]:
        ActivityFactory(branch=alice.branch, topic=topic, starts_at=start, ends_at=start)
    response = client_for(carol).get(
        reverse("dashboard:activities"),
        {"scope": "company", "date_from": "2026-04-01", "date_to": "2026-04-30"},
    )
    assert {a.topic for a in response.context["page"]} == {"首日凌晨", "末日深夜"}


def test_the_ranking_names_its_branches_left_and_its_figures_right(client_for, carol, known):
    body = get(client_for(carol), f"{Q1}&scope=company").content.decode()
    ranking = body[body.index('id="table-ranking"') :]
    first_row = ranking[ranking.index("<tbody>") :]
    first_row = first_row[: first_row.index("</tr>")]
    cells = first_row.split("<td ")[1:]
    assert "text-end" not in cells[0] and "text-end" not in cells[1]  # rank, branch
    assert all("text-end" in cell for cell in cells[2:])  # points and the score

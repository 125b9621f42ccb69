"""The hazard list's filters, summary and rows: choices from the user's scope only, counts
from the open hazards and the page's total, every value escaped."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from safety.hazards import queries as hazard_queries
from safety.models import Hazard
from tests.factories import HazardFactory

REFUSED = "选择一个有效的选项"


def get_list(client, **params):
    response = client.get(reverse("hazards:list"), params)
    assert response.status_code == 200
    return response


def listed(response):
    return {h.pk for h in response.context["page"]}


def test_zone_choices_are_the_users_branches_with_the_branch_in_the_label(
    client_for, alice, zone_a, zone_b
):
    html = get_list(client_for(alice)).content.decode()
    assert f'<option value="{zone_a.pk}">电解一车间党支部 · 电解槽一区</option>' in html
    assert "铸造机旁" not in html
    assert f'<option value="{alice.branch.pk}">电解一车间党支部</option>' in html
    assert "铸造车间党支部" not in html


def test_zone_outside_scope_is_refused_and_ignored(client_for, alice, zone_a, zone_b):
    own = HazardFactory(zone=zone_a)
    reported_elsewhere = HazardFactory(zone=zone_b, reported_by=alice)
    response = get_list(client_for(alice), zone=zone_b.pk)
    assert listed(response) == {own.pk, reported_elsewhere.pk}
    assert "zone" in response.context["filter"].form.errors
    assert REFUSED in response.content.decode()


def test_branch_outside_scope_is_refused_and_ignored(client_for, alice, zone_a, zone_b):
    own = HazardFactory(zone=zone_a)
    response = get_list(client_for(alice), branch=zone_b.branch.pk)
    assert listed(response) == {own.pk}
    assert "branch" in response.context["filter"].form.errors


@pytest.mark.parametrize("value", ["999999", "abc"])
def test_unknown_zone_or_branch_is_refused(client_for, carol, zone_a, value):
    hazard = HazardFactory(zone=zone_a)
    response = get_list(client_for(carol), zone=value, branch=value)
    assert listed(response) == {hazard.pk}
    assert set(response.context["filter"].form.errors) == {"zone", "branch"}


def test_a_bad_date_is_marked_with_its_message_next_to_the_field(client_for, carol, zone_a):
    hazard = HazardFactory(zone=zone_a)
    response = get_list(client_for(carol), reported_from="2026-02-30", state="open")
    html = response.content.decode()
    assert listed(response) == {hazard.pk}
    field = html[html.index('id="div_id_reported_from"') :]
    field = field[: field.index("</div>")]
    assert 'class="form-control is-invalid"' in field
    assert 'aria-describedby="id_reported_from_error"' in field
    assert '<span id="id_reported_from_error" class="invalid-feedback">' in field
    assert "输入一个有效的日期" in field
    # The other fields keep their value and carry no error.
    assert '<option value="open" selected>' in html
    assert html.count("is-invalid") == 1


def test_the_committee_picks_a_branch_before_its_zones(client_for, carol, zone_a, zone_b):
    html = get_list(client_for(carol)).content.decode()
    zone_select = html[html.index('<select name="zone"') :]
    zone_select = zone_select[: zone_select.index("</select>")]
    assert zone_select.endswith('<option value="" selected>请先选择党支部</option>')
    assert "data-autosubmit" in html[html.index('<select name="branch"') :][:200]
    html = get_list(client_for(carol), branch=zone_b.branch.pk).content.decode()
    assert f'<option value="{zone_b.pk}">' in html
    assert f'<option value="{zone_a.pk}">' not in html


def test_a_zone_of_another_branch_than_the_chosen_one_is_refused(client_for, carol, zone_a, zone_b):
    hazard = HazardFactory(zone=zone_a)
    response = get_list(client_for(carol), branch=zone_a.branch.pk, zone=zone_b.pk)
    assert listed(response) == {hazard.pk}
    assert set(response.context["filter"].form.errors) == {"zone"}


def test_chosen_zone_stays_selected(client_for, carol, zone_a, zone_b):
    html = get_list(client_for(carol), zone=zone_b.pk).content.decode()
    assert f'<option value="{zone_b.pk}" selected>' in html
    assert f'<option value="{zone_a.pk}">' in html


@pytest.fixture
def mixed(zone_a, zone_b):
    today = timezone.localdate()
    late = today - datetime.timedelta(days=1)
    return {
        "reported_major": HazardFactory(zone=zone_a, severity="major"),
        "overdue": HazardFactory(zone=zone_a, assigned=True, deadline=late),
        "returned_overdue_major": HazardFactory(
            zone=zone_b, assigned=True, deadline=late, status="returned", severity="major"
        ),
        "submitted_past_deadline": HazardFactory(
            zone=zone_b, assigned=True, deadline=late, status="submitted"
        ),
        "closed": HazardFactory(
            zone=zone_a, severity="major", status="closed", closed_at=timezone.now()
        ),
        "closed_b": HazardFactory(zone=zone_b, status="closed", closed_at=timezone.now()),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"open": 4, "overdue": 2, "major_open": 2, "closed": 2}),
        ({"state": "closed"}, {"open": 0, "overdue": 0, "major_open": 0, "closed": 2}),
        ({"state": "open"}, {"open": 4, "overdue": 2, "major_open": 2, "closed": 0}),
        ({"severity": "major"}, {"open": 2, "overdue": 1, "major_open": 2, "closed": 1}),
        ({"zone": "A"}, {"open": 2, "overdue": 1, "major_open": 1, "closed": 1}),
    ],
)
def test_summary_counts_the_filtered_hazards(client_for, carol, mixed, zone_a, params, expected):
    if params.get("zone") == "A":
        params = {"zone": zone_a.pk}
    response = get_list(client_for(carol), **params)
    assert response.context["summary"] == expected
    assert sum(expected[k] for k in ("open", "closed")) == response.context["page"].paginator.count


def test_summary_is_one_aggregate_the_open_hazards_index_answers(mixed, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        counts = hazard_queries.summary(Hazard.objects.all(), total=6)
    assert counts == {"open": 4, "overdue": 2, "major_open": 2, "closed": 2}
    # The partial index matches the query (the closed hazards need not be read): with a
    # sequential scan ruled out, PostgreSQL reads hazard_open_idx (at company scale, after
    # a VACUUM, by an index-only scan).
    # The plan is read as data: its wording ("Index Scan using", "Bitmap Index Scan on")
    # depends on the statistics a run leaves behind.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + captured[0]["sql"])
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    assert "hazard_open_idx" in index_names(plan[0]["Plan"]), plan


def index_names(node):
    """Every index a plan node and the nodes under it read."""
    names = {node["Index Name"]} if "Index Name" in node else set()
    for child in node.get("Plans", []):
        names |= index_names(child)
    return names


def test_rows_and_cards_escape_and_show_each_hazard(client_for, carol, zone_a, alice):
    zone_a.name = "<b>槽</b>"
    zone_a.save()
    late = timezone.localdate() - datetime.timedelta(days=2)
    hazard = HazardFactory(
        zone=zone_a,
        description='<script>alert("x")</script>' + "很长的描述" * 10,
        location_detail="三楼 & 北侧",
        assigned=True,
        assignee=alice,
        deadline=late,
    )
    unassigned = HazardFactory(zone=zone_a, severity="serious")
    html = get_list(client_for(carol)).content.decode()
    assert "<script>alert" not in html and "<b>槽</b>" not in html
    assert "&lt;b&gt;槽&lt;/b&gt;" in html and "三楼 &amp; 北侧" in html
    url = reverse("hazards:detail", args=[hazard.pk])
    assert html.count(f'href="{url}"') == 2  # the table's row and the phone's card
    assert html.count('<span class="badge text-bg-danger">已逾期</span>') == 2
    assert f"期限 {late:%Y-%m-%d}" in html  # the card's deadline
    assert f"<td>{late:%Y-%m-%d}</td>" in html and "<td>—</td>" in html  # unassigned
    assert html.count('<span class="badge text-bg-warning">较大</span>') == 2
    assert f"#{unassigned.pk} " in html


def test_the_empty_rows_colspan_is_the_number_of_header_cells(client_for, carol):
    html = get_list(client_for(carol), severity="major").content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    header = table[table.index("<thead>") : table.index("</thead>")]
    [colspan] = re.findall(r'<td colspan="(\d+)"', table)
    assert int(colspan) == len(re.findall(r"<th[ >]", header)) == 8


def test_empty_list_says_so_in_table_and_cards(client_for, carol):
    html = get_list(client_for(carol), severity="major").content.decode()
    assert html.count("没有符合条件的隐患。") == 2

"""The admin at company scale: no form lists a table that grows with the company in a
<select>, and no list page asks the database once a row.

At 8,000 members a select of members is 350 KB: a progress report's change page (with a
member select a piece of evidence) took 1.6 s and 840 KB before its foreign keys became
raw ids.
"""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
    RelatedFieldWidgetWrapper,
)
from django.contrib.auth import get_user_model
from django.forms import ModelChoiceField
from django.urls import reverse

from branches.models import Activity, Attendance, Member
from hongjun.models import AuditEntry
from initiatives.models import Initiative, ProgressReport
from reminders.models import Reminder
from safety.models import Hazard, PledgeSignature, StudyAttendance, StudySession
from tests.factories import BranchFactory, GeneralBranchFactory, MemberFactory

# Tables with a row a member, an activity or more: thousands to millions in a company.
GROWING = {
    get_user_model(),
    Member,
    Activity,
    Attendance,
    Initiative,
    ProgressReport,
    Hazard,
    PledgeSignature,
    StudySession,
    StudyAttendance,
    Reminder,
    AuditEntry,
}
NOT_A_LIST = (
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)


def editable_forms(request):
    """(admin, form, the field it gets from its parent) of every admin and inline that can
    add or change rows; read-only ones show text, not selects."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in settings.PORTAL_APPS:
            continue
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
            yield model_admin, model_admin.get_form(request), None
        for inline in model_admin.get_inline_instances(request):
            formset = inline.get_formset(request)
            yield inline, formset.form, formset.fk.name


def test_no_admin_form_lists_a_growing_table(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    listing = []
    for owner, form, parent in editable_forms(request):
        for name, field in form.base_fields.items():
            if name == parent or name in getattr(owner, "readonly_fields", ()):
                continue
            if not isinstance(field, ModelChoiceField) or field.queryset.model not in GROWING:
                continue
            widget = field.widget
            if isinstance(widget, RelatedFieldWidgetWrapper):
                widget = widget.widget
            if not isinstance(widget, NOT_A_LIST):
                listing.append(f"{owner.__class__.__name__}.{name}")
    assert listing == [], "\n".join(listing)


@pytest.mark.parametrize(
    "url",
    ["admin:branches_branch_changelist", "admin:dashboard_greenpowershare_changelist"],
)
def test_list_pages_do_not_query_once_a_row(admin_client, url, django_assert_max_num_queries):
    from dashboard.models import GreenPowerShare

    user = get_user_model().objects.first()
    general = GeneralBranchFactory()
    for n in range(30):
        BranchFactory(general_branch=general)  # a 党总支 to name on every row
        GreenPowerShare.objects.create(
            month=f"{2020 + n // 12}-{n % 12 + 1:02d}-01", percent=30, entered_by=user
        )
    admin_client.get(reverse(url))
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse(url)).status_code == 200


def test_reminder_kinds_filter_without_asking_the_outbox(
    admin_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reminders import services as reminders

    MemberFactory()
    url = reverse("admin:reminders_reminder_changelist")
    admin_client.get(url)
    # An empty outbox still offers every kind the portal sends (the values are not read
    # from the table), and no query scans the outbox for distinct kinds or dates.
    with CaptureQueriesContext(connection) as queries:
        page = admin_client.get(url, {"kind": "activity"}).content.decode()
    for kind in reminders.KINDS:
        assert f"?kind={kind}" in page
    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"]]


def test_a_study_session_links_its_invitations_instead_of_a_row_each(
    admin_client, django_assert_max_num_queries
):
    from tests.factories import StudyAttendanceFactory, StudySessionFactory

    session = StudySessionFactory()
    for n, member in enumerate(MemberFactory.create_batch(40)):
        StudyAttendanceFactory(session=session, member=member, attended=n % 4 != 0)
    url = reverse("admin:safety_studysession_change", args=[session.pk])
    admin_client.get(url)
    with django_assert_max_num_queries(15):
        page = admin_client.get(url).content.decode()
    assert f"?session__id__exact={session.pk}" in page
    assert "邀请 40 人，出席 30 人" in page
    listed = admin_client.get(
        reverse("admin:safety_studyattendance_changelist"), {"session__id__exact": session.pk}
    )
    assert listed.status_code == 200 and listed.context["cl"].result_count == 40

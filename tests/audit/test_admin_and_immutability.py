"""Changes made in the Django admin are audited like any other, and the audit log itself
cannot be edited or removed, not even below the ORM."""

import datetime

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from hongjun.admin import AuditedModelAdmin
from hongjun.models import AuditEntry
from tests.factories import MemberFactory, SafetyZoneFactory, UserFactory, ViolationFactory

pytestmark = pytest.mark.django_db

OUR_APPS = set(settings.PORTAL_APPS)


def form_data(response):
    """The admin change form's current values as a POST, inline rows included."""

    def value_of(bound):
        value = bound.value()
        if value is None or value is False:
            return None
        if value is True:
            return "on"
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        if (value := value_of(form[name])) is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for row in formset.forms:
            for name in row.fields:
                if (value := value_of(row[name])) is not None:
                    data[row.add_prefix(name)] = value
    return data


def test_every_writable_admin_of_our_apps_is_audited(admin_client):
    request = RequestFactory().get("/admin/")
    request.user = admin_client.user
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        writable = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        if writable and not isinstance(model_admin, AuditedModelAdmin):
            unaudited.append(model._meta.label)
    assert unaudited == []


def test_violation_changed_in_admin_is_audited_with_old_and_new_values(admin_client):
    violation = ViolationFactory(description="未戴面罩")
    url = reverse("admin:safety_violation_change", args=[violation.pk])
    data = form_data(admin_client.get(url)) | {
        "description": "未系安全带",
        "recorded_by": str(admin_client.user.pk),
    }
    assert admin_client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="violation.admin_changed")
    assert entry.actor == admin_client.user
    assert entry.ip_address == "127.0.0.1"
    assert entry.object_id == str(violation.pk)
    assert entry.changes["description"] == ["未戴面罩", "未系安全带"]
    assert entry.changes["via"] == "admin"


def test_violation_added_inline_on_a_zone_is_audited(admin_client):
    zone = SafetyZoneFactory(responsible=[MemberFactory()])
    url = reverse("admin:safety_safetyzone_change", args=[zone.pk])
    data = form_data(admin_client.get(url))
    data |= {
        "violations-TOTAL_FORMS": "1",
        "violations-0-zone": str(zone.pk),
        "violations-0-occurred_on": datetime.date.today().isoformat(),
        "violations-0-severity": "serious",
        "violations-0-description": "违章动火",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    entry = AuditEntry.objects.get(action="violation.admin_created")
    assert entry.actor == admin_client.user and entry.ip_address == "127.0.0.1"
    assert zone.violations.get().pk == int(entry.object_id)
    assert AuditEntry.objects.filter(action="safetyzone.admin_changed").exists()


def test_zone_deleted_in_admin_is_audited(admin_client):
    zone = SafetyZoneFactory(name="拆除区", responsible=[MemberFactory()])
    url = reverse("admin:safety_safetyzone_delete", args=[zone.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    entry = AuditEntry.objects.get(action="safetyzone.admin_deleted")
    assert (entry.object_id, entry.object_repr) == (str(zone.pk), str(zone))
    assert entry.actor == admin_client.user


@pytest.fixture
def entry(db):
    return AuditEntry.objects.create(action="branch.updated", object_repr="一支部")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_edit_an_audit_entry(entry):
    with pytest.raises(IntegrityError, match="never changed or removed"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="branch.nothing")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("""UPDATE hongjun_auditentry SET changes = '{"x": 1}'::jsonb""")
    entry.refresh_from_db()
    assert entry.action == "branch.updated"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_remove_an_audit_entry(entry):
    with pytest.raises(IntegrityError, match="never changed or removed"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM hongjun_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_an_account_keeps_its_audit_entries(db):
    """The one change allowed: Django's SET_NULL when the acting account is deleted."""
    user = UserFactory()
    kept = AuditEntry.objects.create(action="member.updated", actor=user, object_repr="x")
    user.delete()
    kept.refresh_from_db()
    assert kept.actor is None and kept.action == "member.updated"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_only_the_demo_backdating_may_move_an_entry_back_in_time(entry):
    from hongjun import audit

    earlier = entry.at - datetime.timedelta(days=30)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(at=earlier)
    with audit.backdating():
        AuditEntry.objects.filter(pk=entry.pk).update(at=earlier)
        with pytest.raises(IntegrityError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(action="branch.other")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(at=entry.at)
    entry.refresh_from_db()
    assert entry.at == earlier

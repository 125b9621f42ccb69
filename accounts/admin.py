"""The admin page on which a verified administrator issues a staff enrolment code."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from hongjun.admin import AuditedModelAdmin

from . import services
from .models import Authenticator, StaffEnrolmentCode

# The devices are listed once, as 身份验证器 under 账号与登录, not as "TOTP devices".
admin.site.unregister(TOTPDevice)


@admin.register(Authenticator)
class AuthenticatorAdmin(AuditedModelAdmin, TOTPDeviceAdmin):
    """django-otp's admin of the devices, audited like every admin of the portal's apps;
    the secret key is never written into an audit entry."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj._audit_changes.pop("key", None)


class IssueForm(forms.ModelForm):
    class Meta:
        model = StaffEnrolmentCode
        fields = ["user"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not services.needs_enrolment_code(user):
            raise forms.ValidationError(_("Only staff accounts need an enrolment code."))
        if not user.is_active:
            raise forms.ValidationError(_("This account is disabled."))
        return user


@admin.register(StaffEnrolmentCode)
class StaffEnrolmentCodeAdmin(AuditedModelAdmin):
    """ "Add" issues a code and shows it once; the list shows who issued what, never a code.

    The admin is open only to staff verified by their own device (`admin_site`), so the
    administrator issuing a code has passed two-factor in this session.
    """

    audited_by_services = True  # issue_enrolment_code writes the entry
    form = IssueForm
    raw_id_fields = ["user"]  # accounts grow with the company: no <select> of them
    list_display = ["user", "issued_by", "created_at", "expires_at", "used_at", "attempts"]
    list_select_related = ["user", "issued_by"]
    readonly_fields = ["issued_by", "created_at", "expires_at", "used_at", "attempts"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        row, code = services.issue_enrolment_code(form.cleaned_data["user"], by=request.user)
        # The admin's own log entry and redirect name the row the service wrote.
        for field in row._meta.concrete_fields:
            setattr(obj, field.attname, getattr(row, field.attname))
        messages.warning(
            request,
            _(
                "Enrolment code for %(user)s: %(code)s. It is shown only this once, is valid "
                "for 30 minutes and can be used once. Hand it over in person or by phone."
            )
            % {"user": form.cleaned_data["user"], "code": code},
        )

    def response_add(self, request, obj, post_url_continue=None):
        return self.response_post_save_add(request, obj)

    def message_user(self, request, message, *args, **kwargs):
        # Django's "added successfully" line would repeat the row, not the code.
        if request.path.endswith("/add/"):
            return
        super().message_user(request, message, *args, **kwargs)

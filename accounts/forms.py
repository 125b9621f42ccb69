"""The sign-in forms: the password step (Django's, stricter) and the authenticator code."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class EnrolmentCodeForm(forms.Form):
    """The one-time code a staff account needs before it may enrol its first device."""

    code = forms.CharField(
        label=gettext_lazy("Enrolment code"),
        max_length=20,
        help_text=gettext_lazy(
            "Ten letters and digits, from an administrator or printed on the server by "
            "manage.py staff_enrolment_code."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "")
        allowed, _extra = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_("Too many wrong codes. Wait a minute and try again."))
        if not self.device.verify_token(code):
            raise forms.ValidationError(_("The code is wrong or has expired."))
        return code


class LoginForm(AuthenticationForm):
    """Django's form with the username's length enforced, not only hinted to the browser.

    Django sets the field's max_length after building it, so no validator checks it; a
    longer name reached django-axes, whose record of the failure has room for 255
    characters, and the login page failed with a server error.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))

    def get_invalid_login_error(self):
        """The usual message, unless the company directory is why (accounts.directory)."""
        if getattr(self.request, "directory_unavailable", False):
            return forms.ValidationError(
                _(
                    "The company account could not be checked: the directory server does "
                    "not answer. Please try again later; local accounts are not affected."
                ),
                code="directory_unavailable",
            )
        unmatched = getattr(self.request, "directory_unmatched", None)
        if unmatched:
            return forms.ValidationError(
                _(
                    "Your company account (employee number %(employee_no)s) matches no "
                    "party member in the portal. Please ask the party committee's office."
                ),
                code="directory_unmatched",
                params={"employee_no": unmatched},
            )
        return super().get_invalid_login_error()

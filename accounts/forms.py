"""The sign-in forms: the password step (Django's, stricter) and the authenticator code."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy


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


# 手机 (11 digits from 13x to 19x) or 座机 with its area code (010-12345678, 0476-1234567),
# as the company's address book writes them.
PHONE_PATTERN = r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$"


class ProfileForm(forms.Form):
    """A member's own contact details: where reminders are e-mailed, and a phone number."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("Reminders you chose to receive by e-mail are sent here."),
        error_messages={
            "invalid": gettext_lazy("Enter an e-mail address such as name@example.com.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.RegexField(
        label=pgettext_lazy("contact", "Phone"),
        regex=PHONE_PATTERN,
        required=False,
        max_length=20,
        help_text=gettext_lazy("A mobile number (11 digits) or a landline with its area code."),
        error_messages={
            "invalid": gettext_lazy(
                "Enter a mobile number of 11 digits, or a landline such as 0476-1234567."
            )
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, has_member=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_member:  # an account without a member record (an administrator)
            del self.fields["phone"]

"""Forms of the pages every app shares: reminder preferences."""

from django import forms

from . import reminders


class ReminderPreferencesForm(forms.Form):
    """One "e-mail me" switch per kind of reminder; the inbox keeps them all regardless."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for code, kind in reminders.KINDS.items():
            self.fields[code] = forms.BooleanField(
                label=kind.label,
                help_text=kind.audience,
                required=False,
                initial=current.get(code, True),
            )

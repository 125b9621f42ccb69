"""The reminder preferences form: one "e-mail me" switch per kind."""

from django import forms

from . import services


class ReminderPreferencesForm(forms.Form):
    """One "e-mail me" switch per kind of reminder; the inbox keeps them all regardless."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for code, kind in services.KINDS.items():
            self.fields[code] = forms.BooleanField(
                label=kind.label,
                help_text=kind.audience,
                required=False,
                initial=current.get(code, True),
            )

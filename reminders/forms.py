"""The reminder preferences form: one switch per kind and channel (e-mail, 企业微信, 钉钉)."""

from django import forms

from . import channels, services


def field_name(kind, code):
    # E-mail keeps the kind's bare name, as the form had before the chat channels.
    return kind if code == channels.EMAIL else f"{kind}__{code}"


def channel_label(code):
    return channels.EMAIL_LABEL if code == channels.EMAIL else channels.CHANNELS[code].label


class ReminderPreferencesForm(forms.Form):
    """A switch per kind of reminder and channel in use; the inbox keeps them all regardless."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = services.channel_codes()
        for kind in services.KINDS:
            for code in self.codes:
                self.fields[field_name(kind, code)] = forms.BooleanField(
                    label=channel_label(code),
                    required=False,
                    initial=current[kind][code],
                )

    def rows(self):
        """[(kind, [bound field a channel])] for the template's table of switches."""
        return [
            (kind, [self[field_name(code_kind, code)] for code in self.codes])
            for code_kind, kind in services.KINDS.items()
        ]

    def chosen(self):
        """{kind: {channel: on?}} from the cleaned data."""
        return {
            kind: {code: self.cleaned_data[field_name(kind, code)] for code in self.codes}
            for kind in services.KINDS
        }

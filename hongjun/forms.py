"""Forms of the pages every app shares: reminder preferences; a select for long lists."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

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


class QuickSelect(forms.Select):
    """A <select> with the same HTML as Django's, built in Python rather than one template
    per option: a filter listing 150 branches or 450 zones took 100–300 ms to render that
    way at company scale (docs/performance.md), this takes a few."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    ("" if o["value"] is None else o["value"], flatatt(o["attrs"]), o["label"])
                    for o in options
                ),
            )
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group, html) if group else html
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((p,) for p in parts)),
        )

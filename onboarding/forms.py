"""The upload form: one .xlsx, size-limited before anything reads it."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .reading import MAX_UPLOAD_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("The template filled in: at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                pgettext_lazy("import", "The file is larger than %(mb)s MB."),
                params={"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return file

"""The import pages: the template, the upload, the preview, the confirm and the members the
file leaves out. The committee's alone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hongjun import access, xlsx

from . import queries, services, workbook
from .forms import UploadForm
from .models import ImportBatch


@login_required
@require_http_methods(["GET", "POST"])
def import_home(request):
    access.require(access.can_import_roster(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.preview(form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("onboarding:preview", batch.digest)
    recent = access.import_batches_for(request.user).select_related("created_by__member")[:10]
    return render(request, "onboarding/home.html", {"form": form, "recent": recent})


@login_required
@require_GET
def template_download(request):
    access.require(access.can_import_roster(request.user))
    return xlsx.response(workbook.template(), _("organisation and roster template.xlsx"))


def _batch(user, digest, **filters):
    batch = access.import_batches_for(user).filter(digest=digest, **filters).first()
    if batch is None:
        raise Http404
    return batch


@login_required
@require_GET
def import_preview(request, digest):
    batch = _batch(request.user, digest)
    # A file with refused rows opens on them: they are what the committee has to fix.
    show = request.GET.get("show") or ("refuse" if batch.refused else "all")
    page = queries.rows_page(batch, show, request.GET.get("page"))
    absent = queries.absent_members(batch).count()
    return render(
        request,
        "onboarding/preview.html",
        {
            "batch": batch,
            "page": page,
            "show": show,
            "filters": queries.filters(batch),
            "query": urlencode({"show": show}),
            "absent": absent,
            "can_confirm": batch.status == ImportBatch.Status.PREVIEWED and not batch.refused,
        },
    )


@login_required
@require_POST
def import_confirm(request, digest):
    batch = _batch(request.user, digest, status=ImportBatch.Status.PREVIEWED)
    try:
        services.confirm(batch, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file was imported."))
    return redirect("onboarding:preview", digest)


@login_required
@require_GET
def import_absent(request, digest):
    batch = _batch(request.user, digest)
    page = Paginator(queries.absent_members(batch), queries.PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "onboarding/absent.html", {"batch": batch, "page": page})

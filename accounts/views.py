"""Signing in: password, then a TOTP code for those who turned two-factor on; the admin
requires it (`admin_site`), and a staff account enrols its first device only with a
one-time code (`services`). Login throttling is django-axes' (see settings)."""

import base64
import time
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from hongjun import access, audit

from . import services
from .forms import CodeForm, EnrolmentCodeForm, LoginForm, ProfileForm

PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 5 * 60
# After a staff account's enrolment code is accepted, the setup must finish within this.
ENROLMENT_KEY = "two_factor_enrolment"
ENROLMENT_SECONDS = 15 * 60
BACKEND = "hongjun.backends.PortalBackend"


def safe_next(request, default):
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class PortalLoginView(LoginView):
    """The password step; users with a confirmed device go on to the code step."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not user_has_device(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {"user": user.pk, "at": int(time.time())}
        target = reverse("login_code")
        nxt = self.get_redirect_url()
        return redirect(f"{target}?{REDIRECT_FIELD_NAME}={nxt}" if nxt else target)


@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step: the code from the authenticator app, within five minutes."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Please log in again."))
        return redirect("login")
    user = get_user_model().objects.get(pk=pending["user"])
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("login")
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        del request.session[PENDING_KEY]
        login(request, user, backend=BACKEND)
        otp_login(request, device)
        return redirect(safe_next(request, settings.LOGIN_REDIRECT_URL))
    return render(
        request, "registration/login_code.html", {"form": form, "next": safe_next(request, "")}
    )


def _qr_data_uri(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Turn two-factor sign-in on (scan, confirm with a code), check it, or turn it off."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return _two_factor_setup(request)
    if not user.is_verified():
        form = CodeForm(request.POST or None, device=device)
        if request.method == "POST" and form.is_valid():
            otp_login(request, device)
            return redirect(safe_next(request, reverse("two_factor")))
        return render(
            request,
            "registration/two_factor.html",
            {"state": "verify", "form": form, "next": safe_next(request, "")},
        )
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).delete()
            audit.record("account.two_factor_disabled", user, user)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("two_factor")
    return render(request, "registration/two_factor.html", {"state": "on", "form": form})


def _enrolment_allowed(request):
    allowed = request.session.get(ENROLMENT_KEY)
    return (
        bool(allowed)
        and allowed["user"] == request.user.pk
        and time.time() - allowed["at"] <= ENROLMENT_SECONDS
    )


def _enrolment_code(request):
    """A staff account's first step: the one-time code, before any secret is shown."""
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.redeem_enrolment_code(request.user, form.cleaned_data["code"])
        except services.EnrolmentError as error:
            form.add_error("code", str(error))
    if request.method == "POST" and form.is_valid():
        # A device begun before the code (its secret possibly seen by someone else) goes.
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        request.session[ENROLMENT_KEY] = {"user": request.user.pk, "at": int(time.time())}
        nxt = safe_next(request, "")
        target = reverse("two_factor")
        return redirect(f"{target}?{REDIRECT_FIELD_NAME}={nxt}" if nxt else target)
    return render(
        request,
        "registration/two_factor.html",
        {"state": "enrolment_code", "form": form, "next": safe_next(request, "")},
    )


def _two_factor_setup(request):
    user = request.user
    if services.needs_enrolment_code(user) and not _enrolment_allowed(request):
        return _enrolment_code(request)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit.record("account.two_factor_enabled", user, user)
        request.session.pop(ENROLMENT_KEY, None)
        otp_login(request, device)
        messages.success(
            request,
            _("Two-factor sign-in is on. You will be asked for a code after your password."),
        )
        return redirect(safe_next(request, reverse("two_factor")))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor.html",
        {
            "state": "setup",
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": safe_next(request, ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The user's own contact details: the e-mail address reminders go to, and a phone."""
    member = access.actor(request.user).member
    initial = {"email": request.user.email, "phone": member.phone if member else ""}
    form = ProfileForm(request.POST or None, initial=initial, has_member=member is not None)
    if request.method == "POST" and form.is_valid():
        if services.update_profile(request.user, form.cleaned_data, by=request.user):
            messages.success(request, _("Your contact details were saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form, "member": member})

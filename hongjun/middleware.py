"""Cross-cutting request handling: the portal's language, session and request size policies."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.utils.log import log_response
from django.utils.translation import gettext as _


class ChineseByDefaultMiddleware:
    """Speak Simplified Chinese unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a company PC
    with an English Windows would get English pages nobody asked for. The switch's cookie
    still wins; this runs just before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a session 12 hours after login, or after SESSION_IDLE_SECONDS without a request.

    Django's cookie age alone would slide with every save; the two times kept in the
    session make both limits hold. The last-seen time is written at most once a minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("started_at", now)
            last_seen = request.session.get("last_seen_at", now)
            if (
                now - started > settings.SESSION_COOKIE_AGE
                or now - last_seen > settings.SESSION_IDLE_SECONDS
            ):
                logout(request)
                messages.info(request, _("Your session ended. Please log in again."))
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= 60 or "last_seen_at" not in request.session:
                request.session["last_seen_at"] = now
        return self.get_response(request)


class TextGZipMiddleware(GZipMiddleware):
    """Compress pages and data for browsers that accept gzip; leave files as they are.

    The company dashboard is 500 KB of HTML and 28 KB gzipped (2 ms of zlib), which matters
    on a branch office's slow link. Django's middleware adds its BREACH mitigation (random
    bytes in the gzip header) and the CSRF token is masked anew on every page. Spreadsheets
    and photos are compressed already, and uploads stream: zlib would only cost time.
    """

    COMPRESSIBLE = ("text/", "application/json", "application/javascript")

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.COMPRESSIBLE):
            return response
        return super().process_response(request, response)


class RequestSizeLimitMiddleware:
    """Refuse a request whose Content-Length exceeds `MAX_REQUEST_BYTES` before reading it.

    Django's own limits act while it parses the body, so a 50 MB upload was received in full
    (to memory or a temporary file) before the per-file check refused it. WSGI bodies are
    read up to Content-Length only, so checking the declared length is enough.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: no body
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            return render(request, "413.html", {"limit_mb": limit // (1024 * 1024)}, status=413)
        return self.get_response(request)


class PortalErrorPagesMiddleware:
    """With DEBUG on (the demo, a developer's machine), users still get the portal's own
    Chinese 404 and 500 pages, not Django's English technical ones; the 500's traceback goes
    to the log as in production. DEBUG_TECHNICAL_PAGES=1 brings Django's pages back.

    A 403 needs nothing: Django renders 403.html whatever DEBUG says. Last in MIDDLEWARE:
    its `process_exception` sees a view's exception first, and a URL that matches no view
    (no `resolver_match`) is recognised on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def _active(self):
        return settings.DEBUG and not settings.DEBUG_TECHNICAL_PAGES

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.resolver_match is None and self._active():
            return render(request, "404.html", status=404)
        return response

    def process_exception(self, request, exception):
        if not self._active() or isinstance(exception, PermissionDenied):
            return None
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)  # Django logs it in one line
        response = render(request, "500.html", status=500)
        log_response(
            "Internal Server Error: %s",
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response

"""Cross-cutting request handling: the portal's language and session policies."""


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

"""Logging filters: a refused or missing page is one line in the log, a server error a traceback."""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    """Drop the traceback from 4xx records of `django.request` and `django.security`.

    Django 5.2 logs every `PermissionDenied` and `Http404` with the exception attached, so
    each 403 and 404 (every scope miss: `access` answers another branch's record with a 404)
    wrote a whole traceback. The path and status are what a reader needs; 5xx keep theirs.
    """

    def filter(self, record):
        if 400 <= getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True

"""Sessions read from Redis, kept in the database: Django's cached_db, never failing on Redis.

Every signed-in request reads its session; from the cache that is no query. The database
stays the truth (a logout or an expiry holds on every web host), and when Redis is down
the portal goes on from the database alone, as the bell and the outbox do. (Django's own
store already survives a failed cache write; a failed read-back or delete would be a 500.)
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self):
        try:
            return super().load()
        except Exception:
            logger.warning("Session cache unavailable: the session is read from the database.")
            return DBStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:
            return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)  # the database first, then the cache
        except Exception:
            logger.warning("Session cache unavailable: a deleted session stays cached.")

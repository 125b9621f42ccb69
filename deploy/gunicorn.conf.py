"""gunicorn for the portal: `gunicorn -c deploy/gunicorn.conf.py hongjun.wsgi`.

Everything can be set from the environment, so one file serves every host: the web
hosts behind nginx (docs/deploy.md) and the benchmark (bench/pages.py).
"""

import gc
import multiprocessing
import os

# Where nginx reaches this host; a unix socket works too ("unix:/run/hongjun/web.sock").
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the pages are CPU- and database-bound and short. Two per core plus one,
# the gunicorn rule, unless set.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# The ledger of a big branch takes a second or two; the company workbook is a Celery task.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, so not all at once): a slow
# leak in a library never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# Load the app before forking: workers share its memory and a broken deploy fails at once.
preload_app = True
# "-" is stdout; empty turns the access log off (the benchmark does).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# nginx on the same host or the load balancer's addresses: trust their X-Forwarded-*.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "hongjun-web"


def pre_fork(server, worker):
    # The preloaded portal (Django, the apps, the URL map: a few hundred thousand objects)
    # lives as long as the worker. Frozen, the cyclic garbage collector no longer walks it
    # at every full collection, which cost the company dashboard 90 of its 290 ms
    # (docs/performance.md), and the workers keep sharing its memory pages with the master.
    gc.freeze()


def post_worker_init(worker):
    # What the worker loaded on its own (its database connection, settings caches) too.
    gc.freeze()


def post_fork(server, worker):
    # Preloading opened no database connection, but make sure none is shared after fork.
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.close()

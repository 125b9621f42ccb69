"""Settings for the portal, read from the environment.

Every value has a safe default for development. With DEBUG off, SECRET_KEY must be set
and the security settings below make `manage.py check --deploy` clean.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Development by default, like `make demo`; production sets DEBUG=0 (check --deploy flags it).
DEBUG = env.bool("DEBUG", default=True)
# With DEBUG, Django's English technical 404 and 500 pages instead of the portal's own.
DEBUG_TECHNICAL_PAGES = env.bool("DEBUG_TECHNICAL_PAGES", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address users reach the portal at: every link in a reminder e-mail starts with it.
# `check --deploy` warns while it is still this machine's (hongjun/checks.py).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# The keys that seal personal data at rest (a member's 身份证号; hongjun/sealed.py): Fernet
# keys, the first seals, all of them open (older keys stay listed while rows are resealed).
# Unset, a key is derived from SECRET_KEY, which is fine for development only:
# `check --deploy` warns (a rotated SECRET_KEY would leave every sealed value unreadable).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's widget templates, for the project's template engine (FORM_RENDERER below).
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "csp",
    # Their admin sections in Chinese (hongjun.third_party).
    "hongjun.third_party.AxesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
# The portal's own apps (tests walk their models: every one in the admin, in Chinese, ...).
PORTAL_APPS = [
    "hongjun",
    "accounts",
    "reminders",
    "branches",
    "initiatives",
    "safety",
    "affairs",
    "dashboard",
    "onboarding",
    # Only for its commands (seed_demo, seed_company): no request imports it.
    "devtools",
]
INSTALLED_APPS += PORTAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files come compressed already), before all that reads or
    # writes a response's body.
    "hongjun.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hongjun.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hongjun.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "hongjun.audit.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so the 413 page gets the headers, session and language of any other page; no
    # middleware above reads the body before it.
    "hongjun.middleware.RequestSizeLimitMiddleware",
    # The portal's own 404 and 500 pages in DEBUG too (DEBUG_TECHNICAL_PAGES=1: Django's).
    "hongjun.middleware.PortalErrorPagesMiddleware",
]

ROOT_URLCONF = "hongjun.urls"
WSGI_APPLICATION = "hongjun.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hongjun.context_processors.portal",
            ],
        },
    },
]

# Widgets render through the project's templates, so a widget's template sits in
# templates/ with the others (includes/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# The embedded default is an SQLite file, so the demo needs nothing installed.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL's index-only scans; on the SQLite demo they
# are plain indexes, which is all it needs, so its warning says nothing to act on.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading what every page needs of the user in one query.
    "hongjun.backends.PortalBackend",
]
# Company accounts (LDAP / Active Directory), through django-python3-ldap: off while
# LDAP_URL is empty. Members are matched by 工号 (LDAP_EMPLOYEE_NO_ATTR ↔ Member.employee_no);
# local accounts keep signing in first. docs/deploy.md has an Active Directory example.
LDAP_AUTH_URL = env.list("LDAP_URL", default=[])
if LDAP_AUTH_URL:
    AUTHENTICATION_BACKENDS.append("accounts.directory.DirectoryBackend")
LDAP_AUTH_USE_TLS = env.bool("LDAP_START_TLS", default=False)
LDAP_AUTH_SEARCH_BASE = env.str("LDAP_SEARCH_BASE", default="")
LDAP_AUTH_OBJECT_CLASS = env.str("LDAP_OBJECT_CLASS", default="inetOrgPerson")
LDAP_AUTH_USER_FIELDS = {"username": env.str("LDAP_USERNAME_ATTR", default="uid")}
LDAP_AUTH_USER_LOOKUP_FIELDS = ("username",)
LDAP_EMPLOYEE_NO_ATTR = env.str("LDAP_EMPLOYEE_NO_ATTR", default="employeeNumber")
# An extra filter an account must match, e.g. AD's "not disabled" (docs/deploy.md).
LDAP_USER_FILTER = env.str("LDAP_USER_FILTER", default="")
LDAP_AUTH_FORMAT_SEARCH_FILTERS = "accounts.directory.search_filters"
# How the typed name becomes the bind name: "openldap" (uid=NAME,SEARCH_BASE) or
# "active_directory" (NAME@LDAP_AD_DOMAIN, the userPrincipalName).
LDAP_BIND_FORMATS = {
    "openldap": "django_python3_ldap.utils.format_username_openldap",
    "active_directory": "django_python3_ldap.utils.format_username_active_directory_principal",
}
_ldap_format = env.str("LDAP_BIND_FORMAT", default="openldap")
if _ldap_format not in LDAP_BIND_FORMATS:
    raise ImproperlyConfigured("LDAP_BIND_FORMAT must be 'openldap' or 'active_directory'.")
LDAP_AUTH_FORMAT_USERNAME = LDAP_BIND_FORMATS[_ldap_format]
LDAP_AUTH_ACTIVE_DIRECTORY_DOMAIN = env.str("LDAP_AD_DOMAIN", default="") or None
# A service account to search with, where users may not read their own entry (optional).
LDAP_AUTH_CONNECTION_USERNAME = env.str("LDAP_BIND_USERNAME", default="") or None
LDAP_AUTH_CONNECTION_PASSWORD = env.str("LDAP_BIND_PASSWORD", default="") or None
# A directory that does not answer costs a sign-in seconds, not a hung page: one round of
# the servers (not ldap3's endless one), each given these many seconds.
LDAP_AUTH_CONNECT_TIMEOUT = env.int("LDAP_CONNECT_TIMEOUT", default=3)
LDAP_AUTH_RECEIVE_TIMEOUT = env.int("LDAP_RECEIVE_TIMEOUT", default=5)
LDAP_AUTH_POOL_ACTIVE = 1

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files: a local folder on one machine; on several web hosts an S3-compatible
# object store (MinIO, Ceph RGW, a cloud's) through django-storages, so every host sees
# every upload. STORAGE_BACKEND=s3 with the S3_* variables (docs/deploy.md).
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="filesystem")
if STORAGE_BACKEND == "filesystem":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default="media"),
            # Private objects: files are served only through the portal's scoped views,
            # which read them from the store (`hongjun.uploads.serve`).
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'filesystem' or 's3'.")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The largest request body, in MB: a bigger one is refused from its Content-Length before a
# byte of it is read (`RequestSizeLimitMiddleware`, a 413 page). Keep it equal to
# `client_max_body_size` in deploy/nginx.conf (25m), which refuses it even earlier.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_MB", default=25) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development, SMTP when EMAIL_URL is set (e.g. smtp://host:25).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="红领·铝航 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Reminders by chat besides e-mail (reminders/channels.py, docs/deploy.md): each channel is
# on when its credentials are set. 企业微信: the application message API (corp id, the
# application's secret and agent id) or else a group robot's key; 钉钉: a group robot's
# access token and, with 加签 on, its SEC... secret. The base URLs change only for a
# private gateway (or the tests' local server).
WECOM_BASE_URL = env.str("WECOM_BASE_URL", default="https://qyapi.weixin.qq.com")
WECOM_CORP_ID = env.str("WECOM_CORP_ID", default="")
WECOM_SECRET = env.str("WECOM_SECRET", default="")
WECOM_AGENT_ID = env.int("WECOM_AGENT_ID", default=0)
WECOM_ROBOT_KEY = env.str("WECOM_ROBOT_KEY", default="")
if WECOM_CORP_ID and not (WECOM_SECRET and WECOM_AGENT_ID):
    raise ImproperlyConfigured("WECOM_CORP_ID needs WECOM_SECRET and WECOM_AGENT_ID too.")
DINGTALK_BASE_URL = env.str("DINGTALK_BASE_URL", default="https://oapi.dingtalk.com")
DINGTALK_ROBOT_TOKEN = env.str("DINGTALK_ROBOT_TOKEN", default="")
DINGTALK_ROBOT_SECRET = env.str("DINGTALK_ROBOT_SECRET", default="")
# Seconds a chat API may take to answer before the send is retried later.
CHAT_TIMEOUT = env.int("CHAT_TIMEOUT", default=10)

# Celery: with REDIS_URL a real broker; without it tasks run in-process, so the
# embedded default shows everything with nothing else installed.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# socket_connect_timeout and the short publish retry: a page that queues a reminder while
# Redis is down gives up within about a second instead of hanging (the outbox row stays
# pending and beat's deliver_pending sends it later). Retries wait far less than 3600 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Where the daily witness of the audit log's and the pledge chain's heads is appended
# (hongjun/integrity.py): a directory the database's superuser does not also control, such
# as a share on another host or one backed up apart from the database. Empty: the witness
# goes to the audit log only. PLEDGE_WITNESS_DIR is read when WITNESS_DIR is not set.
WITNESS_DIR = env.str("WITNESS_DIR", default=env.str("PLEDGE_WITNESS_DIR", default=""))

# Login throttling: five wrong passwords for one account from one address lock it for
# AXES_COOLOFF_MINUTES; the page says so in Chinese.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# A company account's sign-in that no directory server answered is not counted.
AXES_WHITELIST_CALLABLE = "accounts.directory.outage_not_counted"
# Behind nginx every request comes from nginx: the client is the address our trusted
# proxies saw (hongjun/clientip.py, docs/deploy.md "The client's address"). PROXY_COUNT
# proxies in a row, each in TRUSTED_PROXIES (addresses or networks); 0 reads REMOTE_ADDR.
PROXY_COUNT = env.int("PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0))
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1/32", "::1/128"])
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("PROXY_COUNT is the number of proxies in front: 0 or more.")
AXES_CLIENT_IP_CALLABLE = "hongjun.clientip.client_ip"
OTP_TOTP_ISSUER = "红领·铝航"

# Sessions: read from Redis where there is one, written through to the database, which
# stays the truth (hongjun/sessions.py); the demo without Redis keeps them in the database.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hongjun",
            # A Redis that does not answer costs a page a fraction of a second, not a hang.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    SESSION_ENGINE = "hongjun.sessions"
# Sessions end after 12 hours at most, and after SESSION_IDLE_SECONDS without a request.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=2 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True

# Security. Production (DEBUG off) is served over HTTPS behind a proxy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# No inline script or style anywhere: the policy forbids both.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The benchmark's floor page (`bench/pages.py`): routed only when this is on.
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_on_one_line": {"()": "hongjun.logs.ClientErrorsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # A 403 or 404 is one line (path and status), not a traceback; 5xx keep theirs.
        "django.request": {"filters": ["client_errors_on_one_line"]},
        "django.security": {"filters": ["client_errors_on_one_line"]},
    },
}

"""Django settings. Everything configurable comes from the environment (see docs/settings.md).

GONGKAI_DATA_DIR   where the SQLite database and stored files live (default ./var)
DATABASE_URL       e.g. postgres://user@127.0.0.1:5432/gongkai; default SQLite in GONGKAI_DATA_DIR
GONGKAI_DEBUG      1 for development: Django's technical error pages (default 0)
GONGKAI_DEMO       1 allows demo data and demo accounts with published passwords (default 0)
GONGKAI_SECRET_KEY required when both are off; demo mode keeps a generated one in the data dir
GONGKAI_ALLOWED_HOSTS comma-separated (default 127.0.0.1,localhost)
GONGKAI_MAX_UPLOAD_MB  largest accepted report file (default 200)
GONGKAI_MAX_BATCH_FILES  most files in one bulk import (default 2000)
GONGKAI_REDIS_URL  Redis for the background task queue (default: SQLite file tasks.sqlite3 in the data dir)
GONGKAI_TASKS_IMMEDIATE  1 runs background tasks in-process, synchronously (tests)
GONGKAI_MAX_ATTACHMENT_MB, GONGKAI_MAX_ATTACHMENTS, GONGKAI_ALLOW_SELF_APPROVAL,
GONGKAI_SUBMIT_RATE_PER_HOUR, GONGKAI_TRACK_RATE_PER_HOUR   disclosure applications (docs/settings.md)
GONGKAI_API_RATE_PER_MINUTE                                 open data API requests per client per minute
GONGKAI_DATA_KEYS, GONGKAI_LOOKUP_KEY, GONGKAI_PII_RETENTION_DAYS   applicants' personal data (docs/privacy.md)
GONGKAI_MONITOR_*  the monitor of other websites (docs/supervision-monitor.md)
GONGKAI_HTTPS, GONGKAI_HSTS_*, GONGKAI_PROXY_SSL_HEADER, GONGKAI_CSRF_TRUSTED_ORIGINS, GONGKAI_SESSION_HOURS
                   HTTPS and security headers (docs/deploy.md)
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from gongkai.core import privacy
from gongkai.web.common.clientip import parse_trusted_proxies

from .env import (
    SettingError,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    generated_key_file,
    generated_secret_key,
    owner_only_dir,
    owner_only_file,
)

# Everything this process creates (database, queue, stored files, staged imports) is for its own user only:
# the data dir holds applicants' personal data (docs/privacy.md). Set here, the first thing every Django
# process (server, worker, CLI commands, tests) imports.
os.umask(0o077)
DATA_DIR = owner_only_dir(env_path("GONGKAI_DATA_DIR", "./var"))
MEDIA_ROOT = DATA_DIR / "files"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Two separate switches. DEBUG is Django's: technical error pages with settings and tracebacks, for a
# developer only. DEMO says the installation is a demonstration: `gongkai demo load` may create accounts with
# published passwords and the login page names them. `make demo` runs with DEMO on and DEBUG off, so a
# visitor meets gongkai's own error pages.
DEBUG = env_bool("GONGKAI_DEBUG", False)
DEMO = env_bool("GONGKAI_DEMO", False)
SECRET_KEY = env_str("GONGKAI_SECRET_KEY")
if not SECRET_KEY:
    if DEMO:
        # Generated once and kept (mode 0600) so sessions survive a restart of the demo.
        SECRET_KEY = generated_secret_key(DATA_DIR / "secret_key")
    elif DEBUG:
        SECRET_KEY = "gongkai-development-only-not-secret"
    else:
        raise SettingError("GONGKAI_SECRET_KEY is required when GONGKAI_DEBUG and GONGKAI_DEMO are off "
                           "(set GONGKAI_DEBUG=1 for development, GONGKAI_DEMO=1 for a demonstration)")

# Applicants' personal data is encrypted at rest (docs/privacy.md): comma-separated Fernet keys, newest first.
GONGKAI_DATA_KEYS = env_list("GONGKAI_DATA_KEYS", [])
if not GONGKAI_DATA_KEYS:
    if DEMO:
        GONGKAI_DATA_KEYS = [generated_key_file(DATA_DIR / "data_key", privacy.new_key, what="data key")]
    elif DEBUG:
        GONGKAI_DATA_KEYS = [privacy.DEVELOPMENT_KEY]
    else:
        raise SettingError("GONGKAI_DATA_KEYS is required when GONGKAI_DEBUG and GONGKAI_DEMO are off "
                           "(make a key with `gongkai pii new-key`; see docs/privacy.md)")
GONGKAI_LOOKUP_KEY = env_str("GONGKAI_LOOKUP_KEY")
try:
    privacy.DataKeys(GONGKAI_DATA_KEYS, GONGKAI_LOOKUP_KEY)
except privacy.KeyConfigError as exc:
    raise SettingError(exc.detail) from None
# Applicants' personal data is anonymised this many days after the application is archived (five years by
# default, docs/privacy.md).
GONGKAI_PII_RETENTION_DAYS = env_int("GONGKAI_PII_RETENTION_DAYS", 1826, minimum=1)

ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

MAX_UPLOAD_MB = env_int("GONGKAI_MAX_UPLOAD_MB", 200, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A bulk import (ZIP members or files chosen at once) holds at most this many files; its total uncompressed
# size is capped by MAX_UPLOAD_MB as well, so an archive cannot expand without bound (zip bombs).
MAX_BATCH_FILES = env_int("GONGKAI_MAX_BATCH_FILES", 2000, minimum=1)
DATA_UPLOAD_MAX_NUMBER_FILES = MAX_BATCH_FILES

# Disclosure applications (docs/settings.md).
GONGKAI_MAX_ATTACHMENT_MB = env_int("GONGKAI_MAX_ATTACHMENT_MB", 10, minimum=1)
GONGKAI_MAX_ATTACHMENTS = env_int("GONGKAI_MAX_ATTACHMENTS", 5, minimum=0)
# A reviewer must be someone other than the staff member who drafted the decision, unless an office is too
# small for that (then set 1).
GONGKAI_ALLOW_SELF_APPROVAL = env_bool("GONGKAI_ALLOW_SELF_APPROVAL", False)
# Proactive disclosure: an interpretation (政策解读) published more than this many working days after its
# policy is flagged; 0 = it must be published the same day (同步, 国办发〔2016〕80号 三同步).
GONGKAI_INTERPRETATION_MAX_LAG_WORKDAYS = env_int("GONGKAI_INTERPRETATION_MAX_LAG_WORKDAYS", 0, minimum=0)
# Online submissions per client IP per hour (public form); tracking lookups per IP per hour.
GONGKAI_SUBMIT_RATE_PER_HOUR = env_int("GONGKAI_SUBMIT_RATE_PER_HOUR", 10, minimum=1)
GONGKAI_TRACK_RATE_PER_HOUR = env_int("GONGKAI_TRACK_RATE_PER_HOUR", 30, minimum=1)
# Open data API (/api/v1/, docs/api.md): requests per client IP per minute.
GONGKAI_API_RATE_PER_MINUTE = env_int("GONGKAI_API_RATE_PER_MINUTE", 120, minimum=1)

# The monitor of other government websites (docs/supervision-monitor.md). Private, loopback and reserved
# addresses are refused unless ALLOW_PRIVATE (tests, intranet sites); pages are cut at MAX_BYTES; one host gets
# at most one request per HOST_INTERVAL_MS (shared through the cache by all workers); each active site is
# visited every VISIT_MINUTES (19号 needs >= 20 visits a day, so at most 72), BATCH sites per queued task;
# LINK_SAMPLE links of each column are checked for breakage once a day.
GONGKAI_MONITOR_ALLOW_PRIVATE = env_bool("GONGKAI_MONITOR_ALLOW_PRIVATE", False)
GONGKAI_MONITOR_MAX_BYTES = env_int("GONGKAI_MONITOR_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
GONGKAI_MONITOR_HOST_INTERVAL_MS = env_int("GONGKAI_MONITOR_HOST_INTERVAL_MS", 1000, minimum=0)
GONGKAI_MONITOR_VISIT_MINUTES = env_int("GONGKAI_MONITOR_VISIT_MINUTES", 60, minimum=1)
if GONGKAI_MONITOR_VISIT_MINUTES > 72:
    raise SettingError(f"GONGKAI_MONITOR_VISIT_MINUTES={GONGKAI_MONITOR_VISIT_MINUTES}: at most 72 (国办秘函〔2019〕19号 "
                       "needs at least 20 visits a day)")
GONGKAI_MONITOR_BATCH = env_int("GONGKAI_MONITOR_BATCH", 50, minimum=1)
GONGKAI_MONITOR_LINK_SAMPLE = env_int("GONGKAI_MONITOR_LINK_SAMPLE", 5, minimum=0)

_default_db = f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        owner_only_file(Path(DATABASES["default"]["NAME"]))  # -wal and -shm take the database file's mode
    # WAL lets readers continue while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # A kept connection is checked before each request reuses it, so a database restart costs at most the
    # requests made while it is down, not a 500 on every kept connection afterwards (bench/faults.py).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # sitemap.xml of the public platform (gongkai.web.portal.sitemaps)
    "huey.contrib.djhuey",
    "gongkai.web.common",
    "gongkai.web.library",
    "gongkai.web.agencies",
    "gongkai.web.applications",
    "gongkai.web.reports",
    "gongkai.web.registry",
    "gongkai.web.portal",
    "gongkai.web.api",
    "gongkai.web.search",
    "gongkai.web.engagement",
    "gongkai.web.supervision",
    "csp",  # Content-Security-Policy header (Web hardening below)
    "axes",  # login lockout (Web hardening below)
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer before host validation and the HTTPS redirect (serving block below).
    "gongkai.web.common.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files with hashed names and gzip, from the app itself (serving block below).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Web hardening (below). The body cap needs request.user (lazy, reads no body) and runs before any view
    # hook reads the body (CSRF's process_view reads POST); the CSP header and no-store wrap it, so its 413
    # page gets them too.
    "csp.middleware.CSPMiddleware",
    "gongkai.web.common.hardening.NoStoreMiddleware",
    "gongkai.web.common.hardening.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.web.common.middleware.PdfUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

# Background tasks (bulk imports) run on huey. Production points GONGKAI_REDIS_URL at a Redis server; without
# it the queue is a SQLite file in the data dir, so the demo needs no extra service. `gongkai worker` consumes
# the queue (`gongkai serve` starts one beside the dev server). GONGKAI_TASKS_IMMEDIATE=1 runs each task
# synchronously where it is enqueued (tests). "immediate" is always set here: djhuey would otherwise
# follow DEBUG and silently bypass the worker in development.
REDIS_URL = env_str("GONGKAI_REDIS_URL")
TASKS_IMMEDIATE = env_bool("GONGKAI_TASKS_IMMEDIATE", False)
if REDIS_URL is not None and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise SettingError(f"GONGKAI_REDIS_URL={REDIS_URL!r}: expected a redis://, rediss:// or unix:// URL")
HUEY = {
    "name": "gongkai",
    "immediate": TASKS_IMMEDIATE,
    "results": False,  # tasks report through the database (ImportBatch), not through huey results
    "consumer": {"workers": 1, "worker_type": "thread"},
}
# Mail (deadline reminders). Without GONGKAI_SMTP_HOST, development and demo print mails to the console.
DEFAULT_FROM_EMAIL = env_str("GONGKAI_MAIL_FROM", "gongkai@localhost")
_smtp_host = env_str("GONGKAI_SMTP_HOST")
if _smtp_host:
    EMAIL_HOST = _smtp_host
    EMAIL_PORT = env_int("GONGKAI_SMTP_PORT", 25, minimum=1)
elif DEBUG or DEMO:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Rate limits count in the cache: shared through Redis in production, per process otherwise.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(owner_only_file(DATA_DIR / "tasks.sqlite3"))})

ROOT_URLCONF = "gongkai.web.urls"
WSGI_APPLICATION = "gongkai.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.web.common.context_processors.site",
            ],
        },
    },
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise looks there from the start (collectstatic fills it)

# --- Serving: static files (docs/deploy.md) ---------------------------------------------------------------
# `gongkai serve` runs collectstatic into STATIC_ROOT; WhiteNoise serves the files with content-hashed names,
# gzip and far-future cache headers. With DEBUG on (development, tests) the plain storage keeps
# `{% static %}` working without collectstatic, and WhiteNoise finds the files in the apps (its
# USE_FINDERS/AUTOREFRESH follow DEBUG).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# --- HTTPS and security headers (docs/deploy.md) ----------------------------------------------------------
# Always on: no MIME sniffing, no framing, no Referer to other sites, session cookie out of reach of scripts,
# and a staff session lasts one working day. GONGKAI_HTTPS=1 (behind a TLS-terminating proxy or not) adds
# Secure cookies, the redirect to https (health checks exempt: load balancers probe over plain HTTP) and HSTS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("GONGKAI_SESSION_HOURS", 8, minimum=1) * 3600
HTTPS = env_bool("GONGKAI_HTTPS", False)
# The header a trusted reverse proxy sets to the scheme the client used, e.g. X-Forwarded-Proto (nginx:
# `proxy_set_header X-Forwarded-Proto $scheme;`). Only set it when every request passes that proxy, which
# must overwrite the header: a client could otherwise claim https.
_proxy_ssl_header = env_str("GONGKAI_PROXY_SSL_HEADER")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS", [])
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("GONGKAI_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("GONGKAI_HSTS_PRELOAD", False)
    if not CSRF_TRUSTED_ORIGINS:
        CSRF_TRUSTED_ORIGINS = [
            "https://" + ("*" + host if host.startswith(".") else host)
            for host in ALLOWED_HOSTS if host not in ("*", "testserver")
        ]
    if not SECURE_HSTS_PRELOAD:
        # Asking browsers to preload the domain is a commitment the office makes for all its subdomains
        # (GONGKAI_HSTS_PRELOAD=1), not a default; without it check --deploy would warn W021 for ever.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Every page that needs a login sends a logged-out visitor to the staff login (/work/login/), the one login
# page the site shows; only the admin (/admin/, superusers) keeps its own.
LOGIN_URL = "work:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GONGKAI_LOG_LEVEL", "WARNING")},
    # The worker's own progress lines (started, task executed); configured here, run_huey adds no second
    # handler, so each line is printed once.
    "loggers": {"huey": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# --- Web hardening (docs/settings.md "Web hardening") ------------------------------------------------------
# Client address: X-Forwarded-For is believed only from these reverse proxies (IPs/CIDRs, comma-separated).
try:
    GONGKAI_TRUSTED_PROXIES = parse_trusted_proxies(env_list("GONGKAI_TRUSTED_PROXIES", []))
except ValueError as _e:
    raise SettingError(f"GONGKAI_TRUSTED_PROXIES: {_e}") from None
# Request bodies are capped before they are read (gongkai.web.common.hardening): forms without uploads.
GONGKAI_MAX_REQUEST_KB = env_int("GONGKAI_MAX_REQUEST_KB", 2048, minimum=16)
# Staff and admin logins: locked per username + client address after this many failures, for this long.
GONGKAI_LOGIN_FAILURE_LIMIT = env_int("GONGKAI_LOGIN_FAILURE_LIMIT", 5, minimum=1)
GONGKAI_LOGIN_COOLOFF_MINUTES = env_int("GONGKAI_LOGIN_COOLOFF_MINUTES", 30, minimum=1)

AUTHENTICATION_BACKENDS = [
    "gongkai.web.common.hardening.LoginLockoutBackend",  # axes: refuses a locked-out username+address first
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = GONGKAI_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=GONGKAI_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "gongkai.web.common.clientip.client_ip_or_none"
AXES_LOCKOUT_CALLABLE = "gongkai.web.common.hardening.login_locked_out"
AXES_VERBOSE = False  # its per-attempt warnings would repeat what AccessAttempt records

# Content-Security-Policy (django-csp 4.x): no inline scripts, styles or handlers anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

"""Settings for the helpdesk: every deployment value comes from the environment.

DEBUG is off unless the environment turns it on (`make run` does, for a laptop on SQLite);
production sets `SECRET_KEY`, `ALLOWED_HOSTS`, `DATABASE_URL` and `REDIS_URL`.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "insecure-local-development-key-change-me"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: the default key is for local use with DEBUG on.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "tickets",
    "tickets.agenttools",
    "tickets.sla",
    "tickets.apitokens",
    "tickets.notifications",
    "inquiries",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "helpdesk.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the view into its page.
    "axes.middleware.AxesMiddleware",
]
if env.bool("REQUEST_LOG", default=not DEBUG):
    MIDDLEWARE.insert(0, "helpdesk.middleware.RequestLogMiddleware")

ROOT_URLCONF = "helpdesk.urls"
WSGI_APPLICATION = "helpdesk.wsgi.application"
AUTH_USER_MODEL = "tickets.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The native API ships its own ReDoc page (no web fonts from a CDN) in tickets/api.
        "DIRS": [BASE_DIR / "templates", BASE_DIR / "tickets" / "api" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Badges, relative times and the user's role, in every web template unloaded.
            "builtins": [
                "tickets.web.templatetags.helpdesk_web",
                "tickets.web.templatetags.sla_badges",
            ],
            # The layout's static files and links, resolved once per process.
            "libraries": {"site_paths": "tickets.web.templatetags.site_paths"},
        },
    },
]


def database_from(url_variable: str, **default) -> dict:
    database = env.db(url_variable, **default)
    database["ATOMIC_REQUESTS"] = False
    database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        # Short OLTP queries: JIT compilation costs more (tens of ms) than it ever saves.
        options["options"] = "-c jit=off"
        # Parameters bound by the server, and a statement run twice on a connection
        # prepared: PostgreSQL then plans the ticket page's joins once per connection,
        # not on every request. Off behind a pooler that cannot keep prepared statements
        # (PgBouncer in transaction mode before 1.21).
        if env.bool("DATABASE_SERVER_SIDE_BINDING", default=True):
            options["server_side_binding"] = True
            options["prepare_threshold"] = 2
    return database


DATABASES = {
    "default": database_from("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a test thread write side by side.
    # Under WAL, synchronous=NORMAL syncs at checkpoints rather than at every commit (the
    # file stays consistent; a power cut may lose the last commits of a laptop database).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# django-axes refuses a locked-out account or address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "helpdesk.authentication.SessionUserBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Attachments: the local disk by default; for several app hosts, S3-compatible object
# storage (AWS S3, MinIO, Ceph, R2 ...) through django-storages.
ATTACHMENT_STORAGE = env.str("ATTACHMENT_STORAGE", default="local")
DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if ATTACHMENT_STORAGE == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
            "region_name": env.str("S3_REGION", default=None),
            "access_key": env.str("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default=None),
            "location": env.str("S3_PREFIX", default="attachments"),
            # Objects are private: every download is checked, then streamed or signed.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("HELPDESK_ATTACHMENT_URL_SECONDS", default=60),
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }
elif ATTACHMENT_STORAGE != "local":
    raise ImproperlyConfigured("ATTACHMENT_STORAGE is `local` or `s3`.")
# `stream`: the app sends the bytes after its permission check. `signed-url`: after the
# same check, a redirect to a short-lived signed URL of the object store, so the bytes
# never pass through an app host (for storage that signs URLs; others are streamed).
HELPDESK_ATTACHMENT_DELIVERY = env.str("HELPDESK_ATTACHMENT_DELIVERY", default="stream")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedStaticFilesStorage",
        )
    },
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
# A hung SMTP server fails one delivery attempt (retried later), never a worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The address customers write to; replies go to `local+<signed ticket token>@domain`.
HELPDESK_SUPPORT_ADDRESS = env.str("HELPDESK_SUPPORT_ADDRESS", default="support@example.test")
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f"Helpdesk Support <{HELPDESK_SUPPORT_ADDRESS}>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=HELPDESK_SUPPORT_ADDRESS)
# Links in mails point here.
HELPDESK_SITE_URL = env.str("HELPDESK_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Mail from an unknown address to the support address opens a ticket for a new customer.
HELPDESK_MAIL_SIGNUP = env.bool("HELPDESK_MAIL_SIGNUP", default=True)
HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET = env.bool(
    "HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET", default=True
)
# A failed send is tried again after 1, 2, 4, ... minutes (at most an hour apart), then
# marked failed after this many attempts.
HELPDESK_MAIL_MAX_ATTEMPTS = env.int("HELPDESK_MAIL_MAX_ATTEMPTS", default=8)
HELPDESK_MAIL_RETRY_BASE_SECONDS = env.int("HELPDESK_MAIL_RETRY_BASE_SECONDS", default=60)
HELPDESK_MAIL_GATEWAY_HOST = env.str("HELPDESK_MAIL_GATEWAY_HOST", default="127.0.0.1")
HELPDESK_MAIL_GATEWAY_PORT = env.int("HELPDESK_MAIL_GATEWAY_PORT", default=2525)
HELPDESK_IMAP_HOST = env.str("HELPDESK_IMAP_HOST", default="")
HELPDESK_IMAP_PORT = env.int("HELPDESK_IMAP_PORT", default=993)
HELPDESK_IMAP_SSL = env.bool("HELPDESK_IMAP_SSL", default=True)
HELPDESK_IMAP_USER = env.str("HELPDESK_IMAP_USER", default="")
HELPDESK_IMAP_PASSWORD = env.str("HELPDESK_IMAP_PASSWORD", default="")
HELPDESK_IMAP_FOLDER = env.str("HELPDESK_IMAP_FOLDER", default="INBOX")

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A Redis outage degrades caching and throttling; it never fails a request.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }
    # Sessions live in the database and are cached in Redis: losing Redis loses no login.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Each process of a per-process cache keeps its own throttle counts: n workers let n times
# the rate through, and the login throttle resets on every restart.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
if not DEBUG and CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        "Set REDIS_URL (or CACHE_URL to a shared cache): with DEBUG off the throttles need "
        "one cache that every worker shares, not a per-process one."
    )

# How many reverse proxies of ours stand in front of the app. Each appends the address it
# saw to X-Forwarded-For, so the client is the entry that many places from the right; with
# none (the default) the header is the client's own text and is ignored.
HELPDESK_TRUSTED_PROXIES = env.int("HELPDESK_TRUSTED_PROXIES", default=0)

# Login lockout (django-axes), on every password form: the portal, the admin, the 3PL
# `/login`. Failures are counted per account and, separately, per client address; either
# reaching the limit within the cool-off refuses even the right password until the
# cool-off after the last counted failure has passed. Failures while locked are not
# counted, so the lock ends on time. Admins unlock in Django admin (Axes > Access attempts).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "helpdesk.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "helpdesk.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# Background jobs. With a broker (REDIS_URL) a worker runs them; without one (`make run` on
# a fresh machine) they run in-process right after the commit that queued them.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="helpdesk")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request hands work over on commit: with Redis down it must give up at once (the
# outbox sweep sends it later), not hang the page.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 2,
    "max_retries": 0,
}
CELERY_TIMEZONE = "UTC"
# The periodic jobs `celery beat` runs; an app adds its own entry here.
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {
        "task": "tickets.notifications.tasks.outbox_sweep",
        "schedule": env.float("HELPDESK_OUTBOX_SWEEP_SECONDS", default=60.0),
    },
    # Warnings go out at most this late after a ticket turns at risk.
    "sla-check": {
        "task": "tickets.sla.tasks.sla_check",
        "schedule": env.float("HELPDESK_SLA_CHECK_SECONDS", default=60.0),
    },
}
if HELPDESK_IMAP_HOST:
    CELERY_BEAT_SCHEDULE["fetch-mail"] = {
        "task": "tickets.notifications.tasks.fetch_mail",
        "schedule": env.float("HELPDESK_IMAP_POLL_SECONDS", default=60.0),
    }

# An optional read replica; helpdesk.routers sends reads there when it is configured.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = database_from("DATABASE_REPLICA_URL")
DATABASE_ROUTERS = ["helpdesk.routers.PrimaryReplicaRouter"]

# Production hardening; `make serve` (plain HTTP on loopback) turns the TLS-only parts off.
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Attachments: limits are settings so an install can tune them.
HELPDESK_ATTACHMENT_MAX_BYTES = env.int("HELPDESK_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# The storefront contract sends a file base64-encoded in a JSON body, a third larger than
# the file: the request-body limit leaves room for one file at the limit and its envelope.
DATA_UPLOAD_MAX_MEMORY_SIZE = HELPDESK_ATTACHMENT_MAX_BYTES * 4 // 3 + 64 * 1024
HELPDESK_ATTACHMENT_MAX_FILES = env.int("HELPDESK_ATTACHMENT_MAX_FILES", default=5)
HELPDESK_ATTACHMENT_ALLOWED_TYPES = env.list(
    "HELPDESK_ATTACHMENT_ALLOWED_TYPES",
    default=[
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
        "text/plain",
        "text/csv",
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ],
)
HELPDESK_UNREFERENCED_UPLOAD_TTL_HOURS = env.int(
    "HELPDESK_UNREFERENCED_UPLOAD_TTL_HOURS", default=24
)
# Uploads not yet used in a message, per user: what one user can leave lying around.
HELPDESK_PENDING_UPLOADS_MAX_FILES = env.int("HELPDESK_PENDING_UPLOADS_MAX_FILES", default=50)
HELPDESK_PENDING_UPLOADS_MAX_BYTES = env.int(
    "HELPDESK_PENDING_UPLOADS_MAX_BYTES", default=200 * 1024 * 1024
)
# Free-form metadata (a ticket's or message's JSON) on every surface, as compact JSON.
HELPDESK_METADATA_MAX_CHARS = env.int("HELPDESK_METADATA_MAX_CHARS", default=10_000)
HELPDESK_CASE_NUMBER_PREFIX = env.str("HELPDESK_CASE_NUMBER_PREFIX", default="HD")
# How long an agent may undo a merge of duplicate tickets.
HELPDESK_MERGE_UNDO_HOURS = env.int("HELPDESK_MERGE_UNDO_HOURS", default=24)
# At most this many tickets change in one bulk action ("all that match" stops here).
HELPDESK_BULK_MAX_TICKETS = env.int("HELPDESK_BULK_MAX_TICKETS", default=200)
# The storefront dialect answers `status: "success"`; its real storefront tests `status == 1`.
HELPDESK_STOREFRONT_NUMERIC_STATUS = env.bool("HELPDESK_STOREFRONT_NUMERIC_STATUS", default=False)
# How far a call-center client's `signed-date` may drift from the server clock. A signed
# request can be replayed within it (the scheme signs no nonce, nor the body), so it is short.
HELPDESK_HMAC_MAX_SKEW_SECONDS = env.int("HELPDESK_HMAC_MAX_SKEW_SECONDS", default=120)

# API tokens (django-rest-knox): stored as SHA-512 digests, several named ones per user.
REST_KNOX = {"TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=90))}
KNOX_TOKEN_MODEL = "apitokens.ApiToken"
# knox's own migrations create its stock token table even when the model is swapped for
# ours; that unused table's key to the users would block PostgreSQL's TRUNCATE between
# live-server tests. Without migrations, the swapped model gets no table at all.
MIGRATION_MODULES = {"knox": None}
# Making another token past this many revokes the user's oldest one.
HELPDESK_API_TOKENS_PER_USER = env.int("HELPDESK_API_TOKENS_PER_USER", default=20)

# Content-Security-Policy: scripts and styles only from our own static files. The API docs
# pages widen it for themselves (helpdesk/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "helpdesk.authentication.BearerOrTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "helpdesk.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "helpdesk.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "helpdesk.throttling.AnonThrottle",
        "helpdesk.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="60/minute"),
        "user": env.str("THROTTLE_USER", default="1200/minute"),
        "login": env.str("THROTTLE_LOGIN", default="10/minute"),
        "password_reset": env.str("THROTTLE_PASSWORD_RESET", default="5/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "helpdesk.errors.api_exception_handler",
    "DEFAULT_METADATA_CLASS": "helpdesk.metadata.EndpointMetadata",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Helpdesk API",
    "DESCRIPTION": "The native helpdesk API and the four support-platform dialects it speaks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Swagger UI would show a badge from validator.swagger.io on any host but localhost.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # The ReDoc page serves its own copy (static/vendor/redoc/, the logo made local); see
    # tickets/api/templates/drf_spectacular/redoc.html.
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several dialects have a `status` or `category` enum: each gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "CustomerInquiryTopicEnum": "inquiries.customer_inquiries.mapping.TOPICS",
        "CustomerInquiryCategoryEnum": "inquiries.customer_inquiries.mapping.CATEGORIES",
        "CustomerInquirySubCategoryEnum": "inquiries.customer_inquiries.mapping.SUB_CATEGORIES",
        "CustomerInquiryStatusEnum": "inquiries.customer_inquiries.mapping.INQUIRY_STATUSES",
        "CustomerInquiryResolvedByEnum": "inquiries.customer_inquiries.mapping.RESOLVED_BY_VALUES",
        "CustomerInquiryMessageCategoryEnum": (
            "inquiries.customer_inquiries.mapping.MESSAGE_CATEGORY_VALUES"
        ),
        "SupportRequestCategoryEnum": "inquiries.support_requests.mapping.CATEGORIES",
        "SupportRequestStatusEnum": "inquiries.support_requests.mapping.STATUSES",
        # The core's own sets, shared by several native fields: one name each.
        "TicketStatusEnum": "tickets.models.Status",
        "MessageAuthorRoleEnum": "tickets.models.Role",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "request_log": {"class": "logging.StreamHandler", "formatter": "message"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "helpdesk.requests": {"handlers": ["request_log"], "level": "INFO", "propagate": False},
        # aiosmtpd logs every SMTP command at INFO.
        "mail.log": {"level": "WARNING"},
    },
}

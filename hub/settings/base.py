"""Settings shared by every environment. No secrets live here.

Everything that differs between machines comes from the environment (see .env.example).
With nothing set, the hub runs on the embedded default: SQLite, Wagtail's database search
backend, Celery tasks run eagerly, a local-memory cache and console email.

Self-contained groups live in modules of their own beside this one, which takes them in:
``accounts`` (allauth, single sign-on, MFA, passwords), ``product`` (the community's limits,
moderation, experts' routing, escalation to support), ``security`` (headers and the
Content-Security-Policies); ``environment`` has the readers of the environment they all use.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

# Those modules define settings and nothing else. A star import takes every setting one
# defines, so a setting added there needs no second edit here.
from .accounts import *  # noqa: F403
from .environment import BASE_DIR, env, env_bool, env_list
from .product import *  # noqa: F403
from .security import *  # noqa: F403

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hub",
    "community",
    "experts",
    "moderation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "django_comments_xtd",
    "django_comments",
    "rest_framework",
]

# Order matters: the security headers wrap everything, including pages served from the
# anonymous page cache, which sits right after the language is known.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hub.security.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "hub.middleware.RejectNulMiddleware",
    "hub.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hub.middleware.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hub.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "hub.urls"

# --- The client's address -----------------------------------------------------------------------
# How many reverse proxies in front of the hub append the client's address to X-Forwarded-For.
# 0 (the embedded default): the hub is reached directly and the header is ignored. Behind one
# proxy (production's default), the address that proxy appended is the client's; whatever a
# client put in the header itself is ignored. hub.network.client_ip is the one reader, used by
# allauth's rate limits, the posting limits and the sign-up network kept against sock puppets.
AGORA_TRUSTED_PROXIES = int(env("AGORA_TRUSTED_PROXIES", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = AGORA_TRUSTED_PROXIES
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database: SQLite unless DATABASE_URL names a real server -------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers and one writer work side by side; the timeout rides out short locks.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory unless REDIS_URL is set --------------------------------------------
REDIS_URL = env("REDIS_URL")
# A cache or broker that did not answer is left alone this many seconds before it is tried
# again (meanwhile: this process's memory, tasks run in-process).
AGORA_OUTAGE_RETRY_SECONDS = float(env("AGORA_OUTAGE_RETRY_SECONDS", "5"))
if REDIS_URL:
    CACHES = {
        "default": {
            # A cache outage never fails a request: while Redis does not answer, the cache
            # falls back to this process's memory (rate limits keep limiting, per process) and
            # tries Redis again after AGORA_OUTAGE_RETRY_SECONDS, so a request pays a dead
            # Redis at most once per interval instead of a connect timeout on every call.
            "BACKEND": "hub.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "agora"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 1,
                "RETRY_SECONDS": AGORA_OUTAGE_RETRY_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# --- Celery: eager unless a broker is configured ----------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BEAT_SCHEDULE: dict = {
    # Anti-gaming, levels as activity ages, ambassador candidates.
    "community-nightly-reputation": {
        "task": "community.tasks.nightly_reputation",
        "schedule": crontab(minute=30, hour=int(env("AGORA_REPUTATION_HOUR", "3"))),
    },
    "community-daily-digest": {
        "task": "community.tasks.send_daily_digests",
        "schedule": crontab(minute=0, hour=int(env("AGORA_DIGEST_HOUR", "7"))),
    },
    "community-search-catch-up": {
        "task": "community.tasks.catch_up_search_index",
        "schedule": 300.0,
    },
    "moderation-response-clocks": {
        "task": "moderation.tasks.advance_response_clocks",
        "schedule": 300.0,
    },
    "moderation-queue-reminders": {
        "task": "moderation.tasks.remind_waiting_items",
        "schedule": 3600.0,
    },
    # Listening: the daily roll-ups of the days that changed, then the bad-buzz check, hourly
    # (a spike must not wait for the night); the reports once a day (each period sent once).
    "moderation-listening-rollups": {
        "task": "moderation.listening.tasks.roll_up",
        "schedule": crontab(minute=5),
    },
    "moderation-listening-buzz": {
        "task": "moderation.listening.tasks.detect_buzz",
        "schedule": crontab(minute=10),
    },
    "moderation-listening-reports": {
        "task": "moderation.listening.tasks.send_voice_reports",
        "schedule": crontab(minute=20, hour=int(env("AGORA_REPORT_HOUR", "6"))),
    },
}
CELERY_TIMEZONE = "UTC"

# --- Search ------------------------------------------------------------------------------------
# Wagtail's database backend by default (SQLite FTS5, PostgreSQL full text). ELASTICSEARCH_URL
# adds the Elasticsearch index that the community search builds with elasticsearch.dsl.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", "agora")
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "2"))

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
# A bare address is sent under the brand's name (hub.site.sender): "Lumio <no-reply@…>". An
# address with a display name of its own ("Lumio Care <care@…>") is used exactly as written.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "no-reply@agora.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The single upload pipeline for member images (hub/uploads.py).
AGORA_UPLOAD_MAX_BYTES = int(env("AGORA_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
AGORA_UPLOAD_MAX_PIXELS = int(env("AGORA_UPLOAD_MAX_PIXELS", str(25_000_000)))
AGORA_AVATAR_SIZE = 256
# Seconds anonymous visitors may be served a cached page (0 turns the page cache off).
AGORA_ANON_CACHE_SECONDS = int(env("AGORA_ANON_CACHE_SECONDS", "60"))
# Seconds /healthz keeps its readiness report (each probe would otherwise open a broker
# connection and run a search query).
AGORA_HEALTH_CACHE_SECONDS = float(env("AGORA_HEALTH_CACHE_SECONDS", "5"))

# --- Wagtail ---------------------------------------------------------------------------------
# The hub's public address: every link in an email, feed or report is built on it (hub/site.py).
# The hub's name is the brand's (Settings > Brand); SITE_NAME is only the last fallback.
BASE_URL = env("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAIL_SITE_NAME = env("SITE_NAME", "Agora")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = AGORA_UPLOAD_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = AGORA_UPLOAD_MAX_PIXELS
# The admin's images go through the members' upload pipeline (checked with Pillow, re-encoded),
# which takes these formats.
WAGTAILIMAGES_IMAGE_FORM_BASE = "hub.images.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "docx", "xlsx", "odt", "ods"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's own review-workflow emails (an article submitted, approved, rejected) carry an HTML
# part too, as every other email of the hub does.
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAILADMIN_COMMENTS_ENABLED = False
# Passwords are reset through allauth (rate-limited, no account enumeration), not the admin.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No third-party requests from the admin either: avatars are not fetched from Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Comments (django-comments-xtd, for expert articles) ---------------------------------------
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 3
COMMENTS_XTD_CONFIRM_EMAIL = False
# Members' comment emails go through Celery (experts/tasks.py), never the library's threads.
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "who_can_post": "users",
        "allow_flagging": False,
        "allow_feedback": False,
        "show_feedback": False,
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# --- Demo accounts (seed_demo only) ------------------------------------------------------------
AGORA_ALLOW_DEMO = env_bool("AGORA_ALLOW_DEMO", True)
DEMO_PASSWORD = env("DEMO_PASSWORD", "agora-demo-2026")
DEMO_TOTP_SECRET = env("DEMO_TOTP_SECRET", "AGORADEMOTOTPSECRETAGORADEMO2345")

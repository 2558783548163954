"""Settings shared by every environment. No secrets live here.

Everything that differs between machines comes from the environment (see .env.example).
With nothing set, the hub runs on the embedded default: SQLite, Wagtail's database search
backend, Celery tasks run eagerly, a local-memory cache and console email.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


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

# --- Accounts (django-allauth) ---------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Object permissions only: verified experts may mark official answers in their areas.
    "experts.backends.ExpertAreaBackend",
]
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "hub.validators.username_validators"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "hub.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("HTTP_PROTOCOL", "http")
# allauth's own rate limits stay on, with its defaults tightened for sign-up and log-in.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Company single sign-on (any OpenID Connect provider: Entra ID, Okta, Google Workspace, ...),
# shown on the log-in page when its client id is set.
SOCIALACCOUNT_PROVIDERS: dict = {}
if env("SSO_OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env("SSO_OIDC_PROVIDER_ID", "company"),
                "name": env("SSO_OIDC_NAME", "Company account"),
                "client_id": env("SSO_OIDC_CLIENT_ID"),
                "secret": env("SSO_OIDC_SECRET"),
                "settings": {"server_url": env("SSO_OIDC_SERVER_URL")},
            }
        ]
    }
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Agora")
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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

# --- Community: limits from PRODUCT.md's reference numbers -----------------------------------
# A member is new until one of their posts has been approved; brand voices and moderators are
# never limited. Every exceeded limit tells the member when to try again.
AGORA_NEW_MEMBER_LIMITS = {
    "seconds_between_posts": int(env("AGORA_NEW_SECONDS_BETWEEN_POSTS", "30")),
    "seconds_between_questions": int(env("AGORA_NEW_SECONDS_BETWEEN_QUESTIONS", "120")),
    "posts_first_day": int(env("AGORA_NEW_POSTS_FIRST_DAY", "10")),
    "max_links": int(env("AGORA_NEW_MAX_LINKS", "2")),
    "images": env_bool("AGORA_NEW_IMAGES", False),
}
AGORA_MEMBER_LIMITS = {
    "seconds_between_posts": int(env("AGORA_SECONDS_BETWEEN_POSTS", "5")),
    "seconds_between_questions": int(env("AGORA_SECONDS_BETWEEN_QUESTIONS", "30")),
    "max_links": int(env("AGORA_MAX_LINKS", "20")),
    "images": True,
}
# What reads the tone of posts (community.sentiment): any class with read(text) -> Reading.
AGORA_SENTIMENT_ANALYSER = env("AGORA_SENTIMENT_ANALYSER", "community.sentiment.LexiconAnalyser")
AGORA_VOTES_PER_DAY = int(env("AGORA_VOTES_PER_DAY", "40"))
AGORA_FLAGS_TO_HIDE = int(env("AGORA_FLAGS_TO_HIDE", "3"))
# Moderation: how long a watch (approve-and-watch) and a warning last, the suspension ladder,
# when the assignee of a waiting queue item is reminded, and the local spam checks.
AGORA_WATCH_DAYS = int(env("AGORA_WATCH_DAYS", "30"))
AGORA_WARNING_DAYS = int(env("AGORA_WARNING_DAYS", "90"))
AGORA_SUSPENSION_STEPS = [int(d) for d in env_list("AGORA_SUSPENSION_STEPS", "1,3,7,30")]
AGORA_QUEUE_REMIND_HOURS = float(env("AGORA_QUEUE_REMIND_HOURS", "24"))
AGORA_SPAM_CHECKS = env_bool("AGORA_SPAM_CHECKS", True)
AGORA_SPAM_MIN_REPEATED_CHARS = int(env("AGORA_SPAM_MIN_REPEATED_CHARS", "40"))
AGORA_SPAM_MIN_TYPED_CHARS = int(env("AGORA_SPAM_MIN_TYPED_CHARS", "300"))
AGORA_SPAM_CHARS_PER_SECOND = float(env("AGORA_SPAM_CHARS_PER_SECOND", "25"))
# Akismet checks every post when a key is set (its client times out after
# PYTHON_AKISMET_TIMEOUT seconds, 1 by default; a post it cannot check waits in the queue).
AKISMET_API_KEY = env("AKISMET_API_KEY", "")
AKISMET_SITE_URL = env("AKISMET_SITE_URL", env("BASE_URL", "http://127.0.0.1:8000"))
AKISMET_TEST_MODE = env_bool("AKISMET_TEST_MODE", False)
# First posts of new members wait for a moderator until one is approved.
AGORA_PREMODERATE_NEW_MEMBERS = env_bool("AGORA_PREMODERATE_NEW_MEMBERS", True)
AGORA_MAX_BODY_CHARS = int(env("AGORA_MAX_BODY_CHARS", "20000"))
AGORA_MAX_COMMENT_CHARS = int(env("AGORA_MAX_COMMENT_CHARS", "1000"))
AGORA_MAX_IMAGES_PER_POST = int(env("AGORA_MAX_IMAGES_PER_POST", "4"))

# --- Experts and routing ------------------------------------------------------------------------
# Every routed question has a response target counted in the brand's business hours.
AGORA_RESPONSE_TARGET_HOURS = float(env("AGORA_RESPONSE_TARGET_HOURS", "24"))
AGORA_BUSINESS_TIMEZONE = env("AGORA_BUSINESS_TIMEZONE", env("TIME_ZONE", "Europe/Paris"))
AGORA_BUSINESS_DAYS = [int(d) for d in env_list("AGORA_BUSINESS_DAYS", "0,1,2,3,4")]
AGORA_BUSINESS_HOURS = tuple(int(h) for h in env_list("AGORA_BUSINESS_HOURS", "9,18"))
# How many experts each new question goes to.
AGORA_ROUTE_TO_EXPERTS = int(env("AGORA_ROUTE_TO_EXPERTS", "1"))

# Escalation to customer support: a signed webhook and/or an email per case; the support
# system reports the case's status back to /support/webhook/, signed with the inbound secret.
AGORA_SUPPORT_WEBHOOK_URL = env("AGORA_SUPPORT_WEBHOOK_URL")
AGORA_SUPPORT_WEBHOOK_SECRET = env("AGORA_SUPPORT_WEBHOOK_SECRET")
AGORA_SUPPORT_INBOUND_SECRET = env("AGORA_SUPPORT_INBOUND_SECRET") or AGORA_SUPPORT_WEBHOOK_SECRET
AGORA_SUPPORT_EMAIL = env("AGORA_SUPPORT_EMAIL")
AGORA_SUPPORT_TIMEOUT = float(env("AGORA_SUPPORT_TIMEOUT", "5"))
AGORA_SUPPORT_TOLERANCE_SECONDS = int(env("AGORA_SUPPORT_TOLERANCE_SECONDS", "300"))
# Employees: sign-ins with these email domains or this SSO provider get a pre-filled expert
# application (the domain proves nothing alone: the community manager still verifies).
AGORA_COMPANY_EMAIL_DOMAINS = [d.lower() for d in env_list("AGORA_COMPANY_EMAIL_DOMAINS")]
AGORA_COMPANY_SSO_PROVIDER = env(
    "AGORA_COMPANY_SSO_PROVIDER", env("SSO_OIDC_PROVIDER_ID", "company")
)

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

# --- Security headers (production.py adds HTTPS-only settings) --------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The public hub runs with a strict policy and no inline script or style. Wagtail's admin gets a
# policy of its own (hub.security.CSPMiddleware), below.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# What Wagtail's admin needs, found by loading its screens (dashboard, page editor with its
# preview and choosers, image uploads and focal points, the moderation queue, listening, settings)
# in Chromium and collecting every violation: inline scripts (Wagtail's date pickers and panels
# write them, its scripts insert more) and inline styles; blob: images (the upload previews).
# No eval, nothing from another origin, no inline event handler but the no-op "return;" Jcrop
# sets to detect touch screens (allowed by its hash), and never framed by another site.
AGORA_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "script-src-attr": [
            "'unsafe-hashes'",
            "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='",
        ],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
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

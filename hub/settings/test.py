"""Fast, deterministic settings for the test suite (SQLite by default, PostgreSQL with
DATABASE_URL, Redis with REDIS_URL)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL", env("REDIS_URL"))
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env("TEST_MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "agora-test-media")))
LANGUAGE_CODE = "en"

AGORA_ANON_CACHE_SECONDS = 0  # tests that need the page cache turn it on
# The spam checks hold posts written faster than a person types; tests post instantly. The
# moderation tests turn them on.
AGORA_SPAM_CHECKS = False
# Static files come from the finders, not a collected STATIC_ROOT (which tests never build).
WHITENOISE_AUTOREFRESH = True

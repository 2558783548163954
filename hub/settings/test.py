"""Fast, deterministic settings for the test suite (SQLite by default, PostgreSQL with
DATABASE_URL, Redis with REDIS_URL)."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES, INSTALLED_APPS, REDIS_URL, STORAGES, env

DEBUG = False
# The factories and seed_demo the tests share with the demo.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True

# The test database is kept between runs (pytest runs with --reuse-db): a run migrates only
# what changed instead of building the schema from scratch in every worker. On SQLite that
# needs a file (pytest-django adds each worker's suffix); `--create-db` starts afresh.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}

# Parallel test workers (pytest-xdist names them gw0, gw1, …) each get their own Redis
# database: every test empties the cache, which must not wipe a neighbour's rate limits or
# sessions mid-test. Tests that read REDIS_URL themselves see the same database.
_WORKER = env("PYTEST_XDIST_WORKER")
if REDIS_URL and _WORKER.startswith("gw"):
    _url = urlsplit(REDIS_URL)
    _db = (int(_url.path.strip("/") or 0) + int(_WORKER[2:])) % 16
    REDIS_URL = urlunsplit(_url._replace(path=f"/{_db}"))
    os.environ["REDIS_URL"] = REDIS_URL
    CACHES["default"]["LOCATION"] = REDIS_URL
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
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

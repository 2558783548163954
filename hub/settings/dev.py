"""Local development: the embedded default, debug on, a throwaway key."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-used-in-production-0123456789")
ALLOWED_HOSTS = ["*"]
# Serve static files from the apps as they change; nothing to collect in development.
WHITENOISE_AUTOREFRESH = DEBUG
# The demo brand and seed_demo (never in production).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

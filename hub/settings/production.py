"""Production: fails fast when a required variable is missing, HTTPS only."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_list


def required(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS must be set in production.")
# The public address every email, feed and report links to (https://community.example.com).
BASE_URL = required("BASE_URL").rstrip("/")
if not BASE_URL.startswith("https://") or not urlsplit(BASE_URL).hostname:
    raise ImproperlyConfigured(
        "BASE_URL must be the hub's public https:// address in production, "
        "such as https://community.example.com."
    )
WAGTAILADMIN_BASE_URL = BASE_URL

# The hub runs behind a reverse proxy (README: production topology) that appends the client's
# address to X-Forwarded-For; AGORA_TRUSTED_PROXIES says how many proxies do.
AGORA_TRUSTED_PROXIES = int(env("AGORA_TRUSTED_PROXIES", "1"))
ALLAUTH_TRUSTED_PROXY_COUNT = AGORA_TRUSTED_PROXIES

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Demo accounts never exist in production.
AGORA_ALLOW_DEMO = False

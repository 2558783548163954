"""The hub as the world outside a page sees it: its name, its public address, the sender of its
emails, and the two "sites" frameworks kept in step with them.

- The public address is the ``BASE_URL`` setting (required in production). Every link the hub
  sends away from a page (emails, feeds, reports, webhooks) is built on it, never on the host
  name a request happened to arrive with.
- The name is the brand's (Settings > Brand) of the default Wagtail site, falling back to that
  site's name, then to ``WAGTAIL_SITE_NAME``.
- The sender is ``DEFAULT_FROM_EMAIL`` when it carries a display name of its own; otherwise its
  address under the hub's name (``Lumio Community <no-reply@lumio.example>``).
- Saving the brand names its Wagtail site after it (the admin's dashboard shows that name), and
  Django's own Site (``SITE_ID``, read by allauth and the feeds) follows: domain from
  ``BASE_URL``, name from the brand. ``migrate`` brings them in step too, so a change of
  ``BASE_URL`` reaches them at the next deployment.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS

from .pagecache import current_version

CACHE_SECONDS = 60 * 60
# What Wagtail's first migration calls the default site before anyone configures it.
PLACEHOLDER_HOSTNAME = "localhost"
DJANGO_SITE_NAME_MAX = 50


@dataclass(frozen=True)
class HubSite:
    """What allauth's email templates read as ``current_site``."""

    name: str
    domain: str


def base_url() -> str:
    """The hub's public address, without a trailing slash: ``https://community.example.com``."""
    return settings.BASE_URL.rstrip("/")


def domain() -> str:
    """The host (and port, when not the scheme's own) of the public address."""
    return urlsplit(base_url()).netloc


def absolute(path: str) -> str:
    """A path on the hub (``/questions/12/…``) as a link that opens on its public address."""
    if not path.startswith("/"):
        path = "/" + path
    return base_url() + path


def rebased(url: str) -> str:
    """The same page on the hub's public address, whatever host name ``url`` was built with."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if parts.fragment:
        path += "#" + parts.fragment
    return absolute(path)


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _name_of(wagtail_site, brand_name: str | None) -> str:
    return (
        _one_line(brand_name or "")
        or _one_line(getattr(wagtail_site, "site_name", "") or "")
        or _one_line(settings.WAGTAIL_SITE_NAME)
    )


def _read_name(apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> str:
    wagtail_site_model = apps.get_model("wagtailcore", "Site")
    brand_model = apps.get_model("hub", "BrandSettings")
    site = wagtail_site_model.objects.using(using).filter(is_default_site=True).first()
    brand_name = None
    if site is not None:
        brand_name = (
            brand_model.objects.using(using)
            .filter(site_id=site.pk)
            .values_list("name", flat=True)
            .first()
        )
    return _name_of(site, brand_name)


def hub_name() -> str:
    """The hub's name as its emails, feeds and the admin show it (kept in the cache until the
    brand or the site changes)."""
    key = f"hub:name:{current_version()}"
    name = cache.get(key)
    if name is None:
        name = _read_name()
        cache.set(key, name, CACHE_SECONDS)
    return name


def sender() -> str:
    """The From of every email the hub sends."""
    display_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if display_name:
        return settings.DEFAULT_FROM_EMAIL
    return str(Address(display_name=hub_name(), addr_spec=address))


def current_site() -> HubSite:
    return HubSite(name=hub_name(), domain=domain())


def email_context() -> dict:
    """What every email template reads of the hub (email/base.txt and email/base.html)."""
    return {"brand_name": hub_name(), "hub_url": absolute("/"), "current_site": current_site()}


def address_of_base_url() -> tuple[str, int]:
    """``BASE_URL`` as a Wagtail Site's hostname and port."""
    parts = urlsplit(base_url())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or PLACEHOLDER_HOSTNAME, port


def sync_sites(
    *, apps=global_apps, using: str = DEFAULT_DB_ALIAS, adopt_placeholder: bool = False
) -> None:
    """Bring Django's Site in step with the hub: domain from ``BASE_URL``, name from the brand.

    The default Wagtail site is named after the brand when it has no name yet. With
    ``adopt_placeholder`` (at ``migrate``), it also takes its address from ``BASE_URL`` while it
    still has Wagtail's placeholder (``localhost``): a site an editor configured is left alone.
    """
    wagtail_site_model = apps.get_model("wagtailcore", "Site")
    django_site_model = apps.get_model("sites", "Site")
    name = _read_name(apps, using)
    site = wagtail_site_model.objects.using(using).filter(is_default_site=True).first()
    if site is not None:
        changes = {}
        if not site.site_name:
            changes["site_name"] = name
        if adopt_placeholder and site.hostname == PLACEHOLDER_HOSTNAME:
            changes["hostname"], changes["port"] = address_of_base_url()
        if changes:
            # update(): a Wagtail site saved here would come back through the receivers.
            wagtail_site_model.objects.using(using).filter(pk=site.pk).update(**changes)
            global_apps.get_model("wagtailcore", "Site").clear_site_root_paths_cache()
    django_site = django_site_model.objects.using(using).filter(pk=settings.SITE_ID).first()
    if django_site is None:
        django_site = django_site_model(pk=settings.SITE_ID)
    wanted = {"domain": domain(), "name": name[:DJANGO_SITE_NAME_MAX]}
    if django_site._state.adding or any(getattr(django_site, k) != v for k, v in wanted.items()):
        for field, value in wanted.items():
            setattr(django_site, field, value)
        django_site.save(using=using)
    # Django keeps the current Site in memory: this process reads the new one at once.
    global_apps.get_model("sites", "Site").objects.clear_cache()

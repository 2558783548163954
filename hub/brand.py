"""The brand as every page shows it, read once and kept in the cache.

The header and footer of every page need the brand's name, logo, colours, support and legal
links; reading BrandSettings, its image and three pages costs five queries a request. The
resolved values are cached per site under the page-cache version, which is bumped when a page
is published or the brand changes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.cache import cache
from wagtail.models import Site

from .models import BrandSettings
from .pagecache import current_version

CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Brand:
    name: str
    tagline: str
    logo_url: str
    logo_width: int
    logo_height: int
    primary_colour: str
    primary_hover_colour: str
    accent_colour: str
    support_url: str
    support_email: str
    terms_url: str
    privacy_url: str
    legal_notice_url: str
    cache_version: str


def _page_url(page, site) -> str:
    if page is None or not page.live:
        return ""
    return page.get_url(current_site=site) or ""


def resolve_brand(site: Site | None) -> Brand:
    settings = BrandSettings.for_site(site) if site else BrandSettings()
    logo_url, logo_width, logo_height = "", 0, 0
    if settings.logo:
        rendition = settings.logo.get_rendition("height-80")
        logo_url, logo_width, logo_height = (
            rendition.url,
            rendition.width // 2,
            rendition.height // 2,
        )
    return Brand(
        name=settings.name,
        tagline=settings.tagline,
        logo_url=logo_url,
        logo_width=logo_width,
        logo_height=logo_height,
        primary_colour=settings.primary_colour,
        primary_hover_colour=settings.primary_hover_colour,
        accent_colour=settings.accent_colour,
        support_url=settings.support_url,
        support_email=settings.support_email,
        terms_url=_page_url(settings.terms_page, site),
        privacy_url=_page_url(settings.privacy_page, site),
        legal_notice_url=_page_url(settings.legal_notice_page, site),
        cache_version=settings.cache_version,
    )


def brand_for_request(request) -> Brand:
    if hasattr(request, "_agora_brand"):
        return request._agora_brand
    site = Site.find_for_request(request)
    key = f"brand:{site.pk if site else 0}:{current_version()}"
    data = cache.get(key)
    if data is None:
        brand = resolve_brand(site)
        cache.set(key, asdict(brand), CACHE_SECONDS)
    else:
        brand = Brand(**data)
    request._agora_brand = brand
    return brand

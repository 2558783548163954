"""Hostile strings in the forms staff reach in the Wagtail admin."""

import pytest
from django.utils.html import escape
from wagtail.models import Site

from hub.models import BrandSettings
from tests.hostile.corpus import ALL, XSS, short_id

pytestmark = pytest.mark.django_db


def brand_form(**overrides):
    data = {
        "name": "Lumio",
        "tagline": "",
        "primary_colour": "#0b5cad",
        "accent_colour": "#f2a900",
        "support_url": "",
        "support_email": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_brand_settings_take_hostile_text_safely(admin_client, home_page, value):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/hub/brandsettings/{site.pk}/"
    response = admin_client.post(url, brand_form(name=value[:80], tagline=value[:160]))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        brand = BrandSettings.for_site(site)
        assert brand.name == value[:80].strip()
        body = admin_client.get("/").content.decode()
        if value in XSS and escape(value[:80].strip()) != value[:80].strip():
            assert value[:80].strip() not in body


@pytest.mark.parametrize(
    "field,value",
    [
        ("support_url", "javascript:alert(1)"),
        ("support_url", "data:text/html,<script>alert(1)</script>"),
        ("primary_colour", "red;}</style><script>alert(1)</script>"),
        ("primary_colour", "#fff"),
        ("support_email", "a@b.c\r\nBcc: x@y.z"),
    ],
)
def test_brand_settings_refuse_dangerous_links_and_colours(admin_client, home_page, field, value):
    site = Site.objects.get(is_default_site=True)
    response = admin_client.post(
        f"/admin/settings/hub/brandsettings/{site.pk}/", brand_form(**{field: value})
    )
    assert response.status_code == 200  # the form comes back with an error
    assert getattr(BrandSettings.for_site(site), field) != value

"""Hostile strings in the forms staff reach in the Wagtail admin.

The brand settings form gets the whole corpus (``ALL``) as Wagtail's settings view builds it,
and what it saves is rendered in the layout every page shares; one HTTP test sends one string
of each family (``WIRING``) through the admin page and the home page.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils.html import escape
from wagtail.contrib.settings.views import get_setting_edit_handler
from wagtail.models import Site

from demo.factories.users import VerifiedUserFactory
from hub.models import BrandSettings
from tests.hostile.corpus import ALL, WIRING, XSS, assert_escaped, short_id

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


def assert_brand_name_escaped(body: str, value: str) -> None:
    if value in XSS and escape(value[:80].strip()) != value[:80].strip():
        assert value[:80].strip() not in body


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_the_brand_settings_form_takes_hostile_text_safely(rf, value):
    site = Site.objects.get(is_default_site=True)
    superuser = VerifiedUserFactory(username="root", is_staff=True, is_superuser=True)
    form_class = get_setting_edit_handler(BrandSettings).get_form_class()
    form = form_class(
        brand_form(name=value[:80], tagline=value[:160]),
        instance=BrandSettings.for_site(site),
        for_user=superuser,
    )
    if not form.is_valid():
        assert form.errors  # the admin page shows the form again with the reasons
        assert_escaped(form.as_div(), value)
        return
    form.save()
    assert BrandSettings.for_site(site).name == value[:80].strip()
    request = rf.get("/")
    request.user = AnonymousUser()
    body = render_to_string("base.html", {}, request=request)  # every page's header and title
    assert escape(value[:80].strip()) in body
    assert_brand_name_escaped(body, value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_brand_settings_page_takes_hostile_text_safely(admin_client, home_page, value):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/hub/brandsettings/{site.pk}/"
    response = admin_client.post(url, brand_form(name=value[:80], tagline=value[:160]))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        brand = BrandSettings.for_site(site)
        assert brand.name == value[:80].strip()
        assert_brand_name_escaped(admin_client.get("/").content.decode(), value)


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

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from hub.models import BrandSettings, HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, seeded_demo):
    return HomePage.objects.get()


def test_the_home_page_shows_the_sections_the_cm_arranged(client, demo):
    body = client.get("/").content.decode()
    assert "Answers from people who know Lumio" in body
    assert "How it works" in body
    assert 'href="/community/"' in body


def test_every_page_has_landmarks_a_skip_link_and_a_language_switch(client, demo):
    body = client.get("/").content.decode()
    for marker in (
        '<a class="skip-link" href="#main">',
        '<main id="main"',
        "<header",
        "<footer",
        'name="language"',
    ):
        assert marker in body


def test_the_brand_is_read_once_then_served_from_the_cache(
    client, demo, django_assert_max_num_queries
):
    client.get("/")
    with django_assert_max_num_queries(4):  # Wagtail's site and page routing only
        client.get("/")


def test_brand_settings_change_the_name_and_footer_links(client, demo):
    body = client.get("/").content.decode()
    assert "Lumio Community" in body
    assert "/terms-of-use/" in body and "https://support.lumio.example/" in body


def test_a_primary_colour_without_enough_contrast_is_refused(demo):
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.primary_colour = "#ffdd00"
    with pytest.raises(ValidationError) as error:
        brand.full_clean()
    assert "primary_colour" in error.value.message_dict


def test_the_brand_stylesheet_carries_the_colours(client, demo):
    css = client.get("/brand.css?v=1").content.decode()
    assert "--brand-primary:#0b5cad" in css


def test_topics_live_under_community(client, demo):
    assert "Network and coverage" in client.get("/community/").content.decode()
    assert "Fibre and DSL" in client.get("/community/internet-box/").content.decode()


def test_search_finds_pages_and_escapes_the_query(client, demo):
    body = client.get("/search/", {"q": "billing"}).content.decode()
    assert "Offers and billing" in body
    body = client.get("/search/", {"q": "<b>zzz</b>"}).content.decode()
    assert "<b>zzz</b>" not in body and "&lt;b&gt;zzz&lt;/b&gt;" in body


def test_public_pages_send_a_strict_content_security_policy(client, demo):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_healthz_reports_every_service(client, db):
    response = client.get("/healthz")
    report = json.loads(response.content)
    assert response.status_code == 200
    assert report["status"] == "ok"
    assert set(report["checks"]) == {"database", "cache", "broker", "search"}


def test_healthz_says_degraded_when_search_is_unreachable(client, db, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    report = json.loads(client.get("/healthz").content)
    assert report["status"] == "degraded"
    assert report["checks"]["search"]["ok"] is False
    assert report["checks"]["database"]["ok"] is True


def test_healthz_says_degraded_when_the_broker_is_down(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    report = json.loads(client.get("/healthz").content)
    assert report["status"] == "degraded" and report["checks"]["broker"]["ok"] is False


def test_healthz_reaches_a_real_broker_when_one_is_configured(client, db, settings):
    import os

    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    report = json.loads(client.get("/healthz").content)
    assert report["checks"]["broker"] == {
        **report["checks"]["broker"],
        "ok": True,
        "mode": "broker",
    }


def test_an_unknown_address_gets_the_hubs_404_page(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "This address leads nowhere" in response.content.decode()


def test_the_home_page_query_count_does_not_grow_with_members(client, demo):
    client.get("/")
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    call_command("seed_demo", scale=300, quiet=True)
    client.get("/")  # seeding saved the brand, which refreshes the cached brand once
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(after) == len(before)


def test_the_brand_logo_is_shown_in_the_header(client, demo):
    import io

    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    from tests.helpers import image_bytes

    logo = Image.objects.create(
        title="Lumio",
        file=ImageFile(io.BytesIO(image_bytes("PNG", size=(200, 80))), name="logo.png"),
    )
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.logo = logo
    brand.save()
    body = client.get("/").content.decode()
    assert '<img src="/media/images/logo' in body and 'height="40"' in body

import pytest
from wagtail.models import Site

from hub.models import BrandSettings, HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings, db, seeded_demo):
    settings.AGORA_ANON_CACHE_SECONDS = 60


def test_anonymous_visitors_get_the_cached_page_with_its_security_headers(client, cached):
    assert client.get("/")["X-Agora-Cache"] == "miss"
    response = client.get("/")
    assert response["X-Agora-Cache"] == "hit"
    assert "Answers from people who know Lumio" in response.content.decode()
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_cached_page_serves_no_query(client, cached, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(0):
        client.get("/")


def test_signed_in_members_always_get_a_fresh_page(client, cached, member):
    client.force_login(member)
    client.get("/")
    response = client.get("/")
    assert "X-Agora-Cache" not in response
    assert "Camille" in response.content.decode()


def test_each_language_has_its_own_cached_copy(client, cached):
    client.get("/")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert 'lang="fr"' in response.content.decode()


def test_publishing_a_page_refreshes_the_cache_at_once(client, cached):
    client.get("/")
    home = HomePage.objects.get()
    home.title = "Lumio Help"
    home.intro = "A brand new introduction"
    home.save_revision().publish()
    assert "A brand new introduction" in client.get("/").content.decode()


def test_changing_the_brand_refreshes_the_cache(client, cached):
    client.get("/")
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.name = "Lumio Together"
    brand.save()
    assert "Lumio Together" in client.get("/").content.decode()


def test_account_pages_and_search_are_never_cached(client, cached):
    for path in ("/accounts/login/", "/search/?q=fibre", "/healthz"):
        client.get(path)
        assert "X-Agora-Cache" not in client.get(path)


def test_arbitrary_query_strings_are_not_cached(client, cached):
    for n in range(3):
        assert "X-Agora-Cache" not in client.get(f"/?utm_source={n}")
    client.get("/community/?page=1")
    assert client.get("/community/?page=1")["X-Agora-Cache"] == "hit"

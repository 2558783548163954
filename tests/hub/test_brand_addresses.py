"""The hub's own name, public address and sender: emails, feeds, the admin and the demo all
take them from the brand settings and BASE_URL, never from a placeholder."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sites.models import Site as DjangoSite
from django.core import mail
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from wagtail.models import Site

from community import services
from demo.factories.community import QuestionFactory
from hub.models import BrandSettings
from hub.site import sender
from tests.conftest import PASSWORD
from tests.helpers import link_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
BASE_URL = "https://community.lumio.example"


@pytest.fixture
def lumio(settings, home_page):
    """The hub of the brand Lumio, on its public address, with a bare sender address."""
    settings.BASE_URL = BASE_URL
    settings.DEFAULT_FROM_EMAIL = "no-reply@lumio.example"
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.name = "Lumio"
    brand.save()
    return brand


def sign_up(client, **headers):
    return client.post(
        reverse("account_signup"),
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        **headers,
    )


def test_the_sign_up_email_greets_with_the_brand_and_links_to_the_hub(client, lumio, committed):
    with committed():
        # Served on an internal host name: the email still links to the public address.
        sign_up(client, HTTP_HOST="10.0.0.7:8000")
    [message] = mail.outbox
    assert message.from_email == "Lumio <no-reply@lumio.example>"
    assert "Hello from Lumio!" in message.body
    assert "Thank you for using Lumio!" in message.body
    assert "from !" not in message.body and "using !" not in message.body
    assert "register an account on community.lumio.example." in message.body
    link = link_in(message.body, "/accounts/confirm-email/")
    assert link.startswith(f"{BASE_URL}/accounts/confirm-email/")
    html = message.alternatives[0][0]
    assert "Hello from Lumio!" in html and f'href="{link}"' in html
    # The link works on the hub.
    client.post(link.removeprefix(BASE_URL))
    assert (
        client.post(
            reverse("account_login"), {"login": "newbie@example.com", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert "_auth_user_id" in client.session


def test_the_sign_up_email_names_the_brand_in_french_too(client, lumio, committed):
    with committed():
        sign_up(client, HTTP_ACCEPT_LANGUAGE="fr")
    [message] = mail.outbox
    assert "Bonjour, c’est Lumio !" in message.body
    assert "Merci d’utiliser Lumio !" in message.body
    assert "c’est  !" not in message.body and "c'est  !" not in message.body


def test_a_sender_with_its_own_display_name_is_kept(settings, lumio):
    assert sender() == "Lumio <no-reply@lumio.example>"
    settings.DEFAULT_FROM_EMAIL = "Lumio Care <care@lumio.example>"
    assert sender() == "Lumio Care <care@lumio.example>"


def test_a_brand_name_with_punctuation_or_line_breaks_makes_a_valid_sender(lumio):
    lumio.name = "Lumio, Inc.\r\nBcc: x@y.z"
    lumio.save()
    assert sender() == '"Lumio, Inc. Bcc: x@y.z" <no-reply@lumio.example>'


@pytest.mark.parametrize(
    "feed", ["community:feed-topic", "community:feed-topic-atom", "community:feed-unanswered"]
)
def test_a_feed_entry_links_to_the_hub_not_example_com(client, lumio, topic, feed):
    question = QuestionFactory(topic=topic, title="No 4G since the update")
    args = [topic.slug] if "topic" in feed else []
    body = client.get(reverse(feed, args=args)).content.decode()
    assert "No 4G since the update" in body
    assert "example.com" not in body
    assert f"{BASE_URL}{question.get_absolute_url()}" in body
    assert "· Lumio</title>" in body  # the brand's name once, not "Lumio community"


def test_the_home_page_named_after_the_brand_says_it_once(client, lumio, home_page):
    lumio.name = home_page.title
    lumio.save()
    assert f"<title>{home_page.title}</title>" in client.get("/").content.decode()


def test_an_article_feed_entry_links_to_the_hub(client, lumio, expert, article_factory):
    article = article_factory(expert=expert, title="Reset your box")
    body = client.get(reverse("experts:article-feed")).content.decode()
    assert "Reset your box" in body and "example.com" not in body
    assert f"{BASE_URL}{article.url}" in body


def test_a_notification_email_links_to_the_public_address(
    lumio, established, established_other, committed
):
    question = QuestionFactory(author=established, title="Roaming in Spain")
    with committed():
        services.post_answer(question, author=established_other, body="It is included.")
    [message] = mail.outbox
    assert message.from_email == "Lumio <no-reply@lumio.example>"
    assert f"{BASE_URL}{question.get_absolute_url()}" in message.body
    assert "127.0.0.1:8000" not in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{BASE_URL}/")


def dashboard_titles(client) -> tuple[str, str]:
    page = client.get("/admin/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    heading = re.search(r'<h1 class="w-h1[^"]*">(.*?)</h1>', page, re.S).group(1)
    return " ".join(title.split()), heading.strip()


def test_the_admin_dashboard_is_titled_with_the_brand_not_localhost(admin_client, home_page):
    # Before any brand is saved: the default name, never Wagtail's "localhost".
    assert dashboard_titles(admin_client) == ("Dashboard - Agora", "Agora")
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.name = "Lumio"
    brand.save()
    assert dashboard_titles(admin_client) == ("Dashboard - Lumio", "Lumio")


def test_djangos_site_follows_the_brand_and_the_public_address(settings, lumio):
    current = DjangoSite.objects.get_current()
    assert (current.domain, current.name) == ("community.lumio.example", "Lumio")
    lumio.name = "Lumio Community"
    lumio.save()
    assert DjangoSite.objects.get_current().name == "Lumio Community"
    settings.BASE_URL = "https://help.lumio.example"
    Site.objects.get(is_default_site=True).save()
    assert DjangoSite.objects.get_current().domain == "help.lumio.example"


def test_migrate_brings_the_sites_in_step_with_the_public_address(settings, home_page):
    """A fresh database: Django's example.com and Wagtail's localhost get the real address."""
    DjangoSite.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80, site_name="")
    DjangoSite.objects.clear_cache()
    settings.BASE_URL = BASE_URL
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    current = DjangoSite.objects.get_current()
    assert (current.domain, current.name) == ("community.lumio.example", "Agora")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("community.lumio.example", 443, "Agora")
    assert site.root_url == BASE_URL


def test_migrate_leaves_a_configured_wagtail_site_alone(settings, home_page):
    Site.objects.filter(is_default_site=True).update(hostname="www.lumio.example", port=443)
    settings.BASE_URL = BASE_URL
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("www.lumio.example", 443)
    assert DjangoSite.objects.get_current().domain == "community.lumio.example"


@pytest.mark.slow
def test_seed_demo_sets_the_brand_its_address_and_both_sites(settings):
    settings.BASE_URL = "http://127.0.0.1:8731"
    call_command("seed_demo", quiet=True)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("127.0.0.1", 8731, "Lumio Community")
    assert BrandSettings.for_site(site).name == "Lumio Community"
    current = DjangoSite.objects.get_current()
    assert (current.domain, current.name) == ("127.0.0.1:8731", "Lumio Community")
    assert sender() == "Lumio Community <no-reply@agora.example>"


def production(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "BASE_URL", "DATABASE_URL"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="hub.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import hub.settings.production"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("base_url", [None, "", "http://community.example.com", "https://"])
def test_production_refuses_to_start_without_its_public_address(base_url):
    env = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "community.example.com"}
    if base_url is not None:
        env["BASE_URL"] = base_url
    result = production(**env)
    assert result.returncode != 0
    assert "BASE_URL" in result.stderr


def test_production_starts_with_its_public_address():
    result = production(
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="community.example.com",
        BASE_URL="https://community.example.com/",
    )
    assert result.returncode == 0, result.stderr

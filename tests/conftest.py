"""Shared fixtures. Factories are exposed here explicitly, one fixture each."""

import shutil

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories.community import TopicPageFactory
from tests.factories.pages import ContentPageFactory, ensure_home_page
from tests.factories.users import (
    UserFactory,
    VerifiedUserFactory,
    activate_totp,
    ensure_role_groups,
)
from tests.helpers import current_totp

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = settings.DEMO_PASSWORD


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets an empty cache (rate limits, sessions) and its own media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture
def user_factory():
    return UserFactory


@pytest.fixture
def verified_user_factory():
    return VerifiedUserFactory


@pytest.fixture
def content_page_factory():
    return ContentPageFactory


@pytest.fixture
def topic_page_factory():
    return TopicPageFactory


@pytest.fixture
def home_page(db):
    return ensure_home_page(title="Lumio Community")


@pytest.fixture
def member(db):
    return VerifiedUserFactory(
        username="camille", email="camille@example.com", display_name="Camille"
    )


@pytest.fixture
def other_member(db):
    return VerifiedUserFactory(username="jonas", email="jonas@example.com")


@pytest.fixture
def moderator(db):
    """An account that can open the Wagtail admin, without a second factor yet."""
    user = VerifiedUserFactory(username="mod", email="mod@example.com")
    user.groups.add(ensure_role_groups()["Moderators"])
    return user


@pytest.fixture
def moderator_with_totp(moderator):
    activate_totp(moderator, TOTP_SECRET)
    return moderator


@pytest.fixture
def totp_code():
    """The current TOTP code for the test secret."""
    return lambda secret=TOTP_SECRET: current_totp(secret)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a block schedules with on_commit, as a real commit would (tests run in a
    transaction that never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def admin_client(client, db):
    """A superuser signed in through allauth with password and TOTP, as the admin requires."""
    admin = VerifiedUserFactory(username="root", email="root@example.com")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    activate_totp(admin, TOTP_SECRET)
    client.post("/accounts/login/", {"login": "root@example.com", "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": current_totp(TOTP_SECRET)})
    assert client.get("/admin/").status_code == 200
    return client

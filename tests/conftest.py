"""Shared fixtures. Factories are exposed here explicitly, one fixture each."""

import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Page

from demo.factories.community import (
    AnswerFactory,
    CommentFactory,
    QuestionFactory,
    TopicPageFactory,
    mark_established,
)
from demo.factories.experts import ArticlePageFactory, make_expert
from demo.factories.pages import ContentPageFactory, ensure_home_page
from demo.factories.users import (
    UserFactory,
    VerifiedUserFactory,
    activate_totp,
    ensure_role_groups,
)
from hub.celery import app
from tests.helpers import SignedInClient, admin_login, current_totp
from tests.snapshots import Snapshot

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = settings.DEMO_PASSWORD


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_createdb):
    """pytest-django's database, kept between runs, holding what a fresh install holds.

    The tests that need committed data empty the database when they end, and the database
    outlives the run: a copy of the fresh install, taken when the database was built, is put
    back at the start of each run."""
    fresh_install = Snapshot("fresh_install", keep=True)
    with django_db_blocker.unblock():
        current = fresh_install.exists() and not django_db_createdb
        if current and fresh_install.migrations() == Snapshot.applied_migrations():
            fresh_install.restore()
        elif Page.objects.filter(depth=1).exists():
            fresh_install.take()
        else:
            pytest.exit(
                "The kept test database was emptied by an earlier run and no copy of a fresh "
                "install matches its migrations: run the tests once with --create-db.",
                returncode=1,
            )


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo brand, seeded once for a module's tests (each still runs in a transaction of
    its own that is rolled back) and taken away after the module, back to the fresh install."""
    with django_db_blocker.unblock():
        call_command("seed_demo", quiet=True)
    yield
    with django_db_blocker.unblock():
        Snapshot("fresh_install", keep=True).restore()


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets an empty cache (rate limits, sessions) and its own media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture
def client():
    """Django's test client; ``force_login`` passes the second factor too (``mfa=False``: not)."""
    return SignedInClient()


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
def question_factory():
    return QuestionFactory


@pytest.fixture
def answer_factory():
    return AnswerFactory


@pytest.fixture
def comment_factory():
    return CommentFactory


@pytest.fixture
def topic(db):
    return TopicPageFactory(title="Network and coverage", slug="network")


@pytest.fixture
def established(member):
    """``member`` after one of their posts was approved: no pre-moderation."""
    mark_established(member)
    return member


@pytest.fixture
def established_other(other_member):
    mark_established(other_member)
    return other_member


@pytest.fixture
def no_rate_limits(settings):
    """For tests that post several times in a row about something else than the limits."""
    for name in ("AGORA_MEMBER_LIMITS", "AGORA_NEW_MEMBER_LIMITS"):
        limits = dict(getattr(settings, name))
        limits.update(seconds_between_posts=0, seconds_between_questions=0, posts_first_day=0)
        setattr(settings, name, limits)


@pytest.fixture
def brand_voice(db):
    """A community manager: speaks for the brand and may mark official answers."""
    user = VerifiedUserFactory(username="sarah", email="sarah@example.com", display_name="Sarah")
    user.groups.add(ensure_role_groups()["Community managers"])
    return user


@pytest.fixture
def expert_factory():
    return make_expert


@pytest.fixture
def article_factory():
    return ArticlePageFactory


@pytest.fixture
def expert(topic):
    """A verified network engineer whose areas are the topic and the 5g tag."""
    user = VerifiedUserFactory(username="ines", email="ines@example.com", display_name="Inès")
    return make_expert(
        user, real_name="Inès Haddad", job_title="Network engineer", topics=[topic], tags=["5g"]
    )


@pytest.fixture
def other_expert(db):
    user = VerifiedUserFactory(username="claire", email="claire@example.com")
    return make_expert(
        user, real_name="Claire Dubois", job_title="Billing advisor", tags=["billing"]
    )


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
def real_broker():
    """Switch Celery from eager mode to a broker for one test."""
    saved = {
        key: app.conf[key]
        for key in (
            "task_always_eager",
            "broker_url",
            "broker_connection_timeout",
            "broker_connection_retry",
            "broker_connection_max_retries",
            "task_publish_retry",
        )
    }

    def use(url):
        app.conf.update(
            task_always_eager=False,
            broker_url=url,
            broker_connection_timeout=1,
            broker_connection_retry=False,
            broker_connection_max_retries=0,
            task_publish_retry=False,
        )
        reset_pool()

    def reset_pool():
        # The next publish opens connections with the new settings.
        app._pool = None
        app.amqp._producer_pool = None

    yield use
    app.conf.update(saved)
    reset_pool()


@pytest.fixture
def admin_client(client, db):
    """A superuser with a TOTP authenticator, signed in past the second factor."""
    admin = VerifiedUserFactory(username="root", email="root@example.com")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    admin_login(client, admin)
    assert client.get("/admin/").status_code == 200
    return client


@pytest.fixture
def staff_client(client, moderator):
    """The moderator, signed in past the second factor (the admin and the queue open)."""
    return admin_login(client, moderator)

"""What an attack and an outage found before launch: the client's address behind the proxy,
a Redis outage, staff powers without a second factor, parallel posts, NUL bytes in paths."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache

from community import services
from community.limits import RateLimited
from community.models import Answer, Comment, PostState, Question, Standing
from demo.factories.community import AnswerFactory, QuestionFactory, mark_established
from demo.factories.users import VerifiedUserFactory
from tests.helpers import run_concurrently

pytestmark = pytest.mark.django_db

PASSWORD = django_settings.DEMO_PASSWORD
PROXY = "10.0.0.2"  # every request reaches the hub from the reverse proxy's address
BASE_DIR = Path(django_settings.BASE_DIR)


def production_setting(name: str, **environ):
    """A setting as production computes it (its own process: production.py reads the
    environment when imported)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": "x" * 64,
        "ALLOWED_HOSTS": "community.example.com",
        "BASE_URL": "https://community.example.com",
        **environ,
    }
    env.pop("AGORA_TRUSTED_PROXIES", None)
    env.update(environ)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import json, hub.settings.production as s; print(json.dumps(s.{name}))",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def log_in(client, email, password=PASSWORD, *, through=None):
    headers = {"REMOTE_ADDR": PROXY}
    if through:
        headers["HTTP_X_FORWARDED_FOR"] = through
    return client.post("/accounts/login/", {"login": email, "password": password}, **headers)


def locked_out(response) -> bool:
    """allauth answers a rate-limited log-in with the form and this error."""
    return response.status_code == 429 or "Too many failed login attempts" in (
        response.content.decode()
    )


# --- the client's address behind the proxy ---------------------------------------------------


@pytest.fixture
def behind_the_proxy(settings):
    """The trust production places in its reverse proxy."""
    trusted = production_setting("AGORA_TRUSTED_PROXIES")
    assert trusted == 1
    settings.AGORA_TRUSTED_PROXIES = trusted
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = production_setting("ALLAUTH_TRUSTED_PROXY_COUNT")


def test_one_attacker_behind_the_proxy_does_not_lock_out_everyone_else(
    client, behind_the_proxy, member
):
    for attempt in range(15):
        log_in(client, f"nobody{attempt}@example.com", "wrong-password", through="203.0.113.5")
    response = log_in(client, member.email, through="198.51.100.7")
    assert response.status_code == 302, response.content.decode()[:500]
    assert "_auth_user_id" in client.session


def test_the_attacker_stays_limited_whatever_they_write_in_the_header(client, behind_the_proxy):
    victim = VerifiedUserFactory(username="victim", email="victim@example.com")
    for attempt in range(15):
        # The attacker writes an address of their own; the proxy appends the real one.
        log_in(
            client,
            f"nobody{attempt}@example.com",
            "wrong-password",
            through=f"198.51.100.{attempt}, 203.0.113.5",
        )
    response = log_in(client, victim.email, through="198.51.100.7, 203.0.113.5")
    assert locked_out(response)


def test_without_a_trusted_proxy_the_header_changes_nothing(client, settings, member):
    settings.AGORA_TRUSTED_PROXIES = 0
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for attempt in range(15):
        log_in(client, f"nobody{attempt}@example.com", "wrong", through=f"198.51.100.{attempt}")
    assert locked_out(log_in(client, member.email, through="192.0.2.9"))


def test_the_signup_network_is_the_members_not_the_proxys(client, behind_the_proxy):
    def sign_up(username, address):
        client.post(
            "/accounts/signup/",
            {
                "email": f"{username}@example.com",
                "username": username,
                "password1": "a-long-enough-pass-2026",
                "password2": "a-long-enough-pass-2026",
            },
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=address,
        )
        client.logout()
        return Standing.objects.get(user__username=username).signup_network

    first = sign_up("alice", "198.51.100.7")
    second = sign_up("bruno", "203.0.113.5")
    third = sign_up("chloe", "198.51.100.7")
    assert first and first != second
    assert first == third


# --- Redis down --------------------------------------------------------------------------------


@pytest.fixture
def own_redis():
    """A Redis server of this test's own, which the test may stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    folder = tempfile.mkdtemp(prefix="agora-redis-")
    socket = f"{folder}/redis.sock"
    process = subprocess.Popen(
        [binary, "--port", "0", "--unixsocket", socket, "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    url = f"unix://{socket}?db=0"
    for _ in range(100):
        try:
            if redis.Redis.from_url(url).ping():
                break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)

    def stop():
        process.terminate()
        process.wait(10)

    yield url, stop
    if process.poll() is None:
        stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def connections_tried(monkeypatch):
    """How many times a connection to Redis was attempted."""
    tried = []
    real = redis.connection.AbstractConnection.connect

    def counting(self, *args, **kwargs):
        tried.append(time.monotonic())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counting)
    return tried


@pytest.mark.django_db
def test_with_redis_down_members_log_in_and_post_and_a_brute_force_is_still_limited(
    client, settings, own_redis, connections_tried, established, topic
):
    url, stop_redis = own_redis
    settings.CACHES = production_setting("CACHES", REDIS_URL=url)
    assert cache.add("up", 1) is True and cache.get("up") == 1
    question = QuestionFactory(topic=topic)

    stop_redis()
    connections_tried.clear()
    response = log_in(client, established.email)
    assert response.status_code == 302, response.content.decode()[:500]
    response = client.post(
        f"/questions/{question.pk}/answer/", {"body": "Restart the router, then the phone."}
    )
    assert response.status_code == 302
    assert Answer.objects.filter(question=question, author=established).exists()
    # The dead Redis was tried by one call (which the Redis client itself retries once), not by
    # every cache call of those requests.
    assert 1 <= len(connections_tried) <= 2
    assert connections_tried[-1] - connections_tried[0] < 0.5
    assert cache.is_down

    client.logout()
    attempts = [log_in(client, f"nobody{n}@example.com", "wrong-password") for n in range(12)]
    assert locked_out(attempts[-1])


@pytest.mark.django_db
def test_the_cache_tries_redis_again_after_a_short_interval(settings, own_redis, connections_tried):
    url, stop_redis = own_redis
    settings.CACHES = production_setting("CACHES", REDIS_URL=url)
    from django.core.cache import caches

    backend = caches["default"]
    backend.retry_seconds = 0.2
    stop_redis()
    connections_tried.clear()
    assert backend.add("k", 1) is True  # the fallback in memory took it
    assert backend.get("k") == 1
    tried_first = len(connections_tried)
    assert 1 <= tried_first <= 2  # one call, retried once by the Redis client itself
    backend.get("k")
    assert len(connections_tried) == tried_first
    time.sleep(0.3)
    backend.get("k")
    assert len(connections_tried) > tried_first


def test_the_outage_and_the_fallback_are_shared_by_the_threads_of_a_process(settings, own_redis):
    url, stop_redis = own_redis
    settings.CACHES = production_setting("CACHES", REDIS_URL=url)
    from django.core.cache import caches

    stop_redis()
    assert caches["default"].add("attempts", 1) is True
    seen = []

    def other_thread():  # Django gives each thread a cache object of its own
        seen.append((caches["default"].is_down, caches["default"].get("attempts")))

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen == [(True, 1)]


# --- staff powers need a second factor ------------------------------------------------------


@pytest.mark.django_db
def test_a_moderator_without_mfa_cannot_approve_from_the_thread(client, moderator, topic):
    pending = QuestionFactory(topic=topic, state=PostState.PENDING)
    client.force_login(moderator, mfa=False)
    response = client.post(f"/questions/{pending.pk}/approve/")
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.state == PostState.PENDING
    page = client.get("/").content.decode()
    assert "/accounts/2fa/totp/activate/" in page


@pytest.mark.django_db
def test_the_same_moderator_past_mfa_approves(client, moderator, topic):
    pending = QuestionFactory(topic=topic, state=PostState.PENDING)
    client.force_login(moderator)
    assert client.post(f"/questions/{pending.pk}/approve/").status_code == 302
    pending.refresh_from_db()
    assert pending.state == PostState.PUBLISHED


@pytest.mark.django_db
def test_a_superuser_signed_in_with_a_password_alone_has_no_staff_powers(client, topic):
    admin = VerifiedUserFactory(username="root", email="root@example.com")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    hidden = QuestionFactory(topic=topic, state=PostState.HIDDEN)
    pending = QuestionFactory(topic=topic, state=PostState.PENDING)
    response = log_in(client, admin.email)
    assert response.status_code == 302
    assert client.post(f"/questions/{pending.pk}/approve/").status_code == 403
    assert client.get(f"/questions/{hidden.pk}/revisions/").status_code == 403
    assert client.post(f"/support/escalate/{hidden.pk}/", {"reason": "x"}).status_code == 403
    pending.refresh_from_db()
    assert pending.state == PostState.PENDING
    admin.refresh_from_db()
    assert admin.is_superuser  # withheld for the session, never taken from the account


@pytest.mark.django_db
def test_an_expert_without_mfa_cannot_mark_the_official_answer(client, expert, topic):
    question = QuestionFactory(topic=topic)
    answer = AnswerFactory(question=question)
    client.force_login(expert.user, mfa=False)
    response = client.post(f"/questions/{question.pk}/answers/{answer.pk}/official/")
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.official_answer_id is None


# --- posting limits hold under parallel requests ----------------------------------------------


def _only_limits_or_locks(errors):
    # SQLite's in-memory test database may answer "locked" instead of waiting.
    return all(isinstance(e, RateLimited) or "locked" in str(e) for e in errors)


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_comments_save_one():
    member = VerifiedUserFactory(username="fast", email="fast@example.com")
    mark_established(member)
    question = QuestionFactory()
    errors = run_concurrently(
        lambda: services.post_comment(question, author=member, body="Same here, any news?"), 20
    )
    assert Comment.objects.filter(author=member).count() == 1
    assert _only_limits_or_locks(errors), errors


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_answers_from_a_new_member_save_one():
    member = VerifiedUserFactory(username="newcomer", email="newcomer@example.com")
    question = QuestionFactory()
    errors = run_concurrently(
        lambda: services.post_answer(question, author=member, body="Try airplane mode."), 20
    )
    assert Answer.objects.filter(author=member).count() == 1
    assert _only_limits_or_locks(errors), errors


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_questions_save_one():
    member = VerifiedUserFactory(username="asker", email="asker@example.com")
    mark_established(member)
    question = QuestionFactory()
    topic = question.topic
    errors = run_concurrently(
        lambda: services.ask_question(
            author=member, title="Why is my signal weak at home?", body="Since Monday.", topic=topic
        ),
        20,
    )
    assert Question.objects.filter(author=member).count() == 1
    assert _only_limits_or_locks(errors), errors


# --- NUL bytes ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/members/a%00b/",
        "/members/a%00b/points/",
        "/members/a%00b/activity/",
        "/tags/a%00b/",
        "/experts/a%00b/",
        "/community/a%00b/",
        "/questions/1/a%00b/",
        "/a%00b/",
    ],
)
def test_a_nul_byte_in_a_path_is_not_found(client, member, path):
    assert client.get(path).status_code == 404
    client.force_login(member)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


def test_a_missing_page_stays_missing_for_staff_without_mfa(client, moderator, home_page):
    client.force_login(moderator, mfa=False)
    assert client.get("/no-such-page/").status_code == 404

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.helpers import current_totp

ROOT = Path(__file__).resolve().parents[2]
User = get_user_model()


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_creates_one_account_per_role_and_is_idempotent(capsys, settings):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert settings.DEMO_PASSWORD in out and settings.DEMO_TOTP_SECRET in out
    call_command("seed_demo", quiet=True)
    names = set(User.objects.values_list("username", flat=True))
    assert {"member", "member2", "expert", "moderator", "cm", "admin"} <= names
    assert User.objects.filter(username="member").count() == 1
    for username in ("expert", "moderator", "cm", "admin"):
        user = User.objects.get(username=username)
        assert user.has_perm("wagtailadmin.access_admin")
        assert Authenticator.objects.filter(user=user, type="totp").count() == 1
    assert not Authenticator.objects.filter(user__username="member").exists()
    assert User.objects.get(username="member").check_password(settings.DEMO_PASSWORD)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_totp_secret_gives_working_codes(client):
    call_command("seed_demo", quiet=True)
    client.post("/accounts/login/", {"login": "cm@demo.example", "password": "agora-demo-2026"})
    client.post(
        "/accounts/2fa/authenticate/", {"code": current_totp("AGORADEMOTOTPSECRETAGORADEMO2345")}
    )
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_seed_demo_refuses_where_demo_accounts_are_not_allowed(settings):
    settings.AGORA_ALLOW_DEMO = False
    with pytest.raises(CommandError):
        call_command("seed_demo", quiet=True)
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_scale_adds_members(settings):
    call_command("seed_demo", quiet=True, scale=50)
    call_command("seed_demo", quiet=True, scale=50)
    assert User.objects.filter(username__startswith="demo-").count() == 50


def run_settings(module: str, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "BASE_URL",
            "DATABASE_URL",
            "REDIS_URL",
            "ELASTICSEARCH_URL",
            "CELERY_BROKER_URL",
        }
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "s.CELERY_TASK_ALWAYS_EAGER, s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'], s.EMAIL_BACKEND)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


@pytest.mark.slow
def test_the_embedded_default_needs_no_service():
    result = run_settings("hub.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "True",
        "wagtail.search.backends.database",
        "django.core.mail.backends.console.EmailBackend",
    ]


@pytest.mark.slow
def test_environment_variables_switch_to_real_services():
    result = run_settings(
        "hub.settings.dev",
        DATABASE_URL="postgres://u@127.0.0.1:5432/agora",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    engine, cache_backend, eager, *_ = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert cache_backend == "hub.cache.ResilientRedisCache"
    assert eager == "False"


@pytest.mark.slow
@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "BASE_URL"])
def test_production_refuses_to_start_without_its_secret_hosts_or_address(missing):
    env = {
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "community.example.com",
        "BASE_URL": "https://community.example.com",
    }
    env.pop(missing)
    result = run_settings("hub.settings.production", **env)
    assert result.returncode != 0
    assert missing in result.stderr


@pytest.mark.slow
def test_production_passes_the_deployment_checks():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY="k2$Jd9!qP0zR7vXw3LmN8sT1yB4cF6gH5jK0pQ2rS9uV7wX3zA1bC8dE6fG4hJ2",
        ALLOWED_HOSTS="community.example.com",
        BASE_URL="https://community.example.com",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.django_db
def test_the_community_manager_can_edit_the_home_page_and_a_moderator_cannot(client):
    from hub.models import HomePage

    call_command("seed_demo", quiet=True)
    home = HomePage.objects.get()
    for email, expected in (("cm@demo.example", 200), ("moderator@demo.example", 302)):
        client.logout()
        client.post("/accounts/login/", {"login": email, "password": "agora-demo-2026"})
        client.post(
            "/accounts/2fa/authenticate/",
            {"code": current_totp("AGORADEMOTOTPSECRETAGORADEMO2345")},
        )
        assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == expected


@pytest.mark.slow
def test_production_runs_without_the_demo_or_its_factories(tmp_path):
    """The demo app (factories, seed_demo) is for development and tests: production neither
    installs it nor imports factory-boy or Faker, even once every URL and model is loaded."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "community.example.com",
        "BASE_URL": "https://community.example.com",
    }
    script = (
        "import sys, django; django.setup();"
        "from django.conf import settings; from django.urls import get_resolver;"
        "get_resolver().url_patterns;"
        "print('demo' in settings.INSTALLED_APPS, 'factory' in sys.modules, 'faker' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False"]

"""Findings of the pre-launch security review on the hub's side: /healthz, uploads, the
admin's Content-Security-Policy."""

import json
from unittest import mock

import pytest

from hub import health


@pytest.fixture
def broker_spy(settings):
    """A broker /healthz really connects to (kombu's in-memory transport), with every
    connection it opens counted."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    with mock.patch.object(health, "Connection", wraps=health.Connection) as spy:
        yield spy


def test_two_health_probes_in_a_row_open_one_broker_connection(client, db, broker_spy):
    first = client.get("/healthz")
    second = client.get("/healthz")
    assert first.status_code == second.status_code == 200
    assert json.loads(second.content)["checks"]["broker"]["mode"] == "broker"
    assert broker_spy.call_count == 1


def test_the_readiness_report_is_made_again_once_it_has_expired(client, db, settings, broker_spy):
    settings.AGORA_HEALTH_CACHE_SECONDS = 0
    client.get("/healthz")
    client.get("/healthz")
    assert broker_spy.call_count == 2


def test_liveness_touches_no_service(client, db, broker_spy):
    with mock.patch.dict(health.CHECKS, {name: mock.Mock() for name in health.CHECKS}):
        response = client.get("/healthz?probe=live")
        assert response.status_code == 200
        assert json.loads(response.content) == {"status": "alive"}
        assert not any(check.called for check in health.CHECKS.values())
    assert broker_spy.call_count == 0

"""The hostile corpus through the listening forms: the report's recipients (Settings >
Listening), the dashboard's filters and the report's period. Never a 500, never an unescaped
echo, nothing saved that is not an address."""

import pytest

from demo.factories.experts import community_manager
from moderation.models import ListeningSettings
from tests.helpers import admin_login
from tests.hostile.corpus import ALL, short_id
from tests.hostile.test_forms import assert_safe

pytestmark = pytest.mark.django_db


@pytest.fixture
def cm_client(client):
    return admin_login(client, community_manager())


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_report_recipients(cm_client, value):
    url = cm_client.get(
        "/admin/settings/moderation/listeningsettings/", follow=True
    ).redirect_chain[-1][0]
    response = cm_client.post(
        url,
        {
            "report_recipients": value,
            "report_language": "en",
            "window_hours": 24,
            "baseline_days": 14,
            "min_posts": 10,
            "volume_factor": 3,
            "negative_floor": 0.4,
            "negative_rise": 0.2,
        },
    )
    assert_safe(response, value)
    saved = ListeningSettings.load().report_recipients
    assert saved in ("", value)
    assert "\x00" not in saved


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_report_period_and_day(cm_client, value):
    response = cm_client.get(
        "/admin/moderation/listening/report/", {"period": value, "day": value, "format": value}
    )
    assert response.status_code == 400
    assert_safe(response, value)

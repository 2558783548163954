"""The hostile corpus through the listening forms: the report's recipients (Settings >
Listening) and the report's period. Never a 500, never an unescaped echo, nothing saved that is
not an address.

Every hostile string goes to the form class each page uses (and, when the form takes it, to what
the page saves); one string of each family goes through the pages themselves."""

import pytest
from wagtail.contrib.settings.views import get_setting_edit_handler

from demo.factories.experts import community_manager
from moderation.listening.forms import ReportForm
from moderation.models import ListeningSettings
from tests.helpers import admin_login
from tests.hostile.corpus import ALL, WIRING, assert_escaped, assert_safe, short_id

pytestmark = pytest.mark.django_db


def listening_settings_data(recipients: str) -> dict:
    return {
        "report_recipients": recipients,
        "report_language": "en",
        "window_hours": 24,
        "baseline_days": 14,
        "min_posts": 10,
        "volume_factor": 3,
        "negative_floor": 0.4,
        "negative_rise": 0.2,
    }


@pytest.fixture
def cm_client(client):
    return admin_login(client, community_manager())


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_report_recipients_are_saved_only_when_they_are_addresses(value):
    # The form the settings page builds from the model's panels, bound as its edit view binds it.
    form_class = get_setting_edit_handler(ListeningSettings).get_form_class()
    form = form_class(
        listening_settings_data(value),
        instance=ListeningSettings.load(),
        for_user=community_manager(),
    )
    if form.is_valid():
        form.save()
    else:
        assert form.errors
        assert_escaped(form.as_div(), value)
    saved = ListeningSettings.load().report_recipients
    assert saved in ("", value)
    assert "\x00" not in saved


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_listening_settings_page_saves_or_refuses_the_recipients_and_escapes_them(
    cm_client, value
):
    url = cm_client.get(
        "/admin/settings/moderation/listeningsettings/", follow=True
    ).redirect_chain[-1][0]
    response = cm_client.post(url, listening_settings_data(value))
    assert_safe(response, value)
    saved = ListeningSettings.load().report_recipients
    assert saved in ("", value)
    assert "\x00" not in saved


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_hostile_report_period_day_or_format_is_refused(value):
    form = ReportForm({"period": value, "day": value, "format": value})
    assert not form.is_valid()
    assert form.errors
    assert_escaped(form.as_div(), value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_report_page_answers_a_hostile_period_with_a_plain_refusal(cm_client, value):
    response = cm_client.get(
        "/admin/moderation/listening/report/", {"period": value, "day": value, "format": value}
    )
    assert response.status_code == 400
    assert_safe(response, value)

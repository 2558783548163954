"""Every question has a response clock: remind at 50 %, route to the fallback team at 75 %,
alert the community managers at 100 %; the first answer stops it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community import services as community
from demo.factories.experts import community_manager, make_expert
from demo.factories.users import VerifiedUserFactory
from experts.models import RoutedQuestion, TopicTeam
from moderation import clock
from moderation.models import QueueItem, ResponseClock
from moderation.tasks import advance_response_clocks
from tests.helpers import admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(topic, established, expert, committed):
    with committed():
        return community.ask_question(
            author=established, title="No 4G since the update", body="Help", topic=topic
        )


def move_clock(question, **moments):
    ResponseClock.objects.filter(question=question).update(**moments)


def test_a_published_question_gets_a_clock_in_business_hours(asked):
    running = ResponseClock.objects.get(question=asked)
    assert running.state == "running" and running.stage == 0
    assert running.started_at < running.remind_at < running.fallback_at < running.due_at
    assert round(clock.hours_left(running, running.started_at)) == 24


def test_the_ladder_reminds_routes_to_the_team_and_alerts_once(asked, topic, expert, committed):
    cm = community_manager()
    backup = make_expert(VerifiedUserFactory(username="backup"), real_name="Backup Person")
    TopicTeam.objects.create(topic=topic).experts.set([backup])
    past = timezone.now() - timedelta(minutes=1)
    move_clock(asked, remind_at=past)
    mail.outbox.clear()
    with committed():
        advance_response_clocks()
    reminded = [m for m in mail.outbox if "Reminder" in m.subject]
    assert [m.to for m in reminded] == [[expert.user.email]]
    move_clock(asked, fallback_at=past)
    with committed():
        advance_response_clocks()
    assert RoutedQuestion.objects.filter(question=asked, expert=backup, via="team").exists()
    move_clock(asked, due_at=past)
    mail.outbox.clear()
    with committed():
        advance_response_clocks()
        advance_response_clocks()  # a second beat changes nothing
    alerts = [m for m in mail.outbox if "Past its response target" in m.subject]
    assert [m.to for m in alerts] == [[cm.email]]
    item = QueueItem.objects.get(kind="overdue")
    assert item.question == asked and item.is_open
    assert ResponseClock.objects.get(question=asked).stage == ResponseClock.Stage.ALERTED
    # The first answer stops the clock and settles the overdue item.
    community.post_answer(asked, author=expert.user, body="Restart the phone.")
    assert ResponseClock.objects.get(question=asked).state == "answered"
    item.refresh_from_db()
    assert item.state == "resolved" and item.resolution == "answered"


def test_the_askers_own_answer_does_not_stop_the_clock(asked, established, no_rate_limits):
    community.post_answer(asked, author=established, body="Still broken, more details")
    assert ResponseClock.objects.get(question=asked).state == "running"


def test_a_hidden_question_stops_its_clock(asked, moderator):
    community.hide_post(asked, by=moderator)
    move_clock(asked, remind_at=timezone.now() - timedelta(minutes=1))
    assert advance_response_clocks()["stopped"] == 1
    assert ResponseClock.objects.get(question=asked).state == "stopped"


def test_the_clock_view_lists_questions_by_time_left(client, asked, topic, established, moderator):
    later = community.ask_question(
        author=VerifiedUserFactory(username="later"), title="Later one", body="?", topic=topic
    )
    community.approve_post(later, by=moderator)
    move_clock(asked, due_at=timezone.now() - timedelta(hours=30))
    admin_login(client, moderator)
    page = client.get("/admin/moderation/clock/").content.decode()
    assert page.index("No 4G since the update") < page.index("Later one")
    assert "Overdue" in page

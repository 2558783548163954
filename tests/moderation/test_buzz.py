"""Bad-buzz detection: the rule on synthetic histories, then the alert end to end."""

import random
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from community.models import Question
from demo.factories.community import AnswerFactory, QuestionFactory, TopicPageFactory
from demo.factories.experts import community_manager
from moderation.listening import buzz, rollups, tasks
from moderation.listening.buzz import Thresholds, assess
from moderation.models import AuditEntry, BuzzAlert, CrisisMode, QueueItem
from tests.helpers import admin_login

T = Thresholds()


def alarms(history: list[tuple[int, int]], t: Thresholds = T) -> list[int]:
    """The days of a daily history (posts, complaints) on which the rule trips, each day
    assessed as the window against the ``baseline_days`` before it."""
    tripped = []
    for d in range(t.baseline_days, len(history)):
        base = history[d - t.baseline_days : d]
        found = assess(
            posts=history[d][0],
            negative=history[d][1],
            baseline_posts=sum(p for p, _n in base),
            baseline_negative=sum(n for _p, n in base),
            t=t,
        )
        if found.tripped:
            tripped.append(d)
    return tripped


def quiet(days: int, seed: int = 1) -> list[tuple[int, int]]:
    """About ten posts a day (fewer at weekends), one or two complaints in ten."""
    rng = random.Random(seed)
    history = []
    for d in range(days):
        posts = rng.randint(7, 13) if d % 7 < 5 else rng.randint(2, 6)
        history.append((posts, round(posts * rng.uniform(0.05, 0.25))))
    return history


def test_a_quiet_history_never_raises_an_alarm():
    for seed in range(20):
        assert alarms(quiet(60, seed)) == []


def test_steady_growth_never_raises_an_alarm():
    # +15 % a day for five weeks: a thirty-fold growth, with the usual share of complaints.
    history = [(round(10 * 1.15**d), round(10 * 1.15**d * 0.15)) for d in range(35)]
    assert history[-1][0] > 1000
    assert alarms(history) == []


def test_a_sudden_spike_raises_an_alarm_on_its_day_only():
    history = quiet(21) + [(60, 33)] + quiet(3, seed=9)
    assert alarms(history) == [21]


def test_volume_alone_or_negativity_alone_is_not_a_bad_buzz():
    launch_day = quiet(21) + [(80, 6)]  # many posts, the usual tone
    grumpy_day = quiet(21) + [(12, 8)]  # the usual volume, many complaints
    assert alarms(launch_day) == []
    assert alarms(grumpy_day) == []


def test_the_thresholds_are_settings():
    history = quiet(21) + [(22, 11)]
    assert alarms(history) == []  # 22 posts: not three times the usual ~8
    assert alarms(history, Thresholds(volume_factor=2.0)) == [21]


def test_a_silent_topic_needs_the_minimum_number_of_posts():
    silent = [(0, 0)] * 14
    assert alarms(silent + [(5, 5)]) == []
    assert alarms(silent + [(10, 8)]) == [14]


# --- end to end --------------------------------------------------------------------------------


@pytest.fixture
def spike(db, topic, member, other_member):
    """Two weeks of calm in the topic (three neutral posts a day), then 15 complaints today.
    The baseline is the 14 whole days before the window's first day (yesterday): 42 posts."""
    today = rollups.local_day(timezone.now())
    zone = timezone.get_current_timezone()
    for days_ago in range(2, 16):
        for n in range(3):
            q = QuestionFactory(author=member, topic=topic, body="How do I set up voicemail?")
            moment = datetime.combine(today - timedelta(days=days_ago), time(10 + n), tzinfo=zone)
            Question.objects.filter(pk=q.pk).update(created_at=moment)
    rollups.rebuild()
    angry = []
    for n in range(15):
        q = QuestionFactory(
            author=other_member,
            topic=topic,
            tags=["outage"],
            title=f"No network since this morning ({n})",
            body="No signal at all, terrible service, this is unacceptable and I am furious.",
        )
        angry.append(q)
    calm = TopicPageFactory(title="Billing", slug="billing")
    QuestionFactory(author=member, topic=calm, body="Where is my invoice?")
    return angry


def test_a_spike_raises_one_alert_with_its_posts_an_email_and_a_queue_item(
    spike, topic, mailoutbox, committed
):
    cm = community_manager()
    with committed():
        # The topic; not the #outage tag, whose posts are all in the topic already alerted.
        assert tasks.detect_buzz() == 1
    alert = BuzzAlert.objects.get(topic=topic)
    assert (alert.posts, alert.negative) == (15, 15)
    assert alert.expected == pytest.approx(3.0)
    assert alert.crisis_topic == topic
    assert {e["id"] for e in alert.evidence} <= {q.pk for q in spike}
    assert len(alert.evidence) == buzz.EVIDENCE_POSTS
    assert not BuzzAlert.objects.filter(tag__name="outage").exists()
    item = QueueItem.objects.get(kind="buzz", object_id=alert.pk)
    assert "15 posts in 24 hours" in item.excerpt
    sent = [m for m in mailoutbox if cm.email in m.to]
    assert len(sent) == 1 and "Bad-buzz alert" in sent[0].subject
    assert "No network since this morning" in sent[0].body
    # The next hourly run refreshes the alert: nobody is told twice.
    with committed():
        assert tasks.detect_buzz() == 0
    assert BuzzAlert.objects.count() == 1 and len(mailoutbox) == len(sent)


def test_a_tag_spread_over_topics_raises_its_own_alert(db, member, other_member):
    topics = [TopicPageFactory(title=f"Topic {n}", slug=f"topic-{n}") for n in range(3)]
    for n in range(12):
        QuestionFactory(
            author=other_member,
            topic=topics[n % 3],
            tags=["update"],
            title=f"The update broke everything ({n})",
            body="Terrible update, nothing works, awful and unacceptable.",
        )
    [alert] = buzz.detect()
    assert alert.tag.name == "update" and alert.posts == 12
    assert alert.crisis_topic in topics


def test_one_click_from_the_alert_switches_its_topic_to_crisis_mode(client, spike, topic):
    cm = community_manager()
    buzz.detect()
    alert = BuzzAlert.objects.get(topic=topic)
    admin_login(client, cm)
    page = client.get("/admin/moderation/listening/").content.decode()
    assert "Bad buzz in" in page and "No network since this morning" in page
    response = client.post(f"/admin/moderation/listening/alerts/{alert.pk}/", {"action": "crisis"})
    assert response.status_code == 302
    crisis = CrisisMode.objects.get(active=True)
    assert crisis.topic == topic and crisis.premoderate
    assert "We know about the problem reported in" in crisis.title
    alert.refresh_from_db()
    assert alert.state == "crisis" and alert.closed_by == cm
    assert not QueueItem.objects.filter(kind="buzz", object_id=alert.pk, state="open").exists()
    assert AuditEntry.objects.filter(action="crisis_on").exists()
    # A second click (another tab) does not start a second crisis.
    client.post(f"/admin/moderation/listening/alerts/{alert.pk}/", {"action": "crisis"})
    assert CrisisMode.objects.count() == 1


def test_an_alert_can_be_dismissed_and_only_by_the_community_manager(
    client, spike, topic, moderator
):
    buzz.detect()
    alert = BuzzAlert.objects.get(topic=topic)
    admin_login(client, moderator)
    assert client.post(
        f"/admin/moderation/listening/alerts/{alert.pk}/", {"action": "dismiss"}
    ).status_code in (302, 403)
    alert.refresh_from_db()
    assert alert.is_open
    queue = client.get("/admin/moderation/queue/").content.decode()
    assert "Bad buzz in" not in queue
    client.logout()
    admin_login(client, community_manager())
    client.post(f"/admin/moderation/listening/alerts/{alert.pk}/", {"action": "dismiss"})
    alert.refresh_from_db()
    assert alert.state == "dismissed"
    assert AuditEntry.objects.filter(action="dismiss_alert").count() == 1
    assert not CrisisMode.objects.exists()


def test_brand_answers_do_not_make_a_buzz(db, topic, brand_voice, member):
    question = QuestionFactory(author=member, topic=topic, body="How do I pay?")
    for _n in range(20):
        AnswerFactory(question=question, author=brand_voice, by_brand=True, body="Awful outage!")
    assert buzz.detect() == []


def test_a_forged_queue_action_on_an_alert_is_refused_without_harm(client, spike, topic):
    buzz.detect()
    item = QueueItem.objects.get(kind="buzz")
    admin_login(client, community_manager())
    page = client.get(f"/admin/moderation/queue/{item.pk}/")
    assert (
        page.status_code == 200
        and "Open the alert on the listening dashboard" in page.content.decode()
    )
    response = client.post(f"/admin/moderation/queue/{item.pk}/", {"action": "approve"})
    assert response.status_code in (200, 302, 400)
    item.refresh_from_db()
    assert item.is_open and not CrisisMode.objects.exists()

"""The voice-of-the-community report: its figures by hand, its email, its downloads."""

import csv
import io
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from community.models import Question, ReputationEvent
from community.services import refresh_question_counters
from demo.factories.community import (
    AnswerFactory,
    CommentFactory,
    QuestionFactory,
    mark_established,
)
from demo.factories.experts import community_manager
from moderation.listening import report, rollups, tasks
from moderation.models import ListeningSettings, VoiceReport
from tests.helpers import admin_login

pytestmark = pytest.mark.django_db


def at(day, hour=12):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def post(factory, moment, tone, score, **fields):
    made = factory(**fields)
    type(made).objects.filter(pk=made.pk).update(created_at=moment, tone=tone, sentiment=score)
    return made


def test_periods_are_whole_weeks_and_months():
    monday = date(2026, 11, 23)
    week = report.last_complete("week", monday + timedelta(days=2))
    assert (week.start, week.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert (week.previous.start, week.previous.end) == (date(2026, 11, 9), date(2026, 11, 15))
    month = report.last_complete("month", date(2026, 3, 1))
    assert (month.start, month.end) == (date(2026, 2, 1), date(2026, 2, 28))
    assert month.previous.start == date(2026, 1, 1)
    assert report.period_ending("month", date(2026, 2, 14)) == month


@pytest.fixture
def week(db, topic, member, other_member):
    """Last week, by hand: #esim has 3 questions (one complains, unanswered; one praises; one
    wishes) and a complaining comment; #billing 1 neutral question. The week before, #esim had
    2 questions. Member earned 30 points in the week, other_member 10."""
    today = rollups.local_day(timezone.now())
    period = report.last_complete("week", today)
    monday, before = period.start, period.start - timedelta(days=7)
    angry = post(
        QuestionFactory,
        at(monday),
        "complaint",
        -0.8,
        author=member,
        topic=topic,
        tags=["esim"],
        title="eSIM lost after the update",
        body='=HYPERLINK("http://evil.example") terrible <script>alert(1)</script>',
    )
    happy = post(
        QuestionFactory,
        at(monday + timedelta(days=1)),
        "praise",
        0.9,
        author=other_member,
        topic=topic,
        tags=["esim"],
        title="eSIM transfer worked",
    )
    post(
        QuestionFactory,
        at(monday + timedelta(days=2)),
        "wish",
        0.3,
        author=member,
        topic=topic,
        tags=["esim"],
        title="Please add eSIM for watches",
    )
    answer = AnswerFactory(question=happy, author=member)
    Question.objects.filter(pk=happy.pk).update(created_at=at(monday + timedelta(days=1)))
    type(answer).objects.filter(pk=answer.pk).update(
        created_at=at(monday + timedelta(days=1), 14), tone="neutral", sentiment=0
    )
    post(
        CommentFactory,
        at(monday + timedelta(days=3)),
        "complaint",
        -0.7,
        question=happy,
        author=other_member,
        body="Mine failed twice, awful.",
    )
    post(
        QuestionFactory, at(monday + timedelta(days=4)), "neutral", 0, topic=topic, tags=["billing"]
    )
    for n in range(2):
        post(
            QuestionFactory,
            at(before + timedelta(days=n)),
            "neutral",
            0,
            topic=topic,
            tags=["esim"],
        )
    refresh_question_counters(Question.objects.values_list("pk", flat=True))
    mark_established(member, other_member)
    for user, points in ((member, 30), (other_member, 10)):
        ReputationEvent.objects.create(
            user=user, kind="vote", points=points, key=f"k{user.pk}", created_at=at(monday, 9)
        )
    ReputationEvent.objects.create(
        user=other_member, kind="vote", points=500, key="old", created_at=at(before, 9)
    )
    rollups.rebuild()
    return {"period": period, "angry": angry, "happy": happy}


def test_the_report_of_a_week_by_hand(week, member, other_member):
    found = report.build(week["period"])
    esim, billing = found["themes"]
    assert esim["tag"] == "esim"
    assert (esim["questions"], esim["posts"]) == (3, 5)
    assert (esim["praise"], esim["complaints"], esim["wishes"]) == (1, 2, 1)
    assert esim["previous"] == 2 and esim["trend"] == pytest.approx(0.5)
    assert billing["tag"] == "billing" and billing["trend"] is None  # new this week
    complaints = esim["quotes"]["complaint"]
    assert len(complaints) == 2
    assert complaints[0]["text"].startswith("eSIM lost after the update")  # the strongest first
    assert complaints[0]["url"].endswith(week["angry"].get_absolute_url())
    assert [p["title"] for p in found["pain_points"]] == ["eSIM lost after the update"]
    assert [(r["member"], r["points"]) for r in found["contributors"]] == [
        (member, 30),
        (other_member, 10),
    ]
    assert found["totals"]["questions"] == 4 and found["previous_totals"]["questions"] == 2


def test_the_csv_keeps_members_words_from_running_as_formulas(week):
    rows = list(csv.reader(io.StringIO(report.as_csv(report.build(week["period"])))))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert any(cell.startswith("'=HYPERLINK") or "=HYPERLINK" in cell for cell in cells)
    assert rows[1][:9] == ["theme", "esim", "3", "5", "1", "2", "1", "2", "50"]


def test_the_report_is_emailed_once_per_period_with_its_csv(week, committed, mailoutbox):
    config = ListeningSettings.load()
    config.report_recipients = "ceo@lumio.example\nproduct@lumio.example"
    config.monthly_report = False
    config.save()
    with committed():
        assert tasks.send_voice_reports() == [f"week:{week['period'].start}"]
    [message] = mailoutbox
    assert message.to == ["ceo@lumio.example", "product@lumio.example"]
    assert "Voice of the community" in message.subject
    html = message.alternatives[0][0]
    assert "#esim" in html and "eSIM lost after the update" in html
    assert "<script>alert(1)</script>" not in html
    name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/csv")
    assert name.endswith(".csv") and "esim" in content
    with committed():
        assert tasks.send_voice_reports() == []
    assert len(mailoutbox) == 1 and VoiceReport.objects.count() == 1


def test_the_report_speaks_the_language_chosen(week, committed, mailoutbox):
    config = ListeningSettings.load()
    config.report_recipients = "direction@lumio.example"
    config.report_language = "fr"
    config.save()
    with committed():
        tasks.send_voice_reports()
    assert any("Voix de la communauté" in m.subject for m in mailoutbox)


def test_no_recipient_no_report(week, committed, mailoutbox):
    with committed():
        assert tasks.send_voice_reports() == []
    assert mailoutbox == [] and not VoiceReport.objects.exists()


def test_the_report_downloads_as_a_page_to_print_and_as_csv(client, week):
    admin_login(client, community_manager())
    start = week["period"].start.isoformat()
    page = client.get(f"/admin/moderation/listening/report/?period=week&day={start}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "@media print" in text and "#esim" in text
    assert "&lt;script&gt;" in text or "<script>alert" not in text
    download = client.get(f"/admin/moderation/listening/report/?period=week&day={start}&format=csv")
    assert download["Content-Type"].startswith("text/csv")
    assert f"agora-week-{start}.csv" in download["Content-Disposition"]
    assert client.get("/admin/moderation/listening/report/?period=year").status_code == 400
    assert client.get("/admin/moderation/listening/report/?day=not-a-date").status_code == 400


def test_the_recipients_setting_refuses_what_is_not_an_address(client):
    admin_login(client, community_manager())
    page = client.get("/admin/settings/moderation/listeningsettings/", follow=True)
    assert page.status_code == 200
    url = page.redirect_chain[-1][0]
    response = client.post(
        url,
        {
            "report_recipients": "ceo@lumio.example\n=cmd|' /C calc'!A0",
            "report_language": "en",
            "weekly_report": "on",
            "window_hours": 24,
            "baseline_days": 14,
            "min_posts": 10,
            "volume_factor": 3,
            "negative_floor": 0.4,
            "negative_rise": 0.2,
        },
    )
    assert response.status_code == 200
    assert "is not an email address" in response.content.decode()
    assert ListeningSettings.load().report_recipients == ""

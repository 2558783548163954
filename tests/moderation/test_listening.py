"""The listening dashboard's roll-ups and figures, checked against values computed by hand."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from community import services as community
from community.models import Answer, Comment, PostState, Question
from community.services import refresh_question_counters
from demo.factories.community import (
    AnswerFactory,
    CommentFactory,
    QuestionFactory,
    TopicPageFactory,
)
from moderation.listening import figures, rollups
from moderation.listening.rollups import Scope
from moderation.models import DailyFigures, StaleDay

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    """A moment of a local day."""
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def backdate(post, moment):
    type(post).objects.filter(pk=post.pk).update(created_at=moment)
    post.created_at = moment


def set_tone(post, tone, score):
    type(post).objects.filter(pk=post.pk).update(tone=tone, sentiment=score)


@pytest.fixture
def day():
    return rollups.local_day(timezone.now()) - timedelta(days=3)


@pytest.fixture
def threads(day, topic, member, other_member, brand_voice):
    """Day D, by hand:
    q1 (topic A, #esim) 10:00, answered by the brand 11:00, accepted at 13:00;
    q2 (topic A) 10:00, the asker's own answer 10:30 (not a response), another at 15:00;
    q3 (topic B, #esim) 12:00, unanswered; q4 (topic A) 09:00, removed: not counted;
    a comment on q1 at 11:30.
    """
    other = TopicPageFactory(title="Billing", slug="billing")
    q1 = QuestionFactory(author=member, topic=topic, tags=["esim"], title="eSIM will not activate")
    q2 = QuestionFactory(author=member, topic=topic, title="Voicemail")
    q3 = QuestionFactory(author=other_member, topic=other, tags=["esim"], title="eSIM transfer")
    q4 = QuestionFactory(author=member, topic=topic, state=PostState.REMOVED, title="Removed")
    a1 = AnswerFactory(question=q1, author=brand_voice, by_brand=True)
    a0 = AnswerFactory(question=q2, author=member)
    a2 = AnswerFactory(question=q2, author=other_member)
    c1 = CommentFactory(question=q1, author=member)
    for post, moment in (
        (q1, at(day, 10)),
        (q2, at(day, 10)),
        (q3, at(day, 12)),
        (q4, at(day, 9)),
        (a1, at(day, 11)),
        (a0, at(day, 10, 30)),
        (a2, at(day, 15)),
        (c1, at(day, 11, 30)),
    ):
        backdate(post, moment)
    Question.objects.filter(pk=q1.pk).update(accepted_answer=a1, accepted_at=at(day, 13))
    refresh_question_counters([q1.pk, q2.pk, q3.pk, q4.pk])
    # Tones: q1 complains (-0.6), q3 praises (+0.5), a2 wishes (+0.2), c1 neutral (0); the
    # brand's answer is left out of the tone figures whatever its tone.
    for post, tone, score in (
        (q1, "complaint", -0.6),
        (q2, "neutral", 0.0),
        (q3, "praise", 0.5),
        (a0, "neutral", 0.0),
        (a1, "complaint", -0.9),
        (a2, "wish", 0.2),
        (c1, "neutral", 0.0),
    ):
        set_tone(post, tone, score)
    return {"topic": topic, "other": other, "q1": q1, "q2": q2, "q3": q3, "a2": a2}


def test_a_days_figures_match_the_hand_count(day, threads):
    rollups.save_day(day)
    hub = figures.totals(Scope.HUB, day, day)
    assert (hub["questions"], hub["answers"], hub["comments"]) == (3, 3, 1)
    # First answers from someone other than the asker: q1 after 1 h, q2 after 5 h.
    assert hub["first_answer_median"] == 3 * 3600  # (3 600 + 18 000) / 2
    assert hub["first_answer_p90"] == 5 * 3600  # nearest rank: the 2nd of 2
    assert (hub["solution_median"], hub["solution_p90"]) == (3 * 3600, 3 * 3600)
    assert hub["brand_share"] == pytest.approx(1 / 3)
    assert hub["solved_share"] == pytest.approx(1 / 3)
    assert hub["unanswered_share"] == pytest.approx(1 / 3)
    # Tones of the members' posts: 6 read (the brand's answer left out), sum -0.6+0.5+0.2.
    assert hub["sentiment"] == pytest.approx(0.1 / 6)
    assert hub["negative_share"] == pytest.approx(1 / 6)
    assert hub["praise_share"] == pytest.approx(1 / 6)
    assert hub["wishes"] == 1

    topic_a = figures.totals(Scope.TOPIC, day, day, threads["topic"].pk)
    assert (topic_a["questions"], topic_a["answers"], topic_a["comments"]) == (2, 3, 1)
    assert topic_a["unanswered_share"] == 0
    topic_b = figures.totals(Scope.TOPIC, day, day, threads["other"].pk)
    assert (topic_b["questions"], topic_b["answers"], topic_b["unanswered_share"]) == (1, 0, 1)
    esim = DailyFigures.objects.get(scope=Scope.TAG, day=day)
    assert (esim.questions, esim.answers, esim.comments, esim.solved) == (2, 1, 1, 1)
    assert (esim.complaints, esim.praise, esim.scored) == (1, 1, 3)


def test_figures_over_a_range_add_days_and_take_percentiles_over_all_of_them(day, threads):
    later = QuestionFactory(topic=threads["topic"], title="Later")
    answer = AnswerFactory(question=later)
    backdate(later, at(day + timedelta(days=1), 8))
    backdate(answer, at(day + timedelta(days=1), 8, 30))
    refresh_question_counters([later.pk])
    rollups.save_day(day)
    rollups.save_day(day + timedelta(days=1))
    hub = figures.totals(Scope.HUB, day, day + timedelta(days=1))
    assert hub["questions"] == 4
    # 1 800, 3 600, 18 000 seconds: median 3 600, 90th percentile the 3rd of 3.
    assert (hub["first_answer_median"], hub["first_answer_p90"]) == (3600, 18000)
    points = figures.series(Scope.HUB, day - timedelta(days=1), day + timedelta(days=1))
    assert [p["questions"] for p in points] == [0, 3, 1]


def test_percentiles_by_nearest_rank():
    assert figures.percentile([], 90) is None
    assert figures.percentile([5], 90) == 5
    assert figures.percentile(list(range(1, 11)), 90) == 9
    assert figures.percentile(list(range(1, 11)), 50) == 5
    assert figures.median([1, 2, 3, 10]) == 2.5


def test_experts_load_and_response_times(day, expert, member, topic):
    from experts.models import RoutedQuestion

    question = QuestionFactory(author=member, topic=topic)
    route = RoutedQuestion.objects.create(
        question=question, expert=expert, due_at=at(day, 20), state="answered"
    )
    RoutedQuestion.objects.filter(pk=route.pk).update(routed_at=at(day, 9), closed_at=at(day, 11))
    waiting = QuestionFactory(author=member, topic=topic)
    RoutedQuestion.objects.create(question=waiting, expert=expert, due_at=at(day, 20))
    RoutedQuestion.objects.filter(question=waiting).update(routed_at=at(day, 10))
    answer = AnswerFactory(question=question, author=expert.user, by_brand=True)
    backdate(answer, at(day, 11))
    rollups.save_day(day)
    [row] = figures.experts_table(day, day)
    assert (row["routed"], row["answered"], row["answers"], row["waiting"]) == (2, 1, 1, 1)
    assert row["response_median"] == 2 * 3600


def snapshot():
    return {
        (r.day, r.scope, r.key): (
            r.questions,
            r.answers,
            r.comments,
            r.answered,
            r.brand_answered,
            r.solved,
            tuple(r.first_answer),
            tuple(r.solution),
            r.scored,
            round(r.sentiment_sum, 4),
            r.praise,
            r.complaints,
            r.wishes,
        )
        for r in DailyFigures.objects.all()
    }


def test_incremental_roll_ups_equal_a_rebuild_from_scratch(
    day, threads, established, established_other, moderator, no_rate_limits
):
    rollups.rebuild()
    # Changes through the services, on old threads and today.
    q1, q2, q3, a2 = threads["q1"], threads["q2"], threads["q3"], threads["a2"]
    community.accept_answer(a2, by=q2.author)
    community.post_answer(q3, author=established, body="Try the reset code, it helped me.")
    community.post_comment(q1, author=established_other, body="Any news on this?")
    community.remove_post(Answer.objects.get(pk=a2.pk), by=moderator)
    community.move_question(q1, topic=threads["other"], by=moderator)
    community.retag_question(q2, by=moderator, tags=["voicemail"])
    community.delete_post(Comment.objects.get(question=q1, author=q1.author), by=q1.author)
    assert StaleDay.objects.filter(day=day).exists()
    rollups.roll_up()
    assert not StaleDay.objects.exists()
    incremental = snapshot()
    rollups.rebuild()
    assert snapshot() == incremental
    moved = figures.totals(Scope.TOPIC, day, day, threads["other"].pk)
    assert moved["questions"] == 2  # q1 moved into it


def test_a_thread_change_marks_its_days_and_nothing_else(day, threads, established):
    StaleDay.objects.all().delete()
    community.vote_helpful(threads["a2"], by=established)
    assert set(StaleDay.objects.values_list("day", flat=True)) == {day}


def test_tones_of_old_posts_are_read_by_the_rebuild_command(day, threads):
    Question.objects.update(tone="", sentiment=None)
    assert rollups.score_unread() == Question.objects.count()
    assert not Question.objects.filter(tone="").exists()
    q1 = Question.objects.get(pk=threads["q1"].pk)
    assert q1.language == "en" and q1.sentiment is not None


def test_the_benchmarks_history_loader_keeps_its_dates_and_tones(home_page):
    from demo.factories.community import TopicPageFactory
    from demo.factories.listening import seed_history

    for n in range(4):
        TopicPageFactory(title=f"Topic {n}", slug=f"topic-{n}")
    made = seed_history(400, days=30)
    assert made == Question.objects.count() + Answer.objects.count() + Comment.objects.count()
    assert made >= 400
    oldest = Question.objects.order_by("created_at").first().created_at
    assert oldest < timezone.now() - timedelta(days=2)
    assert not Question.objects.filter(tone="").exists()
    rollups.rebuild()
    total = figures.totals(Scope.HUB, rollups.local_day(oldest), rollups.local_day(timezone.now()))
    assert total["questions"] == Question.objects.count()
    assert total["answers"] == Answer.objects.count()


def test_a_rebuild_drops_days_without_posts_and_keeps_the_others_meanwhile(day, threads):
    rollups.rebuild()
    stray = DailyFigures.objects.create(day=day - timedelta(days=400), scope=Scope.HUB, questions=9)
    kept = DailyFigures.objects.filter(day=day, scope=Scope.HUB).values_list("questions", flat=True)
    rollups.rebuild()
    assert not DailyFigures.objects.filter(pk=stray.pk).exists()
    assert list(kept) == [3]

"""Helpful votes, accepted answers and the brand's official answer."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from community import services
from community.limits import RateLimited
from community.models import HelpfulVote, Notification, Question
from demo.factories.community import AnswerFactory, QuestionFactory
from demo.factories.users import VerifiedUserFactory
from tests.helpers import run_concurrently


@pytest.mark.django_db
def test_a_member_votes_once_and_can_withdraw(client, established_other, question_factory):
    question = question_factory()
    client.force_login(established_other)
    url = reverse("community:question-vote", args=[question.pk])
    client.post(url)
    client.post(url)
    question.refresh_from_db()
    assert question.helpful_count == 1
    assert HelpfulVote.objects.get().recipient == question.author
    client.post(url, {"action": "withdraw"})
    question.refresh_from_db()
    assert question.helpful_count == 0 and not HelpfulVote.objects.exists()


@pytest.mark.django_db
def test_voting_for_ones_own_post_is_refused_by_the_page_and_the_database(client, established):
    question = QuestionFactory(author=established)
    client.force_login(established)
    response = client.post(reverse("community:question-vote", args=[question.pk]))
    assert response.status_code == 403
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpfulVote.objects.create(voter=established, recipient=established, question=question)


@pytest.mark.django_db
def test_the_database_refuses_a_second_vote_on_the_same_answer(established_other):
    answer = AnswerFactory()
    HelpfulVote.objects.create(voter=established_other, recipient=answer.author, answer=answer)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpfulVote.objects.create(voter=established_other, recipient=answer.author, answer=answer)


@pytest.mark.django_db
def test_the_daily_vote_limit_says_when_to_vote_again(established_other, settings):
    settings.AGORA_VOTES_PER_DAY = 2
    questions = QuestionFactory.create_batch(3)
    services.vote_helpful(questions[0], by=established_other)
    services.vote_helpful(questions[1], by=established_other)
    with pytest.raises(RateLimited) as limited:
        services.vote_helpful(questions[2], by=established_other)
    assert "You can vote again in" in limited.value.message


@pytest.mark.django_db(transaction=True)
def test_concurrent_clicks_give_one_vote():
    answer = AnswerFactory()
    voter = VerifiedUserFactory(username="clicker")
    errors = run_concurrently(lambda: services.vote_helpful(answer, by=voter), 8)
    answer.refresh_from_db()
    assert HelpfulVote.objects.filter(answer=answer).count() == 1
    assert answer.helpful_count == 1
    # SQLite may report a lock timeout instead of waiting; never a second vote.
    assert all("locked" in str(e) for e in errors), errors


@pytest.mark.django_db
def test_the_asker_accepts_then_changes_the_accepted_answer(client, established, committed):
    question = QuestionFactory(author=established)
    first, second = AnswerFactory.create_batch(2, question=question)
    client.force_login(established)
    with committed():
        client.post(reverse("community:answer-accept", args=[question.pk, first.pk]))
    question.refresh_from_db()
    assert question.accepted_answer == first and question.is_solved
    assert Notification.objects.filter(recipient=first.author, kind="accepted").exists()
    client.post(reverse("community:answer-accept", args=[question.pk, second.pk]))
    question.refresh_from_db()
    assert question.accepted_answer == second
    client.post(
        reverse("community:answer-accept", args=[question.pk, second.pk]), {"action": "withdraw"}
    )
    question.refresh_from_db()
    assert question.accepted_answer is None


@pytest.mark.django_db
def test_only_the_asker_accepts(client, established_other):
    answer = AnswerFactory()
    client.force_login(established_other)
    response = client.post(reverse("community:answer-accept", args=[answer.question_id, answer.pk]))
    assert response.status_code == 403
    assert Question.objects.get().accepted_answer is None


@pytest.mark.django_db
def test_a_brand_voice_marks_an_official_answer_shown_apart_from_the_accepted_one(
    client, brand_voice, established
):
    question = QuestionFactory(author=established)
    accepted, official = AnswerFactory.create_batch(2, question=question)
    services.accept_answer(accepted, by=established)
    client.force_login(brand_voice)
    client.post(reverse("community:answer-official", args=[question.pk, official.pk]))
    question.refresh_from_db()
    assert question.official_answer == official and question.official_by == brand_voice
    assert question.accepted_answer == accepted
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Official answer from the brand" in page and "Accepted by the asker" in page
    assert page.index(f'id="answer-{official.pk}"') < page.index(f'id="answer-{accepted.pk}"')


@pytest.mark.django_db
def test_members_cannot_mark_official_answers(client, established):
    answer = AnswerFactory(question=QuestionFactory(author=established))
    client.force_login(established)
    response = client.post(
        reverse("community:answer-official", args=[answer.question_id, answer.pk])
    )
    assert response.status_code == 403
    assert Question.objects.get().official_answer is None


@pytest.mark.django_db
def test_answers_by_brand_voices_carry_the_badge_and_count_as_answered_by_the_brand(
    brand_voice, question_factory
):
    question = question_factory()
    answer = services.post_answer(question, author=brand_voice, body="Here is the fix.")
    question.refresh_from_db()
    assert answer.by_brand and question.has_brand_answer

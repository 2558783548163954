"""Findings of the pre-launch security review on the community's side: the brand never
endorses an answer the moderators have not looked at, and a refused tag edit says so (403)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from community import services
from community.models import Flag, PostState, Question
from demo.factories.community import AnswerFactory, QuestionFactory
from demo.factories.users import VerifiedUserFactory

FLAGGED = "Members flagged this answer"


@pytest.fixture
def asker(established):
    return established


@pytest.fixture
def thread(asker, topic):
    """A question of the topic with one answer that two members flagged as rude."""
    question = QuestionFactory(author=asker, topic=topic)
    answer = AnswerFactory(question=question, body="Read the manual, you idiot.")
    for name in ("flagger-one", "flagger-two"):
        services.flag_post(answer, by=VerifiedUserFactory(username=name), reason="rude")
    answer.refresh_from_db()
    assert answer.state == PostState.PUBLISHED  # two flags: still public, in the queue
    assert Flag.objects.filter(outcome=Flag.Outcome.OPEN).count() == 2
    return question, answer


def official_url(answer):
    return reverse("community:answer-official", args=[answer.question_id, answer.pk])


def accept_url(answer):
    return reverse("community:answer-accept", args=[answer.question_id, answer.pk])


def test_an_expert_cannot_mark_a_flagged_answer_official_and_the_page_says_why(
    client, expert, thread
):
    question, answer = thread
    client.force_login(expert.user)
    page = client.get(question.get_absolute_url()).content.decode()
    assert official_url(answer) not in page
    assert "Mark as the official answer" in page and FLAGGED in page

    response = client.post(official_url(answer))
    assert response.status_code == 403
    assert FLAGGED in response.content.decode()
    question.refresh_from_db()
    assert question.official_answer is None and question.official_by is None


def test_the_reason_reads_in_french(client, asker, thread):
    question, _answer = thread
    client.force_login(asker)
    client.post(reverse("hub:set-language"), {"language": "fr"})
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Des membres ont signalé cette réponse" in page


def test_the_community_manager_cannot_either(client, brand_voice, thread):
    question, answer = thread
    client.force_login(brand_voice)
    assert client.post(official_url(answer)).status_code == 403
    assert Question.objects.get(pk=question.pk).official_answer is None


def test_the_asker_cannot_accept_a_flagged_answer_and_the_page_says_why(client, asker, thread):
    question, answer = thread
    client.force_login(asker)
    page = client.get(question.get_absolute_url()).content.decode()
    assert accept_url(answer) not in page
    assert "Accept this answer" in page and FLAGGED in page

    assert client.post(accept_url(answer)).status_code == 403
    question.refresh_from_db()
    assert question.accepted_answer is None and not question.is_solved


def test_once_a_moderator_dismissed_the_flags_the_answer_can_be_endorsed(
    client, asker, brand_voice, moderator, thread
):
    question, answer = thread
    services.settle_flags(answer, upheld=False, by=moderator)
    client.force_login(asker)
    page = client.get(question.get_absolute_url()).content.decode()
    assert accept_url(answer) in page and FLAGGED not in page
    client.post(accept_url(answer))
    client.force_login(brand_voice)
    client.post(official_url(answer))
    question.refresh_from_db()
    assert question.accepted_answer == answer and question.official_answer == answer


@pytest.mark.parametrize("state", [PostState.PENDING, PostState.HIDDEN, PostState.REMOVED])
def test_an_answer_under_moderation_is_neither_accepted_nor_official(
    asker, brand_voice, topic, state
):
    answer = AnswerFactory(question=QuestionFactory(author=asker, topic=topic), state=state)
    with pytest.raises(PermissionDenied):
        services.accept_answer(answer, by=asker)
    with pytest.raises(PermissionDenied):
        services.mark_official(answer, by=brand_voice)
    question = Question.objects.get(pk=answer.question_id)
    assert question.accepted_answer is None and question.official_answer is None


def test_a_deleted_answer_is_neither_accepted_nor_official(asker, brand_voice, topic):
    answer = AnswerFactory(
        question=QuestionFactory(author=asker, topic=topic), deleted_at=timezone.now()
    )
    with pytest.raises(PermissionDenied):
        services.accept_answer(answer, by=asker)
    with pytest.raises(PermissionDenied):
        services.mark_official(answer, by=brand_voice)


def test_a_mark_given_before_the_flags_can_still_be_taken_back(client, asker, brand_voice, topic):
    question = QuestionFactory(author=asker, topic=topic)
    answer = AnswerFactory(question=question)
    services.accept_answer(answer, by=asker)
    services.mark_official(answer, by=brand_voice)
    services.flag_post(answer, by=VerifiedUserFactory(username="late-flagger"), reason="rude")
    client.force_login(brand_voice)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Withdraw the official mark" in page
    client.post(official_url(answer), {"action": "withdraw"})
    client.force_login(asker)
    client.post(accept_url(answer), {"action": "withdraw"})
    question.refresh_from_db()
    assert question.official_answer is None and question.accepted_answer is None


def test_an_answer_id_from_another_thread_is_not_found(client, asker, brand_voice, topic):
    question = QuestionFactory(author=asker, topic=topic)
    elsewhere = AnswerFactory(question=QuestionFactory(topic=topic))
    client.force_login(asker)
    forged = reverse("community:answer-accept", args=[question.pk, elsewhere.pk])
    assert client.post(forged).status_code == 404
    client.force_login(brand_voice)
    forged = reverse("community:answer-official", args=[question.pk, elsewhere.pk])
    assert client.post(forged).status_code == 404
    assert not Question.objects.exclude(official_answer=None).exists()


# --- tags -------------------------------------------------------------------------------------


def test_a_refused_tag_edit_answers_403_with_the_reason(client, established_other):
    question = QuestionFactory(tags=["wifi"])
    client.force_login(established_other)
    response = client.post(
        reverse("community:question-tags", args=[question.pk]), {"tags": "spam scam"}
    )
    assert response.status_code == 403
    assert "Editing the tags of others" in response.content.decode()
    assert list(question.tags.values_list("name", flat=True)) == ["wifi"]


def test_a_refused_tag_edit_answers_403_even_with_an_invalid_form(client, established_other):
    question = QuestionFactory(tags=["wifi"])
    client.force_login(established_other)
    response = client.post(
        reverse("community:question-tags", args=[question.pk]), {"tags": "x" * 5000}
    )
    assert response.status_code == 403


def test_the_author_still_edits_their_own_tags(client, established):
    question = QuestionFactory(author=established, tags=["wifi"])
    client.force_login(established)
    response = client.post(reverse("community:question-tags", args=[question.pk]), {"tags": "5g"})
    assert response.status_code == 302
    assert list(question.tags.values_list("name", flat=True)) == ["5g"]

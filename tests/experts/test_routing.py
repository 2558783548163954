"""Questions reach the experts who know: by area, least loaded first, never to someone away,
else to the topic's team; the expert's inbox; declining, reassigning, answering."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from community import services as community
from community.models import Notification
from demo.factories.community import QuestionFactory, TopicPageFactory, mark_established
from experts import services
from experts.models import ExpertProfile, RoutedQuestion, TopicTeam
from hub.businesstime import add_business_hours, business_hours_between

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_a_new_question_goes_to_the_expert_of_its_topic_who_hears_of_it(
    client, expert, topic, established, committed
):
    with committed():
        question = community.ask_question(
            author=established, title="No 5G at home since Monday", body="Why?", topic=topic
        )
    route = RoutedQuestion.objects.get(question=question)
    assert route.expert == expert and route.via == "area" and route.state == "open"
    assert Notification.objects.filter(recipient=expert.user, kind="routed").exists()
    assert any(
        "A question for you" in m.subject for m in mail.outbox if m.to == [expert.user.email]
    )
    client.force_login(expert.user)
    inbox = client.get("/experts/inbox/").content.decode()
    assert "No 5G at home since Monday" in inbox and "left" in inbox


def test_tags_route_too(expert, established, committed):
    other_topic = TopicPageFactory(title="Internet box", slug="box")
    question = QuestionFactory(author=established, topic=other_topic, tags=["5g"])
    assert [r.expert for r in services.route_question(question)] == [expert]


def test_the_least_loaded_expert_gets_the_question(expert, expert_factory, topic, established):
    second = expert_factory(real_name="Paul Roy", job_title="Radio engineer", topics=[topic])
    first = services.route_question(QuestionFactory(author=established, topic=topic))[0]
    other = services.route_question(QuestionFactory(author=established, topic=topic))[0]
    assert {first.expert, other.expert} == {expert, second}


def test_an_expert_marked_away_gets_nothing_and_the_topic_team_steps_in(
    client, expert, other_expert, topic, established
):
    client.force_login(expert.user)
    client.post("/experts/inbox/", {"away": "on"})
    expert.refresh_from_db()
    assert expert.away
    team = TopicTeam.objects.create(topic=topic)
    team.experts.add(other_expert)
    [route] = services.route_question(QuestionFactory(author=established, topic=topic))
    assert route.expert == other_expert and route.via == "team"


def test_nobody_available_means_no_route_and_no_error(topic, established):
    assert services.route_question(QuestionFactory(author=established, topic=topic)) == []


def test_routing_twice_changes_nothing(expert, topic, established):
    question = QuestionFactory(author=established, topic=topic)
    services.route_question(question)
    assert services.route_question(question) == []
    assert RoutedQuestion.objects.filter(question=question).count() == 1


def test_a_pending_question_is_routed_once_approved(expert, topic, member, moderator, committed):
    with committed():
        question = community.ask_question(
            author=member, title="First question here", body="Hi", topic=topic
        )
    assert not RoutedQuestion.objects.filter(question=question).exists()
    with committed():
        community.approve_post(question, by=moderator)
    assert RoutedQuestion.objects.filter(question=question, expert=expert).exists()


def test_the_expert_answers_and_the_question_leaves_the_inbox(client, expert, topic, established):
    question = QuestionFactory(author=established, topic=topic)
    [route] = services.route_question(question)
    community.post_answer(question, author=expert.user, body="The mast is back up.")
    route.refresh_from_db()
    assert route.state == "answered" and route.closed_at
    client.force_login(expert.user)
    assert question.title not in client.get("/experts/inbox/").content.decode().split("Recently")[0]
    assert "Median time to answer" in client.get(f"/experts/{expert.slug}/").content.decode()


def test_a_colleague_brand_answer_closes_the_route_a_member_answer_does_not(
    expert, other_expert, topic, established, established_other
):
    question = QuestionFactory(author=established, topic=topic)
    [route] = services.route_question(question)
    community.post_answer(question, author=established_other, body="Same here.")
    route.refresh_from_db()
    assert route.state == "open"
    community.post_answer(question, author=other_expert.user, body="Fixed tonight.")
    route.refresh_from_db()
    assert route.state == "closed"


def test_declining_passes_the_question_on_with_the_reason(
    client, expert, expert_factory, topic, established
):
    second = expert_factory(real_name="Paul Roy", job_title="Radio engineer", topics=[topic])
    question = QuestionFactory(author=established, topic=topic)
    [route] = services.route_question(question)
    client.force_login(route.expert.user)
    response = client.post(
        f"/experts/inbox/{route.pk}/", {"action": "decline", "reason": "Not my region"}
    )
    assert response.status_code == 302
    route.refresh_from_db()
    assert route.state == "declined" and route.reason == "Not my region"
    other = second if route.expert == expert else expert
    assert other.routes.filter(question=question, state="open").exists()


def test_declining_without_a_reason_is_refused(client, expert, topic, established):
    [route] = services.route_question(QuestionFactory(author=established, topic=topic))
    client.force_login(expert.user)
    response = client.post(f"/experts/inbox/{route.pk}/", {"action": "decline", "reason": ""})
    assert response.status_code == 400
    route.refresh_from_db()
    assert route.state == "open"


def test_reassigning_to_a_colleague(client, expert, other_expert, topic, established):
    [route] = services.route_question(QuestionFactory(author=established, topic=topic))
    client.force_login(expert.user)
    client.post(
        f"/experts/inbox/{route.pk}/",
        {"action": "reassign", "expert": other_expert.pk, "reason": "Billing matter"},
    )
    route.refresh_from_db()
    assert route.state == "reassigned"
    new = other_expert.routes.get(question=route.question)
    assert new.via == "reassigned" and new.due_at == route.due_at


def test_another_expert_cannot_touch_a_route_and_forged_ids_answer_404(
    client, expert, other_expert, topic, established, member
):
    [route] = services.route_question(QuestionFactory(author=established, topic=topic))
    for user in (other_expert.user, member):
        client.force_login(user)
        assert client.get(f"/experts/inbox/{route.pk}/").status_code == 404
        assert (
            client.post(
                f"/experts/inbox/{route.pk}/", {"action": "decline", "reason": "x"}
            ).status_code
            == 404
        )
    client.force_login(expert.user)
    assert client.get("/experts/inbox/999999/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.decline_route(route, by=other_expert.user, reason="not mine")


def test_a_closed_route_cannot_be_declined_twice(expert, expert_factory, topic, established):
    expert_factory(real_name="Paul Roy", job_title="Radio engineer", topics=[topic])
    [route] = services.route_question(QuestionFactory(author=established, topic=topic))
    services.decline_route(route, by=route.expert.user, reason="busy")
    with pytest.raises(PermissionDenied):
        services.decline_route(route, by=route.expert.user, reason="busy")


def test_reassigning_to_someone_who_is_not_a_verified_expert_is_refused(
    expert, topic, established, member
):
    applicant = services.apply(member, real_name="Camille", job_title="Technician")
    [route] = services.route_question(QuestionFactory(author=established, topic=topic))
    with pytest.raises(ValidationError):
        services.reassign_route(route, by=expert.user, to=applicant)
    assert ExpertProfile.objects.get(pk=applicant.pk).routes.count() == 0


def test_the_target_counts_business_hours(settings):
    settings.AGORA_BUSINESS_TIMEZONE = "Europe/Paris"
    friday_evening = datetime(2026, 11, 20, 20, 0, tzinfo=PARIS)
    due = add_business_hours(friday_evening, 24)
    assert due == datetime(2026, 11, 25, 15, 0, tzinfo=PARIS)
    assert business_hours_between(friday_evening, due) == pytest.approx(24)
    monday_morning = datetime(2026, 11, 23, 10, 30, tzinfo=PARIS)
    assert add_business_hours(monday_morning, 2) == datetime(2026, 11, 23, 12, 30, tzinfo=PARIS)
    assert business_hours_between(due, friday_evening) == pytest.approx(-24)


def test_routed_questions_are_due_by_the_target(expert, topic, established, settings):
    settings.AGORA_RESPONSE_TARGET_HOURS = 4
    [route] = services.route_question(QuestionFactory(author=established, topic=topic))
    assert business_hours_between(route.routed_at, route.due_at) == pytest.approx(4, abs=0.01)


def test_only_verified_experts_have_an_inbox(client, member):
    mark_established(member)
    client.force_login(member)
    assert client.get("/experts/inbox/").status_code == 404

"""Curation (pins, editorial picks) and crisis mode."""

import pytest
from django.core.exceptions import PermissionDenied

from community import services as community
from community.limits import RateLimited
from community.models import PostState
from demo.factories.community import QuestionFactory, TopicPageFactory
from demo.factories.experts import community_manager
from demo.factories.pages import ensure_home_page
from moderation import actions, curation
from moderation.crisis import start_crisis
from moderation.models import AuditEntry, CrisisMode, EditorialPick
from moderation.queue import raise_item
from tests.helpers import admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def cm(db):
    return community_manager()


def test_crisis_mode_for_a_topic_in_one_action_and_off_again(
    client, cm, topic, established, brand_voice
):
    other = TopicPageFactory(title="Billing", slug="billing")
    in_topic = QuestionFactory(topic=topic, title="Outage in Lyon")
    elsewhere = QuestionFactory(topic=other, title="Invoice question")
    admin_login(client, cm)
    response = client.post(
        "/admin/moderation/crisis/",
        {
            "topic": topic.pk,
            "title": "Network outage in Lyon",
            "statement": "Our teams are on it. Next update at 14:00.",
            "slow_factor": 4,
            "premoderate": "on",
        },
    )
    assert response.status_code == 302
    crisis = CrisisMode.objects.get(active=True)
    assert "Next update at 14:00." in client.get(in_topic.get_absolute_url()).content.decode()
    assert "Next update at 14:00." in client.get(topic.url).content.decode()
    assert "Next update at 14:00." not in client.get(elsewhere.get_absolute_url()).content.decode()
    # Every new post in the topic waits for a moderator; posting is slower.
    answer = community.post_answer(in_topic, author=established, body="Same here")
    assert answer.state == PostState.PENDING
    with pytest.raises(RateLimited):
        community.post_comment(in_topic, author=established, body="Any news?")
    # The brand keeps speaking freely.
    official = community.post_answer(in_topic, author=brand_voice, body="Fixed at 13:40.")
    assert official.state == PostState.PUBLISHED
    client.post("/admin/moderation/crisis/", {"end": crisis.pk})
    assert not CrisisMode.objects.filter(active=True).exists()
    assert "Next update at 14:00." not in client.get(in_topic.get_absolute_url()).content.decode()
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert "crisis_on" in actions and "crisis_off" in actions


def test_a_hub_wide_crisis_shows_on_every_page_and_only_once_at_a_time(cm, home_page, client):
    start_crisis(by=cm, title="Service incident", statement="We are investigating.")
    assert "We are investigating." in client.get("/").content.decode()
    assert "We are investigating." in client.get("/questions/").content.decode()
    with pytest.raises(Exception, match="already on"):
        start_crisis(by=cm, title="Again", statement="Twice")


def test_only_community_managers_switch_crisis_mode(client, moderator):
    with pytest.raises(PermissionDenied):
        start_crisis(by=moderator, title="x", statement="y")
    admin_login(client, moderator)
    assert client.get("/admin/moderation/crisis/").status_code in (302, 403)


def test_featured_questions_appear_on_the_home_page(client, cm, topic, moderator):
    home = ensure_home_page(title="Lumio Community")
    question = QuestionFactory(topic=topic, title="How to set up eSIM")
    item = raise_item("flag", question)
    with pytest.raises(PermissionDenied):
        curation.feature(by=moderator, question=question)
    actions.act(item, "feature", by=cm)
    assert EditorialPick.objects.filter(question=question).exists()
    page = client.get(home.url).content.decode()
    assert "Picked by the community team" in page and "How to set up eSIM" in page
    assert AuditEntry.objects.filter(action="feature").exists()


def test_editorial_picks_are_chosen_by_question_number_in_the_admin(client, cm, topic):
    question = QuestionFactory(topic=topic, title="Best roaming plan")
    admin_login(client, cm)
    response = client.post(
        "/admin/moderation/picks/new/",
        {"question": question.pk, "blurb": "A classic", "position": 1},
    )
    assert response.status_code == 302
    bad = client.post("/admin/moderation/picks/new/", {"question": "", "position": 0})
    assert (
        bad.status_code == 200 and "Choose either a question or an article" in bad.content.decode()
    )
    assert EditorialPick.objects.count() == 1


def test_a_pinned_question_comes_first_in_its_topic(client, topic, moderator):
    older = QuestionFactory(topic=topic, title="Read this first: coverage map")
    for i in range(3):
        QuestionFactory(topic=topic, title=f"Newer question {i}")
    actions.act(raise_item("flag", older), "pin", by=moderator)
    page = client.get(topic.url).content.decode()
    assert page.index("Read this first") < page.index("Newer question")
    assert "Pinned" in page

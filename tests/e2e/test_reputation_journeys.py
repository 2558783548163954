"""Reputation in the browser: a newcomer's first question waits for a moderator; once approved
and found helpful, the member sees their points, their level and what the next one needs, and
their next post no longer waits. The community manager promotes a candidate from the queue,
and the ambassador badge appears on their posts. Each new page passes the accessibility check."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from community import services as community
from community.models import Answer, Level, Question, Standing
from demo.factories.users import VerifiedUserFactory
from moderation.models import AuditEntry, QueueItem
from tests.e2e.test_community_journeys import log_in, new_page

User = get_user_model()


def test_a_member_earns_points_reaches_a_level_and_posts_without_waiting(
    browser, live_server, demo, check_a11y, no_rate_limits
):
    VerifiedUserFactory(username="newbie", email="newbie@example.com", display_name="Nora Bell")
    member = new_page(browser, live_server, "en")
    log_in(member, "newbie@example.com")
    member.goto("/questions/ask/")
    member.locator("#id_title").fill("Why does my router reboot every night?")
    member.locator("#id_topic").select_option(label="Network and coverage")
    member.locator("#id_body").fill("Every night at 3 am the router restarts. Is this normal?")
    member.get_by_role("button", name="Post your question").click()
    expect(member.get_by_text("Your question is saved and waits for a moderator.")).to_be_visible()
    question = Question.objects.get(title="Why does my router reboot every night?")

    # The profile says what the first level needs.
    member.goto("/members/newbie/")
    expect(member.get_by_text("One post approved by the moderators")).to_be_visible()
    check_a11y(member)

    # A moderator approves it; another member finds it helpful.
    community.approve_post(question, by=User.objects.get(username="moderator"))
    voter = new_page(browser, live_server, "en")
    log_in(voter, "member2@demo.example")
    voter.goto(question.get_absolute_url())
    voter.locator(".question").get_by_role("button", name=re.compile("Helpful")).click()
    expect(voter.locator(".question").get_by_role("button", name="Helpful (1)")).to_be_visible()

    # The member sees the points, the level reached and exactly what comes next.
    member.goto("/members/newbie/")
    panel = member.locator("#reputation")
    expect(panel.get_by_text("5 points", exact=True)).to_be_visible()
    expect(panel.locator(".badge-level")).to_have_text("Member")
    expect(panel.get_by_text("45 more points")).to_be_visible()
    expect(panel.get_by_role("cell", name="Helpful vote on a question")).to_be_visible()
    check_a11y(member)
    member.goto("/notifications/")
    expect(member.get_by_text("News about your level in the community")).to_be_visible()

    # The privilege: the next post is published at once.
    other = Question.objects.filter(is_public=True).exclude(pk=question.pk).first()
    member.goto(other.get_absolute_url())
    member.locator("#id_body").fill("Same here: switching off the nightly update fixed it.")
    member.get_by_role("button", name="Post your answer").click()
    expect(member.locator(".answer .post-body").last).to_contain_text("nightly update")
    answer = Answer.objects.get(author__username="newbie")
    assert answer.is_public
    expect(member.get_by_text("waits for a moderator")).to_have_count(0)
    for page in (member, voter):
        page.context.close()


def test_the_community_manager_promotes_an_ambassador_and_the_badge_shows(
    browser, live_server, demo, check_a11y
):
    candidate = User.objects.get(username="candidate")
    item = QueueItem.objects.get(kind="ambassador", state="open")
    mail.outbox.clear()
    cm = new_page(browser, live_server, "en")
    log_in(cm, "cm@demo.example", totp=True)
    cm.goto("/admin/moderation/queue/?kind=ambassador")
    check_a11y(cm)
    cm.locator(f'a[href="/admin/moderation/queue/{item.pk}/"]').click()
    expect(cm.get_by_text("Meets the thresholds of the ambassador programme").first).to_be_visible()
    check_a11y(cm)
    cm.get_by_label("Action", exact=True).select_option("approve")
    cm.get_by_role("button", name="Apply").click()
    expect(cm.locator(".messages").first).to_contain_text("is now an ambassador")
    assert Standing.objects.get(user=candidate).level == Level.AMBASSADOR
    assert AuditEntry.objects.filter(action="promote", subject=candidate).exists()
    assert any(candidate.email in m.to and "ambassador" in m.body for m in mail.outbox)

    # The reputation pages list the new ambassador.
    cm.goto("/admin/reputation/")
    expect(cm.get_by_role("link", name="Léa Fontaine").first).to_be_visible()
    check_a11y(cm)

    # The badge appears on their posts, for everyone.
    answer = Answer.objects.filter(author=candidate, is_public=True).first()
    visitor = new_page(browser, live_server, "en")
    visitor.goto(answer.get_absolute_url())
    expect(visitor.locator(f"#answer-{answer.pk} .badge-ambassador").first).to_have_text(
        "Ambassador"
    )
    check_a11y(visitor)
    visitor.goto("/")
    expect(visitor.get_by_role("heading", name="Our ambassadors")).to_be_visible()
    for page in (cm, visitor):
        page.context.close()

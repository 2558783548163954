"""The moderators' and the community manager's journeys in the browser: a member flags an
answer, a moderator claims it and rejects it with a canned reply, the author reads why (in
French), the audit log shows it; a question nears its target and the reminder reaches the
expert, who answers; a thread is escalated to customer support and the resolution shows in the
thread; crisis mode goes on and off. Each new page passes the accessibility check."""

import json
import re
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from community import services as community
from community.models import Answer, Comment, Question, TopicPage
from hub.models import Profile
from moderation import signing
from moderation.models import AuditEntry, CrisisMode, QueueItem, ResponseClock, SupportCase
from moderation.tasks import advance_response_clocks
from tests.e2e.test_community_journeys import log_in, new_page

ADVERT = "La publicité et l’autopromotion ne sont pas autorisées dans la communauté."


def test_a_flag_is_claimed_rejected_with_a_canned_reply_and_the_author_reads_why(
    browser, live_server, demo, check_a11y
):
    Profile.objects.filter(user__username="member2").update(preferred_language="fr")
    answer = (
        Answer.objects.filter(author__username="member2", state="published", is_public=True)
        .select_related("question")
        .first()
    )
    # The member flags the answer from its thread.
    member = new_page(browser, live_server, "en")
    log_in(member, "member@demo.example")
    member.goto(answer.question.get_absolute_url())
    member.locator(f"#answer-{answer.pk}").get_by_role("link", name="Flag").click()
    expect(member.get_by_role("heading", name="Flag this post for the moderators")).to_be_visible()
    check_a11y(member)
    member.get_by_label("Spam or advertising").check()
    member.get_by_label("Details for the moderators").fill("Links to a shop in every reply")
    member.get_by_role("button", name="Send to the moderators").click()
    expect(member.get_by_text("Thank you: the moderators will look at this post.")).to_be_visible()
    item = QueueItem.objects.get(kind="flag", object_id=answer.pk, state="open")

    # A moderator finds it in the queue, claims it and rejects it with a canned reply.
    moderator = new_page(browser, live_server, "en")
    log_in(moderator, "moderator@demo.example", totp=True)
    moderator.goto("/admin/moderation/queue/?kind=flag")
    check_a11y(moderator)
    moderator.locator(f'a[href="/admin/moderation/queue/{item.pk}/"]').click()
    expect(moderator.get_by_text("Links to a shop in every reply")).to_be_visible()
    check_a11y(moderator)
    moderator.get_by_role("button", name="Claim this item").click()
    expect(moderator.get_by_text("Held by moderator.")).to_be_visible()
    moderator.get_by_label("Action", exact=True).select_option("reject")
    moderator.get_by_label("Canned reply").select_option(label="Advertising")
    moderator.get_by_role("button", name="Apply").click()
    expect(moderator.locator(".messages").first).to_contain_text("Rejected")
    answer.refresh_from_db()
    assert answer.state == "removed" and not answer.is_public

    # The author reads why, in French, on the hub and by email.
    author = new_page(browser, live_server, "fr")
    log_in(author, "member2@demo.example")
    author.goto("/notifications/")
    expect(author.get_by_text(ADVERT)).to_be_visible()
    check_a11y(author)
    assert any("member2@demo.example" in m.to and ADVERT in m.body for m in mail.outbox)

    # The audit log shows who did what, and why.
    moderator.goto("/admin/moderation/audit/?q=Advertising")
    row = moderator.locator("tr", has_text="moderator").filter(has_text="Reject").first
    expect(row).to_be_visible()
    assert AuditEntry.objects.filter(action="reject", actor__username="moderator").exists()
    for page in (member, moderator, author):
        page.context.close()


def test_a_question_nears_its_target_the_expert_is_reminded_and_answers(
    browser, live_server, demo, check_a11y, no_rate_limits
):
    question = community.ask_question(
        author=Profile.objects.get(user__username="member").user,
        title="My iPhone no longer connects to 5G since the update",
        body="It stays on 4G everywhere, even in Paris.",
        topic=TopicPage.objects.get(slug="smartphones"),
    )
    clock = ResponseClock.objects.get(question=question)
    # Half the target has passed (the beat task runs every few minutes in production).
    ResponseClock.objects.filter(pk=clock.pk).update(remind_at=timezone.now() - timedelta(1))
    mail.outbox.clear()
    advance_response_clocks()
    reminder = next(m for m in mail.outbox if question.title in m.body)
    link = re.search(r"https?://\S+/questions/\d+/\S*", reminder.body).group(0)

    # The community manager sees it among the questions with the least time left.
    cm = new_page(browser, live_server, "en")
    log_in(cm, "cm@demo.example", totp=True)
    cm.goto("/admin/moderation/clock/")
    expect(cm.get_by_text(question.title)).to_be_visible()
    check_a11y(cm)

    # The expert follows the reminder and answers: the clock stops.
    expert = new_page(browser, live_server, "en")
    log_in(expert, reminder.to[0], totp=True)
    expert.goto(urlsplit(link).path)
    expect(expert.get_by_role("heading", name=question.title, level=1)).to_be_visible()
    expert.locator("#id_body").fill("Settings › Mobile data › Voice & data › 5G Auto.")
    expert.get_by_role("button", name="Post your answer").click()
    expect(expert.locator(".answer .post-body").first).to_contain_text("5G Auto")
    clock.refresh_from_db()
    assert clock.state == "answered"
    cm.reload()
    expect(cm.get_by_text(question.title)).to_have_count(0)
    for page in (expert, cm):
        page.context.close()


class SupportSystem(BaseHTTPRequestHandler):
    """A stand-in of the company's support system: it records each case and answers with a
    reference, as a help desk's webhook endpoint does."""

    cases: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.cases.append((dict(self.headers), body))
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"reference": "CS-1042"}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def support_system(settings):
    server = HTTPServer(("127.0.0.1", 0), SupportSystem)
    SupportSystem.cases = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.AGORA_SUPPORT_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/cases"
    settings.AGORA_SUPPORT_WEBHOOK_SECRET = "outbound-secret"
    settings.AGORA_SUPPORT_INBOUND_SECRET = "inbound-secret"
    yield SupportSystem
    server.shutdown()


def test_a_thread_is_escalated_and_the_resolution_appears_in_it(
    browser, live_server, demo, support_system, check_a11y
):
    question = Question.objects.filter(is_public=True, locked_at__isnull=True).first()
    moderator = new_page(browser, live_server, "en")
    log_in(moderator, "moderator@demo.example", totp=True)
    moderator.goto(question.get_absolute_url())
    moderator.get_by_role("link", name="Escalate to customer support").click()
    check_a11y(moderator)
    moderator.get_by_label("What customer support needs to know").fill(
        "Charged twice in March, invoice 2026-03-114."
    )
    moderator.get_by_role("button", name="Open a support case").click()
    expect(moderator.get_by_text("The thread is sent to customer support.")).to_be_visible()
    case = SupportCase.objects.get(question=question)
    assert case.reference == "CS-1042" and case.state == "open"
    headers, body = support_system.cases[0]
    signing.verify(body, headers["X-Agora-Signature"], "outbound-secret")

    # The support system resolves the case and tells the hub by a signed webhook.
    payload = json.dumps(
        {"event_id": "evt-77", "case": str(case.key), "status": "resolved"}
    ).encode()
    response = moderator.request.post(
        "/support/webhook/",
        data=payload,
        headers={
            "Content-Type": "application/json",
            "X-Agora-Signature": signing.sign(payload, "inbound-secret"),
        },
    )
    assert response.status == 200
    visitor = new_page(browser, live_server, "en")
    visitor.goto(question.get_absolute_url())
    expect(
        visitor.get_by_text("Handled by customer support, case CS-1042: resolved.")
    ).to_be_visible()
    check_a11y(visitor)
    # Replaying the same event changes nothing.
    replay = moderator.request.post(
        "/support/webhook/",
        data=payload,
        headers={
            "Content-Type": "application/json",
            "X-Agora-Signature": signing.sign(payload, "inbound-secret"),
        },
    )
    assert replay.status == 409
    for page in (moderator, visitor):
        page.context.close()


def test_crisis_mode_on_and_off(browser, live_server, demo, check_a11y, no_rate_limits):
    cm = new_page(browser, live_server, "en")
    log_in(cm, "cm@demo.example", totp=True)
    cm.goto("/admin/moderation/crisis/")
    check_a11y(cm)
    cm.get_by_label("Statement title").fill("Network outage in the west")
    cm.get_by_label("Official statement (shown on every affected page)").fill(
        "Our teams are restoring service in Brittany; next update at 18:00."
    )
    cm.get_by_role("button", name="Switch crisis mode on").click()
    expect(cm.get_by_role("button", name="Switch crisis mode off")).to_be_visible()

    visitor = new_page(browser, live_server, "en")
    for path in ("/", "/community/network/", "/questions/"):
        visitor.goto(path)
        expect(visitor.get_by_text("Our teams are restoring service in Brittany")).to_be_visible()
    check_a11y(visitor)

    # Every new post now waits for a moderator. (The member last posted an hour ago: slow
    # mode multiplies the wait between posts, and the demo's posts are seconds old.)
    for model in (Question, Answer):
        model.objects.filter(author__username="member").update(
            created_at=timezone.now() - timedelta(hours=1)
        )
    Comment.objects.filter(author__username="member").update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    member = new_page(browser, live_server, "en")
    log_in(member, "member@demo.example")
    member.goto("/questions/ask/")
    member.locator("#id_title").fill("Is the outage in Rennes too?")
    member.locator("#id_topic").select_option(label="Network and coverage")
    member.locator("#id_body").fill("No signal since noon in Rennes centre.")
    member.get_by_role("button", name="Post your question").click()
    expect(member.get_by_text("waits for a moderator").first).to_be_visible()
    assert Question.objects.get(title="Is the outage in Rennes too?").state == "pending"

    cm.get_by_role("button", name="Switch crisis mode off").click()
    expect(cm.get_by_role("button", name="Switch crisis mode on")).to_be_visible()
    assert not CrisisMode.objects.filter(active=True).exists()
    assert set(
        AuditEntry.objects.filter(action__in=["crisis_on", "crisis_off"]).values_list(
            "action", flat=True
        )
    ) == {"crisis_on", "crisis_off"}
    visitor.goto("/community/network/")
    expect(visitor.get_by_text("Our teams are restoring service in Brittany")).to_have_count(0)
    for page in (cm, visitor, member):
        page.context.close()

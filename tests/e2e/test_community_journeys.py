"""The Q&A journey of every role, in English and in French: a member asks and sees likely
duplicates, another answers, the asker accepts, a brand voice marks the official answer, the
follower is notified on site and by email, and a visitor finds the thread through search."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from community.models import Question
from hub.models import Profile
from tests.conftest import PASSWORD
from tests.helpers import current_totp

DEMO_TOTP = "AGORADEMOTOTPSECRETAGORADEMO2345"

TEXT = {
    "en": {
        "ask": "Post your question",
        "answer": "Post your answer",
        "accept": "Accept this answer",
        "official": "Mark as the official answer",
        "official_heading": "Official answer from the brand",
        "accepted_badge": "Accepted answer",
        "notifications": "Notifications",
        "duplicates": "These questions may already answer yours:",
        "title": "How do I move my eSIM to my new phone?",
        "search": "eSIM phone",
    },
    "fr": {
        "ask": "Publier votre question",
        "answer": "Publier votre réponse",
        "accept": "Accepter cette réponse",
        "official": "Marquer comme réponse officielle",
        "official_heading": "Réponse officielle de la marque",
        "accepted_badge": "Réponse acceptée",
        "notifications": "Notifications",
        "duplicates": "Ces questions répondent peut-être déjà à la vôtre :",
        "title": "Comment transférer mon eSIM vers mon nouveau phone ?",
        "search": "eSIM phone",
    },
}


def new_page(browser, live_server, language):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR" if language == "fr" else "en-GB"
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def log_in(page, email, totp=False):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    if totp:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.locator("#id_code").fill(current_totp(DEMO_TOTP))
        page.locator("#id_code").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_question_is_asked_answered_accepted_made_official_and_found(
    browser, live_server, demo, no_rate_limits, check_a11y, language
):
    text = TEXT[language]
    Profile.objects.filter(user__username__in=["member", "member2", "cm"]).update(
        preferred_language=language
    )
    mail.outbox.clear()

    # A member asks, and sees a likely duplicate while typing the title.
    asker = new_page(browser, live_server, language)
    log_in(asker, "member@demo.example")
    asker.goto("/questions/ask/")
    check_a11y(asker)
    asker.locator("#id_title").press_sequentially(text["title"], delay=5)
    expect(asker.get_by_text(text["duplicates"])).to_be_visible()
    expect(asker.get_by_role("link", name="How do I move my eSIM to a new phone?")).to_be_visible()
    asker.locator("#id_topic").select_option(label="Smartphones")
    asker.locator("#id_body").fill("I bought a **new phone**. Can I move my eSIM from the app?")
    asker.locator("#id_tags").fill("esim")
    asker.get_by_role("button", name=text["ask"]).click()
    expect(asker.get_by_role("heading", name=text["title"], level=1)).to_be_visible()
    check_a11y(asker)
    question = Question.objects.get(title=text["title"])

    # Another member answers.
    helper = new_page(browser, live_server, language)
    log_in(helper, "member2@demo.example")
    helper.goto(question.get_absolute_url())
    helper.locator("#id_body").fill("Yes: *My line › eSIM › Transfer* in the app.")
    helper.get_by_role("button", name=text["answer"]).click()
    expect(helper.locator(".answer .post-body").first).to_contain_text("My line")

    # The asker, who follows their question, is told on site and by email, then accepts.
    asker.goto("/")
    asker.get_by_role("link", name=re.compile(text["notifications"])).first.click()
    check_a11y(asker)
    asker.locator(".notification a").first.click()
    expect(asker).to_have_url(re.compile(rf"/questions/{question.pk}/"))
    assert any("member@demo.example" in m.to and text["title"] in m.subject for m in mail.outbox), [
        m.subject for m in mail.outbox
    ]
    asker.get_by_role("button", name=text["accept"]).click()
    expect(asker.locator(".badge-solved").first).to_have_text(text["accepted_badge"])

    # A brand voice marks the official answer: shown apart, under its own heading.
    brand = new_page(browser, live_server, language)
    log_in(brand, "cm@demo.example", totp=True)
    brand.goto(question.get_absolute_url())
    brand.get_by_role("button", name=text["official"]).click()
    expect(brand.get_by_role("heading", name=text["official_heading"])).to_be_visible()
    check_a11y(brand)

    # A visitor finds the thread through search.
    visitor = new_page(browser, live_server, language)
    visitor.goto("/")
    visitor.locator("#header-q").fill(text["search"])
    visitor.locator("#header-q").press("Enter")
    check_a11y(visitor)
    visitor.get_by_role("link", name=text["title"]).click()
    expect(visitor.get_by_role("heading", name=text["official_heading"])).to_be_visible()
    check_a11y(visitor)
    for page in (asker, helper, brand, visitor):
        page.context.close()


def test_listing_tag_activity_and_feed_pages_pass_the_accessibility_check(page, check_a11y):
    for path in (
        "/questions/",
        "/questions/?filter=unanswered",
        "/tags/",
        "/tags/roaming/",
        "/community/smartphones/",
        "/members/member/activity/",
    ):
        page.goto(path)
        check_a11y(page)


def test_a_new_member_sees_their_first_question_waiting(browser, live_server, demo, check_a11y):
    from demo.factories.users import VerifiedUserFactory

    VerifiedUserFactory(username="newbie", email="newbie@example.com")
    page = new_page(browser, live_server, "en")
    log_in(page, "newbie@example.com")
    page.goto("/questions/ask/")
    page.locator("#id_title").fill("My very first question here")
    page.locator("#id_topic").select_option(label="Internet box")
    page.locator("#id_body").fill("Where is the WPS button on the Lumio Box?")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview")).to_contain_text("WPS button")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("status").first).to_contain_text("waits for a moderator")
    check_a11y(page)
    page.context.close()


def test_edit_history_delete_and_unsubscribe_pages_pass_the_accessibility_check(
    browser, live_server, demo, check_a11y
):
    from django.contrib.auth import get_user_model

    from community.notify import unsubscribe_token

    member = get_user_model().objects.get(username="member")
    question = Question.objects.filter(author=member).first()
    page = new_page(browser, live_server, "en")
    log_in(page, "member@demo.example")
    page.goto(f"/questions/{question.pk}/edit/")
    check_a11y(page)
    page.locator("#id_body").fill(question.body + "\n\nEdit: still happening today.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("link", name="edited")).to_be_visible()
    page.get_by_role("link", name="edited").click()
    expect(page.get_by_role("heading", name="History of this post")).to_be_visible()
    check_a11y(page)
    page.goto(f"/questions/{question.pk}/delete/")
    check_a11y(page)
    page.goto(f"/notifications/unsubscribe/{unsubscribe_token(member.pk)}/")
    check_a11y(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status").first).to_contain_text("we will not email you any more")
    page.context.close()

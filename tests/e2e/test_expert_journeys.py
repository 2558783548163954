"""The experts' journeys in the browser: a member applies and the community manager verifies;
an expert publishes in their own section and cannot touch another's; a customer comments; a
routed question reaches the expert's inbox, is answered officially, and the customer sees who
answered, with name and title. Every new page type passes the accessibility check."""

import re

import pytest
from playwright.sync_api import expect

from experts.models import ArticlePage, ExpertProfile, ExpertSectionPage
from hub.models import Profile
from tests.e2e.test_community_journeys import log_in, new_page

ROUTED_TITLE = "No signal at all since this morning near Gare de Lyon"


def test_a_member_applies_and_the_community_manager_verifies(
    browser, live_server, demo, check_a11y
):
    member = new_page(browser, live_server, "en")
    log_in(member, "member2@demo.example")
    member.goto("/experts/apply/")
    check_a11y(member)
    member.get_by_label("Real name").fill("Jonas Weber")
    member.get_by_label("Job title").fill("Fibre technician")
    member.get_by_label("Internet box").check()
    member.get_by_label("Why do you apply?").fill("I install Lumio boxes every day.")
    member.get_by_role("button", name="Send my application").click()
    expect(member.get_by_text("The community manager will review your application")).to_be_visible()
    profile = ExpertProfile.objects.get(user__username="member2")

    cm = new_page(browser, live_server, "en")
    log_in(cm, "cm@demo.example", totp=True)
    cm.goto("/admin/experts/profiles/")
    expect(cm.get_by_text("Jonas Weber")).to_be_visible()
    cm.goto(f"/admin/experts/profiles/decide/{profile.pk}/")
    cm.get_by_role("button", name="Verify").click()
    expect(cm.get_by_text("Jonas Weber is verified.")).to_be_visible()

    member.goto("/experts/")
    check_a11y(member)
    member.locator(".expert-grid").get_by_role("link", name="Jonas Weber").click()
    expect(member).to_have_url(re.compile(r"/experts/jonas-weber/$"))
    expect(member.get_by_role("heading", name="Jonas Weber")).to_be_visible()
    expect(member.get_by_text("Verified expert").first).to_be_visible()
    check_a11y(member)


def test_an_expert_publishes_in_their_section_and_cannot_touch_another(page, check_a11y):
    own = ExpertSectionPage.objects.get(expert__user__username="expert")
    other = ExpertSectionPage.objects.get(expert__user__username="expert-billing")
    log_in(page, "expert@demo.example", totp=True)
    page.goto(f"/admin/pages/add/experts/articlepage/{own.pk}/")
    page.locator("#id_title").fill("Wi-Fi calling, step by step")
    page.locator("#id_intro").fill("Calls that work in every room.")
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("li.success").first).to_contain_text("published")
    article = ArticlePage.objects.get(title="Wi-Fi calling, step by step")
    assert article.live and article.author.user.username == "expert"

    page.goto(f"/admin/pages/{other.pk}/edit/")
    expect(page).not_to_have_url(re.compile(rf"/admin/pages/{other.pk}/edit/"))
    page.goto(f"/admin/pages/add/experts/articlepage/{other.pk}/")
    expect(page).not_to_have_url(re.compile(r"/add/experts/articlepage/"))

    page.goto(article.url)
    expect(page.get_by_role("heading", name="Wi-Fi calling, step by step")).to_be_visible()
    expect(page.get_by_text("Network engineer").first).to_be_visible()
    check_a11y(page)


def test_a_customer_comments_on_an_article(page, check_a11y, no_rate_limits):
    article = ArticlePage.objects.get(title="Why 5G indoors is harder than outdoors")
    log_in(page, "member@demo.example")
    page.goto(article.url)
    check_a11y(page)
    page.get_by_label("Your comment").fill("Does it help to move the phone near a window?")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.get_by_text("Your comment is published.")).to_be_visible()
    expect(page.get_by_text("Does it help to move the phone near a window?")).to_be_visible()
    # Replies thread under the comment they answer.
    page.get_by_text("Reply").first.click()
    page.locator("textarea[id^='reply-']").first.fill("And what about 4G+?")
    page.get_by_role("button", name="Send reply").first.click()
    expect(page.locator(".comment-replies").get_by_text("And what about 4G+?")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_routed_question_is_answered_officially_and_the_customer_sees_who_answered(
    browser, live_server, demo, check_a11y, language
):
    Profile.objects.filter(user__username__in=["expert", "member2"]).update(
        preferred_language=language
    )
    words = {
        "en": (
            "My inbox",
            "As the brand's official answer",
            "Post your answer",
            "Official answer from the brand",
        ),
        "fr": (
            "Ma boîte",
            "Comme réponse officielle de la marque",
            "Publier votre réponse",
            "Réponse officielle de la marque",
        ),
    }[language]
    expert = new_page(browser, live_server, language)
    log_in(expert, "expert@demo.example", totp=True)
    expert.goto("/")
    expert.get_by_role("link", name=re.compile(words[0])).click()
    check_a11y(expert)
    expert.get_by_role("link", name=ROUTED_TITLE).click()
    expert.get_by_label(words[1]).check()
    expert.locator("#id_body").fill(
        "A mast near Gare de Lyon is being repaired; service is back by 6 pm."
    )
    expert.get_by_role("button", name=words[2]).click()
    expect(expert.get_by_role("heading", name=words[3])).to_be_visible()

    customer = new_page(browser, live_server, language)
    log_in(customer, "member2@demo.example")
    customer.goto("/notifications/")
    customer.get_by_role("link", name=re.compile(ROUTED_TITLE)).first.click()
    official = customer.locator(".answer-group-official")
    expect(official.get_by_role("link", name="Inès Haddad")).to_be_visible()
    expect(official.get_by_text("Network engineer")).to_be_visible()
    check_a11y(customer)


def test_the_inbox_actions_and_thread_to_article_pages_pass_the_accessibility_check(
    browser, live_server, demo, check_a11y
):
    Profile.objects.filter(user__username="expert").update(preferred_language="fr")
    expert = new_page(browser, live_server, "fr")
    log_in(expert, "expert@demo.example", totp=True)
    expert.goto("/experts/inbox/")
    expert.get_by_role("link", name="Refuser ou réattribuer").first.click()
    check_a11y(expert)
    expert.locator("#id_expert").select_option(label="Malik Benali (Smartphone specialist)")
    expert.get_by_role("button", name="Réattribuer").click()
    expect(expert.get_by_text("Malik Benali a maintenant la question.")).to_be_visible()

    cm = new_page(browser, live_server, "en")
    log_in(cm, "cm@demo.example", totp=True)
    cm.goto("/questions/")
    cm.get_by_role("link", name="Why does my phone drop from 5G to 4G at home?").click()
    cm.get_by_role("link", name="Turn into an article").click()
    check_a11y(cm)
    cm.locator("#id_expert").select_option(label="Inès Haddad (Network engineer)")
    cm.get_by_role("button", name="Create the draft").click()
    expect(cm).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))

"""One journey per role, as a person would make it in the browser."""

import re
import zipfile

from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from demo.factories.users import VerifiedUserFactory, ensure_role_groups
from tests.conftest import PASSWORD
from tests.helpers import current_totp, image_bytes, link_in

User = get_user_model()
DEMO_TOTP = "AGORADEMOTOTPSECRETAGORADEMO2345"


def log_in(page, email, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def test_a_visitor_browses_topics_searches_and_reads_a_profile(page, check_a11y):
    page.goto("/")
    expect(page.get_by_role("heading", name="Answers from people who know Lumio")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Browse the topics").click()
    expect(page).to_have_url(re.compile(r"/community/$"))
    check_a11y(page)
    page.get_by_role("link", name="Internet box").click()
    expect(page.get_by_role("heading", name="Internet box", level=1)).to_be_visible()
    check_a11y(page)
    page.get_by_role("searchbox", name="Search the hub").first.fill("billing")
    page.get_by_role("button", name="Search").first.click()
    expect(page.get_by_role("link", name="Offers and billing")).to_be_visible()
    check_a11y(page)
    page.goto("/members/expert/")
    expect(page.get_by_role("heading", name="Inès Haddad")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Terms of use").click()
    expect(page.get_by_role("heading", name="Terms of use", level=1)).to_be_visible()
    check_a11y(page)
    for path in ("/accounts/login/", "/accounts/password/reset/", "/no-such-page/"):
        page.goto(path)
        check_a11y(page)


def test_a_visitor_reads_the_hub_in_french(page):
    page.goto("/")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_attached()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()


def test_a_member_signs_up_verifies_edits_exports_and_deletes(page, check_a11y, tmp_path):
    mail.outbox.clear()
    page.goto("/accounts/signup/")
    check_a11y(page)
    page.get_by_label("Email").fill("lea@example.com")
    page.get_by_label("Username").fill("lea")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    # The verification email, captured, carries the link.
    message = next(m for m in mail.outbox if m.to == ["lea@example.com"])
    page.goto(link_in(message.body, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()

    log_in(page, "lea@example.com")
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Display name").fill("Léa Dubois")
    page.get_by_label("Bio").fill("Fibre since 2021.")
    avatar = tmp_path / "me.png"
    avatar.write_bytes(image_bytes("PNG", size=(300, 200)))
    page.locator("#id_avatar").set_input_files(str(avatar))
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    page.get_by_role("link", name="See your public profile").click()
    expect(page.get_by_role("heading", name="Léa Dubois")).to_be_visible()
    expect(page.locator("img.avatar")).to_be_visible()

    page.goto("/admin/")  # not theirs: a clear refusal, not a redirect loop
    expect(page.get_by_role("heading", name="Access denied")).to_be_visible()
    check_a11y(page)

    page.goto("/accounts/export/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    archive = zipfile.ZipFile(download_info.value.path())
    assert "profile.json" in archive.namelist()
    assert "Fibre since 2021." in archive.read("profile.json").decode()

    page.get_by_role("link", name="Delete my account").click()
    check_a11y(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert not User.objects.get(pk=User.objects.get(email="").pk).is_active

    log_in(page, "lea@example.com")
    expect(
        page.get_by_text("The email address and/or password you specified are not correct.")
    ).to_be_visible()


def test_a_moderator_is_made_to_set_up_two_factor_before_the_admin(page):
    moderator = VerifiedUserFactory(username="newmod", email="newmod@example.com")
    moderator.groups.add(ensure_role_groups()["Moderators"])
    log_in(page, "newmod@example.com")
    page.goto("/admin/")
    # allauth asks for the password again before a second factor can be added.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(current_totp(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()


def test_the_community_manager_enters_a_code_at_login_to_reach_the_admin(page, check_a11y):
    log_in(page, "cm@demo.example")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    check_a11y(page)
    page.get_by_label("Code").fill(current_totp(DEMO_TOTP))
    page.get_by_role("button", name="Sign In").click()
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto("/admin/settings/hub/brandsettings/")
    expect(page.get_by_label("Brand name")).to_have_value("Lumio Community")


def test_hostile_profile_text_never_runs_in_the_browser(hostile_page):
    from tests.hostile.corpus import XSS

    page = hostile_page
    log_in(page, "member@demo.example")
    for payload in XSS:
        page.goto("/accounts/profile/")
        page.get_by_label("Display name").fill(payload[:80])
        page.get_by_label("Bio").fill(payload)
        page.get_by_role("button", name="Save profile").click()
        page.goto("/members/member/")
        page.goto("/search/?q=" + payload.replace("#", ""))
        assert page.evaluate("window.__agoraXss") is None, payload

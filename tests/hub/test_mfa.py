import pytest
from django.urls import reverse

from tests.conftest import PASSWORD, TOTP_SECRET

pytestmark = pytest.mark.django_db


def log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def set_up_totp(client, totp_code, password=PASSWORD):
    """Go through allauth's pages: confirm the password again, read the secret, enter a code."""
    first = client.get(reverse("mfa_activate_totp"))
    if first.status_code == 302 and first["Location"].startswith(reverse("account_reauthenticate")):
        client.post(first["Location"], {"password": password})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    return client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})


def test_the_wagtail_admin_login_is_allauths(client, home_page):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_without_a_second_factor_is_sent_to_set_one_up(client, moderator):
    log_in(client, "mod@example.com")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_setting_up_totp_opens_the_admin(client, moderator, totp_code):
    log_in(client, "mod@example.com")
    response = set_up_totp(client, totp_code)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_with_totp_must_enter_a_code_at_login(client, moderator_with_totp, totp_code):
    response = log_in(client, "mod@example.com")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert client.session["_auth_user_id"] == str(moderator_with_totp.pk)
    assert client.get("/admin/").status_code == 200


def test_a_session_that_skipped_the_second_factor_is_asked_again(client, moderator_with_totp):
    client.force_login(moderator_with_totp, mfa=False)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_members_are_not_asked_for_a_second_factor(client, member, home_page):
    log_in(client, "camille@example.com")
    assert client.get("/").status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 403  # no admin access at all, and no redirect loop
    assert "does not give access to the administration" in response.content.decode()


def test_members_can_turn_on_totp_if_they_wish(client, member, totp_code):
    log_in(client, "camille@example.com")
    set_up_totp(client, totp_code)
    assert member.authenticator_set.filter(type="totp").exists()
    assert member.authenticator_set.filter(type="recovery_codes").exists()

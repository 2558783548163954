"""Every form a visitor or a member can reach, fed every hostile string: never a 500, never
an unescaped echo, and what the member typed is either kept or refused with a clear reason."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from hub.models import Profile
from tests.conftest import PASSWORD
from tests.hostile.corpus import ALL, NUL, assert_safe, short_id

User = get_user_model()
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_sign_up_form(client, home_page, value):
    users_before = User.objects.count()
    data = {"username": value, "email": value, "password1": value, "password2": value}
    response = client.post(reverse("account_signup"), data)
    assert_safe(response, value)
    assert response.status_code == 200  # refused with errors on the form
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    assert User.objects.count() == users_before


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_log_in_form(client, member, value):
    response = client.post(reverse("account_login"), {"login": value, "password": value})
    assert_safe(response, value)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_password_reset_form(client, member, value):
    assert_safe(client.post(reverse("account_reset_password"), {"email": value}), value)


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_search(client, home_page, value):
    body = assert_safe(client.get(reverse("hub:search"), {"q": value}), value)
    if len(value) <= 200 and "\x00" not in value and value.strip():
        assert escape(value.strip()) in body


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_language_switch(client, home_page, value):
    response = client.post(reverse("hub:set-language"), {"language": value, "next": value})
    assert response.status_code in (302, 400, 200)
    assert not response.get("Location", "/").startswith(("javascript:", "http"))


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_profile_bio_is_kept_exactly_or_refused_with_the_text_still_in_the_form(
    client, member, value
):
    client.force_login(member)
    data = {
        "display_name": "Camille",
        "bio": value,
        "preferred_language": "en",
        "email_frequency": "never",
    }
    response = client.post(reverse("hub:profile-edit"), data)
    body = assert_safe(response, value)
    profile = Profile.objects.get(user=member)
    if response.status_code == 302:
        assert profile.bio == value.replace("\r\n", "\n").strip()
        public = client.get(reverse("hub:member-profile", args=[member.username]))
        assert_safe(public, value)
    else:
        assert "errorlist" in body
        assert profile.bio == ""
        if value not in NUL:
            assert escape(value)[:2000] in body  # the member's text is still there to fix


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_profile_display_name(client, member, value):
    client.force_login(member)
    data = {
        "display_name": value,
        "bio": "",
        "preferred_language": "en",
        "email_frequency": "never",
    }
    response = client.post(reverse("hub:profile-edit"), data)
    assert_safe(response, value)
    if response.status_code == 302:
        stored = Profile.objects.get(user=member).display_name
        assert stored == " ".join(value.split())
        page = client.get(reverse("hub:member-profile", args=[member.username]))
        assert_safe(page, value)
    else:
        assert "errorlist" in response.content.decode()


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_delete_account_form(client, member, value):
    client.force_login(member)
    response = client.post(reverse("hub:delete-account"), {"password": value, "confirm": "on"})
    assert_safe(response, value)
    assert User.objects.get(pk=member.pk).is_active


def test_a_forged_profile_field_is_ignored(client, member, other_member):
    client.force_login(member)
    client.post(
        reverse("hub:profile-edit"),
        {
            "display_name": "Me",
            "user": other_member.pk,
            "anonymised_at": "2020-01-01",
            "preferred_language": "en",
            "email_frequency": "never",
        },
    )
    assert Profile.objects.get(user=member).display_name == "Me"
    assert Profile.objects.get(user=other_member).display_name == ""
    assert Profile.objects.get(user=member).anonymised_at is None


def test_an_unsupported_language_in_the_profile_is_refused(client, member):
    client.force_login(member)
    response = client.post(
        reverse("hub:profile-edit"), {"preferred_language": "xx", "email_frequency": "never"}
    )
    assert response.status_code == 200
    assert Profile.objects.get(user=member).preferred_language == "en"


def test_a_double_submission_of_the_profile_is_harmless(client, member):
    client.force_login(member)
    data = {"display_name": "Twice", "preferred_language": "en", "email_frequency": "never"}
    assert client.post(reverse("hub:profile-edit"), data).status_code == 302
    assert client.post(reverse("hub:profile-edit"), data).status_code == 302
    assert Profile.objects.filter(user=member).count() == 1


def test_deleting_twice_is_harmless(client, member):
    client.force_login(member)
    client.post(reverse("hub:delete-account"), {"password": PASSWORD, "confirm": "on"})
    response = client.post(reverse("hub:delete-account"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302  # logged out: sent to log in, nothing else happens


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_password_change_form(client, member, value):
    client.force_login(member)
    data = {"oldpassword": value, "password1": value, "password2": value}
    assert_safe(client.post(reverse("account_change_password"), data), value)
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_add_email_form(client, member, value):
    client.force_login(member)
    assert_safe(client.post(reverse("account_email"), {"email": value, "action_add": ""}), value)
    assert list(member.emailaddress_set.values_list("email", flat=True)) == ["camille@example.com"]


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_reauthentication_and_second_factor_forms(client, moderator_with_totp, value):
    client.post(reverse("account_login"), {"login": "mod@example.com", "password": PASSWORD})
    assert_safe(client.post(reverse("mfa_authenticate"), {"code": value}), value)
    assert "_auth_user_id" not in client.session

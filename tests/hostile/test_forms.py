"""Every form a visitor or a member can reach, fed every hostile string: never a 500, never
an unescaped echo, and what the member typed is either kept or refused with a clear reason.

Each form class gets the whole corpus (``ALL``) directly, built as its view builds it, and what
it accepts goes through the service the view calls; one HTTP test per form sends one string of
each family (``WIRING``) through the page itself. The search and the language switch have no
form worth building, so the corpus goes through them over HTTP, one request each.
"""

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.forms import (
    AddEmailForm,
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
)
from allauth.core.context import request_context
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.base.forms import AuthenticateForm
from allauth.utils import get_form_class
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.html import escape

from hub import services, views
from hub.forms import DeleteAccountForm, ProfileForm
from hub.models import Profile
from tests.conftest import PASSWORD
from tests.hostile.corpus import ALL, NUL, WIRING, assert_escaped, assert_safe, short_id

User = get_user_model()
pytestmark = pytest.mark.django_db


def account_form(name: str, default):
    """The form class allauth's view builds for ``name`` (the project's own, if it names one in
    ACCOUNT_FORMS)."""
    return get_form_class(account_settings.FORMS, name, default)


def mfa_form(name: str, default):
    return get_form_class(mfa_settings.FORMS, name, default)


@pytest.fixture
def page_request(rf):
    """A request as a page receives it, for the forms and services that read it (allauth reads
    the current one through its context, as its middleware sets it)."""

    def build(path: str = "/", user=None, method: str = "post"):
        request = getattr(rf, method)(path)
        request.user = user or AnonymousUser()
        request.session = {}
        return request

    return build


def refused(form, value: str) -> str:
    """The form refused ``value`` with a reason, and shows the bound form without echoing it
    unescaped; returns the rendered form."""
    assert not form.is_valid()
    assert form.errors
    html = form.as_div()
    assert "errorlist" in html
    return assert_escaped(html, value)


def profile_data(**fields) -> dict:
    return {
        "display_name": "Camille",
        "bio": "",
        "preferred_language": "en",
        "email_frequency": "never",
        **fields,
    }


def save_profile(member, form) -> Profile:
    """What the profile view does with a valid form."""
    data = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
    return services.update_profile(services.get_profile(member), by=member, **data)


def public_profile(page_request, member) -> str:
    """The member's public page, rendered by its view without the HTTP round trip."""
    request = page_request(
        reverse("hub:member-profile", args=[member.username]), user=member, method="get"
    )
    response = views.member_profile(request, member.username)
    assert response.status_code == 200
    return response.content.decode()


# --- sign-up --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_the_sign_up_form_refuses_every_hostile_string_with_a_reason(value):
    form = account_form("signup", SignupForm)(
        {"username": value, "email": value, "password1": value, "password2": value}
    )
    refused(form, value)  # the view creates the account only from a valid form


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_sign_up_page_refuses_a_hostile_string_and_creates_no_account(client, home_page, value):
    users_before = User.objects.count()
    data = {"username": value, "email": value, "password1": value, "password2": value}
    response = client.post(reverse("account_signup"), data)
    assert_safe(response, value)
    assert response.status_code == 200  # refused with errors on the form
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    assert User.objects.count() == users_before


# --- log-in -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_the_log_in_form_signs_nobody_in_with_a_hostile_string(member, page_request, value):
    request = page_request(reverse("account_login"))
    with request_context(request):
        form = account_form("login", LoginForm)(
            {"login": value, "password": value}, request=request
        )
        refused(form, value)  # the view signs in only from a valid form


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_log_in_page_signs_nobody_in_with_a_hostile_string(client, member, value):
    response = client.post(reverse("account_login"), {"login": value, "password": value})
    assert_safe(response, value)
    assert "_auth_user_id" not in client.session


# --- password reset -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_the_password_reset_form_takes_a_hostile_address_safely(member, page_request, value):
    request = page_request(reverse("account_reset_password"))
    with request_context(request):
        form = account_form("reset_password", ResetPasswordForm)({"email": value})
        if form.is_valid():
            form.save(request)
        else:
            refused(form, value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_password_reset_page_takes_a_hostile_address_safely(client, member, value):
    assert_safe(client.post(reverse("account_reset_password"), {"email": value}), value)


# --- search and language switch (no form class: the page itself, one request each) --------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_search_shows_a_hostile_query_escaped(client, value):
    body = assert_safe(client.get(reverse("hub:search"), {"q": value}), value)
    if len(value) <= 200 and "\x00" not in value and value.strip():
        assert escape(value.strip()) in body


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_the_language_switch_never_redirects_off_site_on_a_hostile_value(client, value):
    response = client.post(reverse("hub:set-language"), {"language": value, "next": value})
    assert response.status_code in (302, 400, 200)
    assert not response.get("Location", "/").startswith(("javascript:", "http"))


# --- profile ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_profile_bio_is_kept_exactly_or_refused_with_the_text_still_in_the_form(
    member, page_request, value
):
    form = ProfileForm(profile_data(bio=value), instance=services.get_profile(member))
    if form.is_valid():
        profile = save_profile(member, form)
        assert Profile.objects.get(pk=profile.pk).bio == value.replace("\r\n", "\n").strip()
        assert_escaped(public_profile(page_request, member), value)
    else:
        html = refused(form, value)
        assert Profile.objects.get(user=member).bio == ""
        if value not in NUL:
            assert escape(value)[:2000] in html  # the member's text is still there to fix


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_profile_page_keeps_a_hostile_bio_exactly_or_refuses_it(client, member, value):
    client.force_login(member)
    response = client.post(reverse("hub:profile-edit"), profile_data(bio=value))
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
def test_a_display_name_is_kept_with_its_spaces_collapsed_or_refused(member, page_request, value):
    form = ProfileForm(profile_data(display_name=value), instance=services.get_profile(member))
    if form.is_valid():
        save_profile(member, form)
        assert Profile.objects.get(user=member).display_name == " ".join(value.split())
        assert_escaped(public_profile(page_request, member), value)
    else:
        refused(form, value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_profile_page_keeps_a_hostile_display_name_or_refuses_it(client, member, value):
    client.force_login(member)
    response = client.post(reverse("hub:profile-edit"), profile_data(display_name=value))
    assert_safe(response, value)
    if response.status_code == 302:
        stored = Profile.objects.get(user=member).display_name
        assert stored == " ".join(value.split())
        page = client.get(reverse("hub:member-profile", args=[member.username]))
        assert_safe(page, value)
    else:
        assert "errorlist" in response.content.decode()


# --- deleting the account -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_hostile_password_never_deletes_the_account(member, value):
    form = DeleteAccountForm({"password": value, "confirm": "on"}, user=member)
    refused(form, value)  # the view deletes only on a valid form
    assert User.objects.get(pk=member.pk).is_active


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_delete_account_page_keeps_the_account_on_a_hostile_password(client, member, value):
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


# --- password change, email addresses, second factor ----------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_hostile_password_change_leaves_the_password_as_it_was(member, value):
    form = account_form("change_password", ChangePasswordForm)(
        data={"oldpassword": value, "password1": value, "password2": value}, user=member
    )
    refused(form, value)  # the view changes the password only from a valid form
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_password_change_page_keeps_the_password_on_a_hostile_string(client, member, value):
    client.force_login(member)
    data = {"oldpassword": value, "password1": value, "password2": value}
    assert_safe(client.post(reverse("account_change_password"), data), value)
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_hostile_string_is_never_added_as_an_email_address(member, value):
    form = account_form("add_email", AddEmailForm)(data={"email": value}, user=member)
    refused(form, value)  # the view adds the address only from a valid form
    assert list(member.emailaddress_set.values_list("email", flat=True)) == ["camille@example.com"]


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_email_page_adds_no_hostile_address(client, member, value):
    client.force_login(member)
    assert_safe(client.post(reverse("account_email"), {"email": value, "action_add": ""}), value)
    assert list(member.emailaddress_set.values_list("email", flat=True)) == ["camille@example.com"]


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_hostile_second_factor_code_is_refused(moderator_with_totp, page_request, value):
    request = page_request(reverse("mfa_authenticate"))
    with request_context(request):
        form = mfa_form("authenticate", AuthenticateForm)({"code": value}, user=moderator_with_totp)
        refused(form, value)  # the view completes the log-in only from a valid form


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_second_factor_page_signs_nobody_in_with_a_hostile_code(
    client, moderator_with_totp, value
):
    client.post(reverse("account_login"), {"login": "mod@example.com", "password": PASSWORD})
    assert_safe(client.post(reverse("mfa_authenticate"), {"code": value}), value)
    assert "_auth_user_id" not in client.session

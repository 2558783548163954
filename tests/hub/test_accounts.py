import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from hub.permissions import can_post
from tests.conftest import PASSWORD
from tests.helpers import link_in

User = get_user_model()
pytestmark = pytest.mark.django_db


def sign_up(client, username="newbie", email="newbie@example.com"):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_sends_a_verification_email_and_the_account_cannot_log_in_before(
    client, home_page, committed
):
    with committed():
        response = sign_up(client)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newbie@example.com"]
    user = User.objects.get(username="newbie")
    assert not can_post(user)

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "newbie@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_the_link_in_the_email_verifies_it_and_the_member_can_post(client, home_page, committed):
    with committed():
        sign_up(client)
    link = link_in(mail.outbox[0].body, "/accounts/confirm-email/")
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    assert EmailAddress.objects.get(email="newbie@example.com").verified
    response = client.post(
        reverse("account_login"), {"login": "newbie@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert can_post(User.objects.get(username="newbie"))


def test_log_in_is_by_email(client, member):
    response = client.post(
        reverse("account_login"), {"login": "camille@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, member, committed):
    with committed():
        known = client.post(reverse("account_reset_password"), {"email": "camille@example.com"})
    with committed():
        unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The unknown address is told nothing about accounts, the known one gets its link.
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_signing_up_with_a_taken_email_gives_the_same_answer(client, member, committed):
    with committed():
        response = sign_up(client, username="someone", email="camille@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not User.objects.filter(username="someone").exists()
    # The owner of the address is told that somebody tried.
    assert mail.outbox[-1].to == ["camille@example.com"]


def test_repeated_failed_logins_lock_the_account_out_for_a_while(client, member):
    for _ in range(6):
        client.post(
            reverse("account_login"), {"login": "camille@example.com", "password": "wrong-one"}
        )
    response = client.post(
        reverse("account_login"), {"login": "camille@example.com", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_account_emails_go_out_only_after_the_transaction_commits(
    client, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sign_up(client)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_a_configured_company_sso_provider_is_offered_at_log_in(client, settings, home_page):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "company",
                    "name": "Lumio staff account",
                    "client_id": "agora",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://sso.lumio.example"},
                }
            ]
        }
    }
    body = client.get(reverse("account_login")).content.decode()
    assert "Lumio staff account" in body
    assert "/accounts/oidc/company/login/" in body

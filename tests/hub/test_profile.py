import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.models import Profile
from hub.signals import member_anonymised
from tests.conftest import PASSWORD
from tests.helpers import image_bytes

User = get_user_model()
pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "display_name": "Camille M.",
        "bio": "Fibre user in Lyon.",
        "preferred_language": "en",
        "email_frequency": "digest",
        "notify_replies": "on",
        "notify_mentions": "on",
    }
    data.update(overrides)
    return data


def test_a_new_account_gets_a_profile(member):
    assert Profile.objects.get(user=member).display_name == "Camille"


def test_the_member_edits_their_profile(client, member):
    client.force_login(member)
    response = client.post(reverse("hub:profile-edit"), profile_data())
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert (profile.display_name, profile.bio, profile.email_frequency) == (
        "Camille M.",
        "Fibre user in Lyon.",
        "digest",
    )
    assert profile.notify_follows is False


def test_an_avatar_upload_is_re_encoded_and_shown(client, member):
    client.force_login(member)
    avatar = SimpleUploadedFile("me.jpg", image_bytes("JPEG", size=(400, 300)), "image/jpeg")
    client.post(reverse("hub:profile-edit"), {**profile_data(), "avatar": avatar})
    profile = Profile.objects.get(user=member)
    assert profile.avatar.name.startswith(f"avatars/{member.pk}/")
    assert profile.avatar.width == profile.avatar.height == 256
    page = client.get(reverse("hub:member-profile", args=[member.username])).content.decode()
    assert profile.avatar.url in page


def test_a_file_that_is_not_an_image_gets_a_form_error_and_keeps_the_other_fields(client, member):
    client.force_login(member)
    fake = SimpleUploadedFile("me.png", b"MZ\x90\x00 not an image", "image/png")
    response = client.post(
        reverse("hub:profile-edit"), {**profile_data(bio="kept text"), "avatar": fake}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "not a JPEG, PNG, GIF or WebP image" in body
    assert "kept text" in body  # what the member typed is still in the form


def test_replacing_the_avatar_deletes_the_old_file(client, member, committed, settings):
    client.force_login(member)
    for _ in range(2):
        avatar = SimpleUploadedFile("me.png", image_bytes("PNG"), "image/png")
        with committed():
            response = client.post(
                reverse("hub:profile-edit"), {**profile_data(), "avatar": avatar}
            )
        assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    files = list((settings.MEDIA_ROOT / "avatars" / str(member.pk)).iterdir())
    assert [f.name for f in files] == [profile.avatar.name.rsplit("/", 1)[-1]]


def test_the_public_profile_escapes_what_the_member_wrote(client, member):
    Profile.objects.filter(user=member).update(bio="<script>alert('x')</script>")
    body = client.get(reverse("hub:member-profile", args=["camille"])).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body


def test_an_unknown_member_is_a_404(client, db):
    assert client.get(reverse("hub:member-profile", args=["nobody"])).status_code == 404


def test_profile_pages_need_a_login(client, db):
    for name in ("hub:profile-edit", "hub:export-data", "hub:delete-account"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_export_is_a_zip_of_the_members_data(client, member):
    Profile.objects.filter(user=member).update(bio="Mon bio à moi")
    client.force_login(member)
    response = client.post(reverse("hub:export-data"))
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    account = json.loads(archive.read("account.json"))
    profile = json.loads(archive.read("profile.json"))
    assert account["username"] == "camille"
    assert account["email_addresses"][0]["email"] == "camille@example.com"
    assert profile["bio"] == "Mon bio à moi"
    assert "README.txt" in archive.namelist()


def test_deleting_the_account_anonymises_it_and_ends_the_session(client, member):
    seen = []
    member_anonymised.connect(
        lambda sender, user_id, **kw: seen.append(user_id), weak=False, dispatch_uid="t"
    )
    client.force_login(member)
    avatar = SimpleUploadedFile("me.png", image_bytes("PNG"), "image/png")
    client.post(reverse("hub:profile-edit"), {**profile_data(), "avatar": avatar})
    response = client.post(reverse("hub:delete-account"), {"password": PASSWORD, "confirm": "on"})
    member_anonymised.disconnect(dispatch_uid="t")
    assert response.status_code == 302
    user = User.objects.get(pk=member.pk)  # the row stays, so threads keep their author
    assert user.username == f"deleted-{member.pk}"
    assert not user.is_active and not user.has_usable_password() and user.email == ""
    assert not EmailAddress.objects.filter(user=user).exists()
    profile = Profile.objects.get(user=user)
    assert profile.name == "Deleted member" and profile.bio == "" and not profile.avatar
    assert seen == [member.pk]
    assert client.get(reverse("hub:profile-edit")).status_code == 302  # logged out
    assert client.get(reverse("hub:member-profile", args=["camille"])).status_code == 404
    # Signing in again is impossible.
    client.post(reverse("account_login"), {"login": "camille@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_deleting_needs_the_password_and_the_confirmation(client, member):
    client.force_login(member)
    response = client.post(reverse("hub:delete-account"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "This is not your current password." in response.content.decode()
    assert User.objects.get(pk=member.pk).is_active


def test_choosing_french_is_remembered_on_the_profile(client, member, home_page):
    client.force_login(member)
    client.post(reverse("hub:set-language"), {"language": "fr", "next": "/"})
    assert Profile.objects.get(user=member).preferred_language == "fr"
    body = client.get("/").content.decode()
    assert 'lang="fr"' in body
    assert "Aller au contenu" in body


def test_a_visitor_can_switch_to_french(client, home_page):
    client.post(reverse("hub:set-language"), {"language": "fr", "next": "/"})
    assert 'lang="fr"' in client.get("/").content.decode()


def test_dates_are_localised(client, member):
    client.post(reverse("hub:set-language"), {"language": "fr", "next": "/"})
    body = client.get(reverse("hub:member-profile", args=["camille"])).content.decode()
    assert "Membre depuis" in body


def test_a_member_without_a_password_confirms_deletion_with_their_username(client, member):
    member.set_unusable_password()  # signed up through the company's single sign-on
    member.save()
    client.force_login(member)
    form = client.get(reverse("hub:delete-account")).content.decode()
    assert "Type your username to confirm" in form and 'name="password"' not in form
    refused = client.post(reverse("hub:delete-account"), {"username": "someone", "confirm": "on"})
    assert "This is not your username." in refused.content.decode()
    client.post(reverse("hub:delete-account"), {"username": "camille", "confirm": "on"})
    assert not User.objects.get(pk=member.pk).is_active

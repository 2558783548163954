"""Applying, verifying, declining, suspending and retiring experts; what members see of them."""

import io
import zipfile

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Page

from community import services as community
from demo.factories.community import AnswerFactory, QuestionFactory
from demo.factories.experts import community_manager, section_of
from demo.factories.users import VerifiedUserFactory
from experts import services
from experts.models import ExpertFollow, ExpertProfile, ExpertSectionPage, ProfileEvent
from hub.services import delete_account
from tests.helpers import image_bytes

pytestmark = pytest.mark.django_db


def application(client, **overrides):
    data = {
        "real_name": "Malik Benali",
        "job_title": "Smartphone specialist",
        "department": "Devices",
        "bio": "I test phones.",
        "links": "Blog | https://lumio.example/malik",
        "tags": "",
        "motivation": "I answer phone questions all day.",
    }
    data.update(overrides)
    return client.post("/experts/apply/", data)


def test_a_member_applies_and_the_community_manager_is_told(client, member, brand_voice, committed):
    client.force_login(member)
    with committed():
        response = application(client)
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=member)
    assert profile.state == ExpertProfile.State.APPLIED
    assert profile.links == [{"label": "Blog", "url": "https://lumio.example/malik"}]
    assert ProfileEvent.objects.filter(profile=profile, action="applied", by=member).exists()
    assert [m.to for m in mail.outbox] == [[brand_voice.email]]
    assert "Malik Benali" in mail.outbox[0].subject


def test_a_photo_goes_through_the_upload_pipeline(client, member):
    client.force_login(member)
    photo = SimpleUploadedFile("me.gif", image_bytes("GIF", size=(900, 600)), "image/gif")
    assert application(client, photo=photo).status_code == 302
    profile = ExpertProfile.objects.get(user=member)
    assert profile.photo.name.endswith(".png")  # re-encoded, never the uploaded name
    assert "me" not in profile.photo.name.rsplit("/", 1)[-1]
    assert profile.photo.width == profile.photo.height == 512


def test_a_file_that_is_not_an_image_is_refused_with_the_text_kept(client, member):
    client.force_login(member)
    fake = SimpleUploadedFile("me.png", b"<?php echo 1; ?>", "image/png")
    response = application(client, photo=fake, bio="Keep this text")
    assert response.status_code == 400
    assert "not a JPEG, PNG, GIF or WebP image" in response.content.decode()
    assert "Keep this text" in response.content.decode()
    assert not ExpertProfile.objects.filter(user=member).exists()


def test_unknown_expertise_tags_are_refused(client, member):
    client.force_login(member)
    response = application(client, tags="5g notatag")
    assert response.status_code == 400
    assert "notatag" in response.content.decode()


def test_an_employee_signing_in_with_the_company_sso_gets_a_prefilled_application(
    client, member, settings
):
    settings.AGORA_COMPANY_SSO_PROVIDER = "company"
    SocialAccount.objects.create(
        user=member,
        provider="company",
        uid="abc",
        extra_data={"name": "Camille Martin", "job_title": "Fibre technician"},
    )
    client.force_login(member)
    page = client.get("/experts/apply/").content.decode()
    assert 'value="Camille Martin"' in page
    assert 'value="Fibre technician"' in page
    assert "Signed in with the company account" in page


def test_an_employee_email_domain_is_recorded_as_evidence(client, settings):
    settings.AGORA_COMPANY_EMAIL_DOMAINS = ["lumio.example"]
    employee = VerifiedUserFactory(username="emp", email="emp@lumio.example")
    client.force_login(employee)
    application(client)
    assert "lumio.example" in ExpertProfile.objects.get(user=employee).employee_evidence


def test_verification_creates_the_section_and_grants_the_brand_voice(
    member, brand_voice, committed, topic
):
    profile = services.apply(member, real_name="Camille Martin", job_title="Fibre technician")
    with committed():
        services.verify(profile, by=brand_voice)
    profile.refresh_from_db()
    assert profile.state == ExpertProfile.State.VERIFIED
    assert profile.verified_by == brand_voice and profile.verified_at
    section = section_of(profile)
    assert section.live and section.url == f"/experts/{profile.slug}/"
    assert member.groups.filter(name="Experts").exists()
    assert section.permissions_for_user(member).can_add_subpage()
    assert "You are now a verified expert" in mail.outbox[-1].subject


def test_nobody_verifies_themselves(brand_voice):
    own = services.apply(brand_voice, real_name="Sarah", job_title="Community manager")
    with pytest.raises(PermissionDenied):
        services.verify(own, by=brand_voice)


def test_a_member_cannot_verify_anyone(member, other_member):
    profile = services.apply(other_member, real_name="Jonas", job_title="Technician")
    with pytest.raises(PermissionDenied):
        services.verify(profile, by=member)


def test_declining_needs_a_reason_which_the_applicant_reads_in_their_language(
    member, brand_voice, committed
):
    member.profile.preferred_language = "fr"
    member.profile.save()
    profile = services.apply(member, real_name="Camille", job_title="Technician")
    with pytest.raises(ValidationError):
        services.decline(profile, by=brand_voice, reason="  ")
    with committed():
        services.decline(profile, by=brand_voice, reason="<b>Not an employee</b>")
    message = mail.outbox[-1]
    assert "Not an employee" in message.body and "Motif" in message.body
    assert "<b>Not an employee</b>" not in message.alternatives[0][0]  # escaped in HTML


def test_the_community_manager_decides_in_the_admin(admin_client, member):
    profile = services.apply(member, real_name="Camille", job_title="Technician")
    listing = admin_client.get("/admin/experts/profiles/").content.decode()
    assert "Camille" in listing and f"/admin/experts/profiles/decide/{profile.pk}/" in listing
    page = admin_client.get(f"/admin/experts/profiles/decide/{profile.pk}/")
    assert page.status_code == 200
    admin_client.post(
        f"/admin/experts/profiles/decide/{profile.pk}/",
        {"action": "decline", "decline-reason": "Tell us your role first."},
    )
    profile.refresh_from_db()
    assert profile.state == "declined" and profile.decision_reason == "Tell us your role first."


def test_a_brand_voice_answer_shows_real_name_title_and_badge(client, expert, topic, member):
    question = QuestionFactory(author=member, topic=topic)
    community.post_answer(question, author=expert.user, body="Restart the phone in airplane mode.")
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Inès Haddad" in page and "Network engineer" in page and "Verified expert" in page
    assert f'href="/experts/{expert.slug}/"' in page


def test_a_brand_voice_says_an_answer_is_a_personal_opinion(client, expert, topic, member):
    question = QuestionFactory(author=member, topic=topic)
    client.force_login(expert.user)
    client.post(
        f"/questions/{question.pk}/answer/",
        {"body": "I would wait for the update.", "stance": "personal"},
    )
    answer = question.answers.get()
    assert answer.personal and answer.by_brand
    assert "Personal opinion" in client.get(question.get_absolute_url()).content.decode()


def test_a_brand_voice_answers_officially_in_one_step(client, expert, topic, member):
    question = QuestionFactory(author=member, topic=topic)
    client.force_login(expert.user)
    client.post(
        f"/questions/{question.pk}/answer/",
        {"body": "The mast is being repaired.", "stance": "official"},
    )
    question.refresh_from_db()
    assert question.official_answer.author == expert.user


def test_listings_and_search_show_who_gave_the_official_answer(client, expert, topic, member):
    question = QuestionFactory(author=member, topic=topic, title="Coverage in Lyon 3e")
    answer = AnswerFactory(question=question, author=expert.user, by_brand=True)
    community.mark_official(answer, by=expert.user)
    listing = client.get("/questions/").content.decode()
    assert "Official answer by" in listing and "Inès Haddad" in listing
    results = client.get("/search/?q=coverage").content.decode()
    assert "Inès Haddad" in results and "Network engineer" in results


def test_an_answer_email_names_the_expert_with_their_title(expert, topic, member, committed):
    question = QuestionFactory(author=member, topic=topic)
    with committed():
        community.post_answer(question, author=expert.user, body="Try Wi-Fi calling.")
    assert "Inès Haddad, Network engineer (Verified expert)" in mail.outbox[-1].subject


def test_a_departed_expert_keeps_their_content_and_followers_learn_who_takes_over(
    client, expert, other_expert, topic, member, committed
):
    question = QuestionFactory(author=member, topic=topic)
    AnswerFactory(question=question, author=expert.user, by_brand=True)
    ExpertFollow.objects.create(user=member, expert=expert)
    routed = QuestionFactory(author=member, topic=topic, title="Still no 5G in Lyon")
    services.route_question(routed)
    with committed():
        services.depart(expert, by=community_manager(), successor=other_expert)
    expert.refresh_from_db()
    assert expert.state == "departed" and expert.successor == other_expert
    assert not expert.user.groups.filter(name="Experts").exists()
    # Past content stays attributed to them, marked as a former expert.
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Inès Haddad" in page and "Former expert" in page
    # Their open routed question and their section go to the successor.
    assert other_expert.routes.filter(question=routed, state="open", via="successor").exists()
    section = section_of(expert)
    assert section.permissions_for_user(other_expert.user).can_add_subpage()
    assert not section.permissions_for_user(expert.user).can_add_subpage()
    # Followers are told.
    told = [m for m in mail.outbox if m.to == [member.email] and "has left" in m.subject]
    assert told and "Claire Dubois" in told[0].body
    profile_page = client.get(section.url).content.decode()
    assert "has left the company" in profile_page and "Claire Dubois" in profile_page


def test_suspension_removes_the_voice_and_reroutes(
    expert, other_expert, topic, member, brand_voice
):
    other_expert.topics.add(topic)
    question = QuestionFactory(author=member, topic=topic)
    [route] = services.route_question(question)
    services.suspend(route.expert, by=brand_voice, reason="Left the team for now")
    assert not route.expert.user.groups.filter(name="Experts").exists()
    assert question.__class__.objects.get(pk=question.pk)
    assert ExpertProfile.objects.get(pk=route.expert_id).state == "suspended"
    assert (
        other_expert.routes.filter(question=question, state="open").exists()
        or route.expert == other_expert
    )


def test_the_directory_lists_verified_experts_only(client, expert, member, topic):
    services.apply(member, real_name="Camille Applicant", job_title="Technician")
    page = client.get("/experts/").content.decode()
    assert "Inès Haddad" in page and "Camille Applicant" not in page
    filtered = client.get(f"/experts/?topic={topic.pk}&q=network").content.decode()
    assert "Inès Haddad" in filtered
    assert "Inès Haddad" not in client.get("/experts/?q=billing").content.decode()


def test_an_expert_profile_shows_their_figures(client, expert, topic, member):
    question = QuestionFactory(author=member, topic=topic)
    answer = AnswerFactory(question=question, author=expert.user, by_brand=True)
    community.accept_answer(answer, by=member)
    page = client.get(f"/experts/{expert.slug}/").content.decode()
    assert "Answers given" in page and "Accepted answers" in page
    assert question.title in page


def test_reserved_addresses_are_never_an_expert_slug(db):
    assert services.unique_slug("Inbox") == "inbox-expert"
    assert services.unique_slug("Apply") == "apply-expert"


def test_verified_sections_live_under_the_directory(expert):
    section = section_of(expert)
    assert Page.objects.get(pk=section.get_parent().pk).slug == "experts"
    assert ExpertSectionPage.objects.filter(expert=expert).count() == 1
    assert Group.objects.filter(name=f"Expert section: {expert.slug}").exists()


def test_an_expert_who_deletes_their_account_is_no_longer_named(client, expert, topic, member):
    question = QuestionFactory(author=member, topic=topic)
    AnswerFactory(question=question, author=expert.user, by_brand=True)
    delete_account(expert.user, by=expert.user)
    expert.refresh_from_db()
    assert expert.state == "departed" and expert.real_name == "" and not expert.photo
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Inès Haddad" not in page and "Deleted member" in page
    assert "Inès Haddad" not in client.get(section_of(expert).url).content.decode()


def test_the_data_export_holds_the_expert_profile(client, expert):
    client.force_login(expert.user)
    response = client.post("/accounts/export/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    profile = next(n for n in names if n.endswith("expert_profile.json"))
    assert "Network engineer" in archive.read(profile).decode()


def test_an_expert_updates_their_photo_bio_and_links(client, expert, member):
    client.force_login(expert.user)
    assert client.get("/experts/profile/").status_code == 200
    photo = SimpleUploadedFile("face.jpg", image_bytes("JPEG", size=(300, 400)), "image/jpeg")
    response = client.post(
        "/experts/profile/",
        {"bio": "Radio planner since 2014.", "links": "https://lumio.example/ines", "photo": photo},
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.bio == "Radio planner since 2014." and expert.photo
    assert expert.links == [
        {"label": "https://lumio.example/ines", "url": "https://lumio.example/ines"}
    ]
    page = client.get(f"/experts/{expert.slug}/").content.decode()
    assert expert.photo.url in page and "Radio planner since 2014." in page
    client.force_login(member)
    assert client.get("/experts/profile/").status_code == 404


def test_an_experts_own_links_must_be_web_addresses(client, expert):
    client.force_login(expert.user)
    response = client.post("/experts/profile/", {"bio": "", "links": "Bad | javascript:alert(1)"})
    assert response.status_code == 400
    expert.refresh_from_db()
    assert expert.links == []


def test_a_profile_cannot_be_moved_to_another_account_in_the_admin(admin_client, expert, member):
    data = {
        "user": member.pk,
        "real_name": "Inès Haddad",
        "job_title": "Senior network engineer",
        "department": "Radio network",
        "kind": "expert",
        "bio": "",
        "links": "",
    }
    response = admin_client.post(f"/admin/experts/profiles/edit/{expert.pk}/", data)
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.user_id != member.pk and expert.job_title == "Senior network engineer"


def test_a_brand_voices_member_profile_shows_their_identity(client, expert):
    page = client.get(f"/members/{expert.user.username}/").content.decode()
    assert "Verified expert" in page and "Network engineer" in page
    assert f'href="/experts/{expert.slug}/"' in page

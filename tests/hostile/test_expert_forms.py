"""The hostile corpus through every experts form: the application (each field), article
comments, the inbox's decline and reassign reasons, the community manager's decisions, the
admin profile editor and the article editor's fields. Never a 500, never an unescaped echo, and
what is stored shows escaped wherever it appears (profile, byline, emails)."""

import pytest
from django.core import mail
from django.utils.html import escape

from demo.factories.community import QuestionFactory
from experts import services
from experts.models import ExpertProfile
from tests.experts.test_sections_and_articles import comment_data, comments_of
from tests.hostile.corpus import ALL, XSS, short_id
from tests.hostile.test_forms import assert_safe

pytestmark = pytest.mark.django_db


# Free-text fields take the value together; fields with their own validation take it alone, so
# that one refusal never hides what another field would have shown.
APPLICATION_FIELDS = [
    ("real_name", "job_title", "department", "bio", "motivation"),
    ("links",),
    ("tags",),
]


@pytest.mark.parametrize("fields", APPLICATION_FIELDS, ids="+".join)
@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_application_form(client, established, brand_voice, fields, value):
    data = {
        "real_name": "Malik Benali",
        "job_title": "Smartphone specialist",
        "department": "",
        "bio": "",
        "links": "",
        "tags": "",
        "motivation": "I know phones.",
    }
    data.update(dict.fromkeys(fields, value))
    client.force_login(established)
    response = client.post("/experts/apply/", data)
    assert_safe(response, value)
    profile = ExpertProfile.objects.filter(user=established).first()
    if profile is None:
        assert response.status_code == 400
        return
    stored = f"{profile.real_name}{profile.job_title}{profile.department}{profile.bio}"
    assert "\x00" not in stored
    services.verify(profile, by=brand_voice)
    assert_safe(client.get(f"/experts/{profile.slug}/"), value)
    assert_safe(client.get("/experts/"), value)


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_article_comment_form(client, expert, article_factory, established, value, committed):
    article = article_factory(expert=expert)
    client.force_login(established)
    with committed():
        response = client.post(
            f"/experts/articles/{article.pk}/comment/", comment_data(article, value)
        )
    assert_safe(response, value)
    stored = comments_of(article).first()
    if stored is not None:
        assert "\x00" not in stored.comment
        assert_safe(client.get(article.url), value)
        for message in mail.outbox:
            if value in XSS and escape(value) != value:
                assert value not in message.alternatives[0][0]
    else:
        assert response.status_code in (400, 403, 429)


@pytest.mark.parametrize("action", ["decline", "reassign"])
@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_inbox_reasons(client, expert, other_expert, topic, established, action, value):
    [route] = services.route_question(QuestionFactory(author=established, topic=topic))
    client.force_login(expert.user)
    data = {"action": action, "reason": value, "expert": other_expert.pk}
    response = client.post(f"/experts/inbox/{route.pk}/", data)
    assert_safe(response, value)
    route.refresh_from_db()
    if route.state != "open":
        assert "\x00" not in route.reason
        assert_safe(client.get("/experts/inbox/"), value)


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_decline_reason_in_the_admin_and_the_email(admin_client, member, value, committed):
    profile = services.apply(member, real_name="Camille", job_title="Technician")
    with committed():
        response = admin_client.post(
            f"/admin/experts/profiles/decide/{profile.pk}/",
            {"action": "decline", "decline-reason": value},
        )
    assert response.status_code < 500
    profile.refresh_from_db()
    if profile.state == "declined":
        assert "\x00" not in profile.decision_reason
        client_page = admin_client.get(f"/admin/experts/profiles/decide/{profile.pk}/")
        assert_safe(client_page, value)
        html = mail.outbox[-1].alternatives[0][0]
        if value in XSS and escape(value) != value:
            assert value not in html


@pytest.mark.parametrize("fields", [("real_name", "job_title", "bio"), ("links",)], ids="+".join)
@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_admin_profile_editor(admin_client, expert, fields, value):
    data = {
        "user": expert.user_id,
        "real_name": expert.real_name,
        "job_title": expert.job_title,
        "department": "",
        "kind": "expert",
        "bio": "",
        "links": "",
        "topics": [],
        "tags": [],
    }
    data.update(dict.fromkeys(fields, value))
    response = admin_client.post(f"/admin/experts/profiles/edit/{expert.pk}/", data)
    assert_safe(response, value)
    expert.refresh_from_db()
    assert "\x00" not in expert.real_name + expert.job_title + expert.bio
    assert_safe(admin_client.get(f"/experts/{expert.slug}/"), value)


@pytest.mark.parametrize("value", [*XSS[:4], "x" * 100_000], ids=short_id)
def test_article_editor_fields(expert, article_factory, client, value):
    """What an expert types in the editor's plain fields shows escaped on the article. (NUL
    never gets that far: Django's form fields refuse it in the editor.)"""
    article = article_factory(expert=expert, title=value[:255], intro=value[:300])
    assert_safe(client.get(article.url), value[:255])
    assert_safe(client.get(f"/experts/{expert.slug}/"), value[:255])


@pytest.mark.parametrize("field", ["bio", "links"])
@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_own_profile_form(client, expert, field, value):
    client.force_login(expert.user)
    response = client.post("/experts/profile/", {"bio": "", "links": "", field: value})
    assert_safe(response, value)
    expert.refresh_from_db()
    assert "\x00" not in expert.bio
    assert_safe(client.get(f"/experts/{expert.slug}/"), value)

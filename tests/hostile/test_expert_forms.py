"""The hostile corpus through every experts form: the application (each field), article
comments, the inbox's decline and reassign reasons, the community manager's decisions, the
admin profile editor and the article editor's fields. Never a 500, never an unescaped echo, and
what is stored shows escaped wherever it appears (profile, byline, emails).

Every hostile string goes to the form class each page uses and, when the form takes it, to the
service the page calls, and what is stored is checked (and rendered, where the hub renders it
with an include or a renderer of its own); one string of each family goes through the pages
themselves, which prove the wiring and show what was stored escaped."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.http import urlencode
from django_comments import get_form

from community.limits import RateLimited
from community.models import TopicPage
from demo.factories.community import QuestionFactory, TopicPageFactory
from demo.factories.experts import ArticlePageFactory, make_expert
from demo.factories.users import VerifiedUserFactory
from experts import services
from experts.comments import comments_for, comments_html
from experts.forms import ApplicationForm, OwnProfileForm, ReasonForm, ReassignForm, links_text
from experts.models import ArticlePage, ExpertProfile
from experts.services import article_comments, verification
from hub.identity import identity_of
from tests.experts.test_sections_and_articles import comment_data, comments_of
from tests.helpers import admin_form_class
from tests.hostile.corpus import ALL, WIRING, XSS, assert_escaped, assert_safe, short_id

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def experts(django_db_setup, django_db_blocker):
    """A topic, two verified experts (each with a section) and an article, built once for the
    module: Wagtail pages take a good part of a second each. Each test runs in a savepoint
    inside this transaction, as with Django's setUpTestData; the module rolls it back."""
    with django_db_blocker.unblock(), transaction.atomic():
        topic = TopicPageFactory(title="Network and coverage", slug="network")
        ines = VerifiedUserFactory(username="ines", email="ines@example.com", display_name="Inès")
        expert = make_expert(
            ines, real_name="Inès Haddad", job_title="Network engineer", topics=[topic], tags=["5g"]
        )
        claire = VerifiedUserFactory(username="claire", email="claire@example.com")
        other = make_expert(
            claire, real_name="Claire Dubois", job_title="Billing advisor", tags=["billing"]
        )
        article = ArticlePageFactory(expert=expert)
        yield SimpleNamespace(
            topic=topic.pk, expert=expert.pk, other_expert=other.pk, article=article.pk
        )
        transaction.set_rollback(True)


@pytest.fixture
def topic(experts):
    return TopicPage.objects.get(pk=experts.topic)


@pytest.fixture
def expert(experts):
    """A verified network engineer whose areas are the topic and the 5g tag."""
    return ExpertProfile.objects.get(pk=experts.expert)


@pytest.fixture
def other_expert(experts):
    return ExpertProfile.objects.get(pk=experts.other_expert)


@pytest.fixture
def article(experts):
    return ArticlePage.objects.get(pk=experts.article)


@pytest.fixture
def superuser(db):
    user = VerifiedUserFactory(username="root", email="root@example.com")
    user.is_superuser = user.is_staff = True
    user.save()
    return user


def as_posted(data: dict) -> QueryDict:
    """``data`` as a browser posts it (a list is one value per item, an empty one nothing)."""
    return QueryDict(urlencode(data, doseq=True))


def rendered_form(form) -> str:
    """A public form as the experts' pages show it: the error summary, then the fields."""
    return render_to_string("includes/form_errors.html", {"form": form}) + render_to_string(
        "experts/includes/fields.html", {"form": form}
    )


def assert_email_escaped(message, value: str) -> None:
    if value in XSS and escape(value) != value:
        assert value not in message.alternatives[0][0]


# --- the application ---------------------------------------------------------------------------

# Free-text fields take the value together; fields with their own validation take it alone, so
# that one refusal never hides what another field would have shown.
APPLICATION_FIELDS = [
    ("real_name", "job_title", "department", "bio", "motivation"),
    ("links",),
    ("tags",),
]


def application_data(fields, value: str) -> dict:
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
    return data


@pytest.mark.parametrize("fields", APPLICATION_FIELDS, ids="+".join)
@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_an_application_is_stored_without_control_characters_or_refused_with_its_text_escaped(
    established, fields, value
):
    form = ApplicationForm(
        application_data(fields, value), {}, initial=verification.prefill_for(established)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.apply(
                established,
                real_name=data["real_name"],
                job_title=data["job_title"],
                department=data["department"],
                bio=data["bio"],
                motivation=data["motivation"],
                links=data["links"],
                topics=data["topics"],
                tags=data["tags"],
                photo=data["photo"] or None,
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
    profile = ExpertProfile.objects.filter(user=established).first()
    if profile is None:
        assert form.errors
        assert_escaped(rendered_form(form), value)
        return
    stored = f"{profile.real_name}{profile.job_title}{profile.department}{profile.bio}"
    assert "\x00" not in stored


@pytest.mark.parametrize("fields", APPLICATION_FIELDS, ids="+".join)
@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_application_page_stores_or_refuses_it_and_the_profile_shows_it_escaped(
    client, established, brand_voice, fields, value
):
    client.force_login(established)
    response = client.post("/experts/apply/", application_data(fields, value))
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


# --- comments on articles ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_an_article_comment_is_stored_without_control_characters_and_shown_escaped(
    rf, article, established, value, committed
):
    request = rf.post(f"/experts/articles/{article.pk}/comment/")
    request.user = established
    # What the view adds to the posted form before it binds it.
    data = comment_data(article, value)
    data.update(name=established.get_username()[:50], email=established.email, url="")
    form = get_form()(article, data=data)
    refusal = None
    if form.is_valid():
        try:
            with committed():
                article_comments.post_article_comment(
                    article, author=established, form=form, request=request
                )
        except (RateLimited, PermissionDenied, ValidationError) as error:
            refusal = error
    else:
        assert form.errors
        assert_escaped(form.as_div(), value)
    stored = comments_of(article).first()
    if stored is None:
        assert form.errors or refusal
        return
    assert "\x00" not in stored.comment
    shown = comments_for(article, established, moderator=False)
    assert_escaped(comments_html(request, article, shown, moderator=False), value)
    for message in mail.outbox:
        assert_email_escaped(message, value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_comment_form_of_an_article_stores_or_refuses_the_comment_and_escapes_it(
    client, article, established, value, committed
):
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
            assert_email_escaped(message, value)
    else:
        assert response.status_code in (400, 403, 429)


# --- the expert's inbox ------------------------------------------------------------------------


def route_action_form(action: str, data: dict, route):
    """The form of the inbox page's action, bound as the page binds it."""
    if action == "decline":
        return ReasonForm(data)
    return ReassignForm(data, exclude=route.expert_id)


@pytest.mark.parametrize("action", ["decline", "reassign"])
@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_an_inbox_reason_is_stored_without_control_characters_or_refused(
    expert, other_expert, topic, established, action, value
):
    [route] = services.route_question(QuestionFactory(author=established, topic=topic))
    form = route_action_form(
        action, {"action": action, "reason": value, "expert": other_expert.pk}, route
    )
    refusal = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "decline":
                services.decline_route(route, by=expert.user, reason=data["reason"])
            else:
                services.reassign_route(
                    route, by=expert.user, to=data["expert"], reason=data["reason"]
                )
        except (PermissionDenied, ValidationError) as error:
            refusal = error
    route.refresh_from_db()
    if route.state != "open":
        assert "\x00" not in route.reason
    else:
        assert form.errors or refusal
        assert_escaped(rendered_form(form), value)


@pytest.mark.parametrize("action", ["decline", "reassign"])
@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_inbox_page_declines_or_reassigns_with_a_reason_shown_escaped(
    client, expert, other_expert, topic, established, action, value
):
    [route] = services.route_question(QuestionFactory(author=established, topic=topic))
    client.force_login(expert.user)
    data = {"action": action, "reason": value, "expert": other_expert.pk}
    response = client.post(f"/experts/inbox/{route.pk}/", data)
    assert_safe(response, value)
    route.refresh_from_db()
    if route.state != "open":
        assert "\x00" not in route.reason
        assert_safe(client.get("/experts/inbox/"), value)


# --- the community manager's decisions ---------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_decline_reason_is_stored_and_emailed_without_control_characters_or_refused(
    superuser, member, value, committed
):
    profile = services.apply(member, real_name="Camille", job_title="Technician")
    # The decide page binds each decision's form under its own prefix.
    form = ReasonForm({"action": "decline", "decline-reason": value}, prefix="decline")
    if not form.is_valid():
        assert form.errors
        assert_escaped(form.as_div(), value)
        return
    with committed():
        services.decline(profile, by=superuser, reason=form.cleaned_data["reason"])
    profile.refresh_from_db()
    assert profile.state == "declined"
    assert "\x00" not in profile.decision_reason
    assert_email_escaped(mail.outbox[-1], value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_decide_page_declines_with_a_reason_shown_escaped_in_the_admin_and_the_email(
    admin_client, member, value, committed
):
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
        assert_email_escaped(mail.outbox[-1], value)


# --- the admin profile editor ------------------------------------------------------------------

ADMIN_PROFILE_FIELDS = [("real_name", "job_title", "bio"), ("links",)]


def admin_profile_data(expert, fields, value: str) -> dict:
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
    return data


@pytest.mark.parametrize("fields", ADMIN_PROFILE_FIELDS, ids="+".join)
@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_the_admin_profile_editor_stores_clean_text_or_refuses_it_and_the_byline_escapes_it(
    superuser, expert, fields, value
):
    form_class = admin_form_class("experts_profiles", for_update=True)
    data = as_posted(admin_profile_data(expert, fields, value))
    form = form_class(data=data, files={}, instance=expert, for_user=superuser)
    if form.is_valid():
        form.save()
    else:
        assert form.errors
        assert_escaped(form.as_div(), value)
    expert.refresh_from_db()
    assert "\x00" not in expert.real_name + expert.job_title + expert.bio
    # The expert's byline on every answer and article: name, title and department.
    byline = render_to_string(
        "experts/includes/identity_block.html", {"identity": identity_of(expert.user_id)}
    )
    assert_escaped(byline, value)


@pytest.mark.parametrize("fields", ADMIN_PROFILE_FIELDS, ids="+".join)
@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_admin_profile_editor_page_keeps_the_public_profile_escaped(
    admin_client, expert, fields, value
):
    response = admin_client.post(
        f"/admin/experts/profiles/edit/{expert.pk}/", admin_profile_data(expert, fields, value)
    )
    assert_safe(response, value)
    expert.refresh_from_db()
    assert "\x00" not in expert.real_name + expert.job_title + expert.bio
    assert_safe(admin_client.get(f"/experts/{expert.slug}/"), value)


# --- the article editor ------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*XSS[:4], "x" * 100_000], ids=short_id)
def test_what_an_expert_types_in_the_article_editor_shows_escaped(
    expert, article_factory, client, value
):
    """What an expert types in the editor's plain fields shows escaped on the article. (NUL
    never gets that far: Django's form fields refuse it in the editor.)"""
    article = article_factory(expert=expert, title=value[:255], intro=value[:300])
    assert_safe(client.get(article.url), value[:255])
    assert_safe(client.get(f"/experts/{expert.slug}/"), value[:255])


# --- the expert's own profile ------------------------------------------------------------------


@pytest.mark.parametrize("field", ["bio", "links"])
@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_an_experts_own_profile_is_stored_without_control_characters_or_refused(
    expert, field, value
):
    initial = {"bio": expert.bio, "links": links_text(expert.links)}
    form = OwnProfileForm({"bio": "", "links": "", field: value}, {}, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        verification.update_own_profile(
            expert,
            by=expert.user,
            bio=data["bio"],
            links=data["links"],
            photo=data["photo"] or None,
        )
    else:
        assert form.errors
        assert_escaped(rendered_form(form), value)
    expert.refresh_from_db()
    assert "\x00" not in expert.bio


@pytest.mark.parametrize("field", ["bio", "links"])
@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_own_profile_page_stores_or_refuses_it_and_the_profile_shows_it_escaped(
    client, expert, field, value
):
    client.force_login(expert.user)
    response = client.post("/experts/profile/", {"bio": "", "links": "", field: value})
    assert_safe(response, value)
    expert.refresh_from_db()
    assert "\x00" not in expert.bio
    assert_safe(client.get(f"/experts/{expert.slug}/"), value)

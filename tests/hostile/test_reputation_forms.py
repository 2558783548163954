"""The hostile corpus through the reputation forms: tags edited by a regular, the reason a
community manager gives for revoking an ambassador (shown to the member), the member lookup of
the reputation pages and the leaderboard's period. Never a 500, never an unescaped echo.

The tags and revoke forms get the whole corpus (``ALL``) as their views build them, what they
accept goes through the reputation services, and what the member then reads is rendered; one
HTTP test per form sends one string of each family (``WIRING``) through the pages. The member
lookup and the leaderboard read the query string without a form, so the corpus goes through
them over HTTP.
"""

import pytest
from django.core.paginator import Paginator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from community import queries, services
from community.forms import RevokeForm, TagsForm
from community.models import Level, Notification, Question, Standing
from community.reputation import ambassadors
from demo.factories.community import QuestionFactory, TopicPageFactory, mark_established
from demo.factories.experts import community_manager
from demo.factories.users import VerifiedUserFactory
from moderation.models import AuditEntry
from tests.helpers import admin_login
from tests.hostile.corpus import ALL, WIRING, assert_escaped, short_id
from tests.hostile.test_forms import assert_safe

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def page_tree(django_db_setup, django_db_blocker):
    """The home page, the community index and a topic for the questions, built once for the
    module in a transaction rolled back at its end (what Django's setUpTestData does): building
    the page tree costs more than most tests here, and each test still rolls back its own
    changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield TopicPageFactory(title="Network and coverage", slug="network").pk
        transaction.set_rollback(True)


@pytest.fixture
def regular(db):
    user = VerifiedUserFactory(username="regular")
    mark_established(user)
    Standing.objects.filter(user=user).update(level=Level.REGULAR)
    return user


@pytest.fixture
def star(db):
    """An ambassador."""
    user = VerifiedUserFactory(username="star")
    mark_established(user)
    Standing.objects.filter(user=user).update(
        level=Level.AMBASSADOR, ambassador_since=timezone.now()
    )
    return user


@pytest.fixture
def member_request(rf):
    def build(user, path: str):
        request = rf.get(path)
        request.user = user
        return request

    return build


def revocable(value: str) -> bool:
    """A reason the revoke form takes: not blank, no NUL, at most 1,000 characters."""
    return bool(value.strip()) and "\x00" not in value and len(value) <= 1000


def notifications_html(request) -> str:
    """The member's notifications page, rendered as its view renders it."""
    page_obj = Paginator(queries.notifications_for(request.user), 20).get_page(1)
    return render_to_string(
        "community/notifications.html",
        {
            "page_obj": page_obj,
            "notifications": queries.with_actor_identities(page_obj.object_list),
            "follows": queries.follows_of(request.user),
        },
        request=request,
    )


# --- tags ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_hostile_tags_from_a_regular_are_stored_harmless_or_refused(regular, value):
    question = QuestionFactory(tags=["wifi"])
    form = TagsForm({"tags": value})
    if form.is_valid():
        services.retag_question(question, by=regular, tags=form.cleaned_data["tags"])
    else:
        # The view tells why in a message above the question.
        assert form.errors["tags"]
        assert_escaped(" ".join(form.errors["tags"]), value)
    for name in question.tags.values_list("name", flat=True):
        assert "<" not in name and "\x00" not in name
    question = Question.objects.get(pk=question.pk)
    row = render_to_string("community/includes/question_row.html", {"question": question})
    assert_escaped(row, value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_question_page_takes_hostile_tags_from_a_regular_safely(client, regular, value):
    question = QuestionFactory(tags=["wifi"])
    client.force_login(regular)
    response = client.post(
        reverse("community:question-tags", args=[question.pk]), {"tags": value}, follow=True
    )
    assert_safe(response, value)
    for name in question.tags.values_list("name", flat=True):
        assert "<" not in name and "\x00" not in name


# --- revoking an ambassador ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_hostile_reason_for_revoking_an_ambassador_reaches_the_member_escaped(
    star, member_request, value
):
    form = RevokeForm({"reason": value})
    if form.is_valid():
        ambassadors.revoke_ambassador(
            star, by=community_manager(), reason=form.cleaned_data["reason"]
        )
    else:
        assert form.errors
        assert_escaped(form.as_div(), value)  # the page shows the form again
    standing = Standing.objects.get(user=star)
    if revocable(value):
        assert standing.ambassador_since is None
        assert AuditEntry.objects.filter(action="revoke", subject=star).exists()
        page = notifications_html(member_request(star, reverse("community:notifications")))
        assert_escaped(page, value)
        assert Notification.objects.filter(recipient=star, kind="level").exists()
    else:
        assert standing.ambassador_since is not None


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_reputation_page_revokes_an_ambassador_with_a_hostile_reason_safely(
    client, star, value
):
    admin_login(client, community_manager())
    url = reverse("reputation:member", args=[star.pk])
    response = client.post(url, {"reason": value}, follow=True)
    assert_safe(response, value)
    standing = Standing.objects.get(user=star)
    if revocable(value):
        assert standing.ambassador_since is None
        assert AuditEntry.objects.filter(action="revoke", subject=star).exists()
        client.force_login(star)
        page = client.get(reverse("community:notifications"))
        assert_safe(page, value)
        assert Notification.objects.filter(recipient=star, kind="level").exists()
    else:
        assert standing.ambassador_since is not None


# --- the member lookup and the leaderboard (no form class: the pages themselves) ----------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_the_member_lookup_and_the_leaderboard_period_take_a_hostile_value_safely(client, value):
    admin_login(client, community_manager())
    assert_safe(client.get(reverse("reputation:index"), {"member": value}), value)
    assert_safe(client.get(reverse("community:leaderboard"), {"period": value}), value)


def test_a_forged_member_id_answers_404_and_members_cannot_read_the_pages(client, regular):
    admin_login(client, community_manager())
    assert client.get(reverse("reputation:member", args=[999999])).status_code == 404
    client.force_login(regular)
    assert client.get(reverse("reputation:index")).status_code in (302, 403)
    assert client.post(
        reverse("reputation:member", args=[regular.pk]), {"reason": "x"}
    ).status_code in (302, 403)

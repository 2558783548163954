"""The hostile corpus through the reputation forms: tags edited by a regular, the reason a
community manager gives for revoking an ambassador (shown to the member), the member lookup of
the reputation pages and the leaderboard's period. Never a 500, never an unescaped echo."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Level, Notification, Standing
from demo.factories.community import QuestionFactory, mark_established
from demo.factories.experts import community_manager
from demo.factories.users import VerifiedUserFactory
from moderation.models import AuditEntry
from tests.helpers import admin_login
from tests.hostile.corpus import ALL, short_id
from tests.hostile.test_forms import assert_safe

pytestmark = pytest.mark.django_db


@pytest.fixture
def regular(db):
    user = VerifiedUserFactory(username="regular")
    mark_established(user)
    Standing.objects.filter(user=user).update(level=Level.REGULAR)
    return user


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_tags_edited_by_a_regular(client, regular, value):
    question = QuestionFactory(tags=["wifi"])
    client.force_login(regular)
    response = client.post(
        reverse("community:question-tags", args=[question.pk]), {"tags": value}, follow=True
    )
    assert_safe(response, value)
    for name in question.tags.values_list("name", flat=True):
        assert "<" not in name and "\x00" not in name


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_the_reason_for_revoking_an_ambassador(client, value):
    star = VerifiedUserFactory(username="star")
    mark_established(star)
    Standing.objects.filter(user=star).update(
        level=Level.AMBASSADOR, ambassador_since=timezone.now()
    )
    admin_login(client, community_manager())
    url = reverse("reputation:member", args=[star.pk])
    response = client.post(url, {"reason": value}, follow=True)
    assert_safe(response, value)
    standing = Standing.objects.get(user=star)
    if value.strip() and "\x00" not in value and len(value) <= 1000:
        assert standing.ambassador_since is None
        assert AuditEntry.objects.filter(action="revoke", subject=star).exists()
        client.force_login(star)
        page = client.get(reverse("community:notifications"))
        assert_safe(page, value)
        assert Notification.objects.filter(recipient=star, kind="level").exists()
    else:
        assert standing.ambassador_since is not None


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_the_member_lookup_and_the_leaderboard_period(client, value):
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

"""The moderation queue: what enters it, what the moderators do there, and the trail it
leaves."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community import services as community
from community.models import Answer, Flag, Notification, PostState, Question
from demo.factories.community import (
    AnswerFactory,
    QuestionFactory,
    TopicPageFactory,
    mark_established,
)
from demo.factories.experts import community_manager
from demo.factories.users import VerifiedUserFactory, ensure_role_groups
from experts import services as experts
from moderation import actions, sanctions
from moderation.models import AuditEntry, CannedReply, ModeratorScope, QueueItem, Sanction
from moderation.queue import assign, claim, raise_item
from tests.helpers import admin_login

pytestmark = pytest.mark.django_db


def item_for(post, kind=None) -> QueueItem:
    items = QueueItem.objects.filter(
        content_type=ContentType.objects.get_for_model(post), object_id=post.pk
    )
    if kind:
        items = items.filter(kind=kind)
    return items.get()


def flaggers(n):
    users = [VerifiedUserFactory(username=f"flagger{i}") for i in range(n)]
    mark_established(*users)
    return users


@pytest.fixture
def answer(topic, member, other_member):
    mark_established(member, other_member)
    question = QuestionFactory(author=member, topic=topic, title="Roaming in Spain")
    return AnswerFactory(question=question, author=other_member, body="Buy cheap pills here")


@pytest.fixture
def cm(db):
    return community_manager()


@pytest.fixture
def canned(db):
    return CannedReply.objects.create(
        title="Advertising",
        text_en="Advertising is not allowed in the community.",
        text_fr="La publicité n’est pas autorisée dans la communauté.",
    )


# --- flags -------------------------------------------------------------------------------------


def test_a_member_flags_an_answer_from_the_thread_and_it_enters_the_queue(client, answer, member):
    client.force_login(member)
    thread = client.get(answer.question.get_absolute_url()).content.decode()
    flag_url = f"/questions/{answer.question_id}/answers/{answer.pk}/flag/"
    assert flag_url in thread
    page = client.get(flag_url)
    assert page.status_code == 200 and "Spam or advertising" in page.content.decode()
    response = client.post(flag_url, {"reason": "spam", "text": "Sells pills"})
    assert response.status_code == 302
    item = item_for(answer)
    assert item.kind == "flag" and item.flag_count == 1 and "spam" in item.reasons
    assert item.topic_id == answer.question.topic_id and item.author == answer.author
    # Flagging again changes nothing.
    client.post(flag_url, {"reason": "rude"})
    item.refresh_from_db()
    assert item.flag_count == 1 and Flag.objects.count() == 1


def test_other_needs_details_and_one_cannot_flag_ones_own_post(client, answer, member):
    client.force_login(member)
    url = f"/questions/{answer.question_id}/answers/{answer.pk}/flag/"
    response = client.post(url, {"reason": "other", "text": ""})
    assert response.status_code == 400 and "Tell the moderators" in response.content.decode()
    assert not Flag.objects.exists()
    client.force_login(answer.author)
    assert client.get(url).status_code == 403


def test_three_distinct_flags_hide_the_post_pending_review(answer):
    for user in flaggers(3):
        community.flag_post(answer, by=user, reason="spam")
    answer.refresh_from_db()
    assert answer.state == PostState.HIDDEN
    item = item_for(answer)
    assert item.flag_count == 3 and item.is_open
    assert AuditEntry.objects.filter(action="auto_hide", object_id=answer.pk).count() == 1


def test_more_and_more_trusted_flags_raise_an_item_above_older_ones(answer, topic, member):
    older = QuestionFactory(author=member, topic=topic, state=PostState.PENDING)
    raise_item("pending", older)
    QueueItem.objects.filter(object_id=older.pk).update(
        created_at=timezone.now() - timedelta(hours=12)
    )
    pending = QueueItem.objects.get(object_id=older.pk, kind="pending")
    pending.compute_priority()
    pending.save()
    community.flag_post(answer, by=flaggers(1)[0], reason="spam")
    queue = list(QueueItem.objects.filter(state="open").order_by("priority_at"))
    assert queue[0].kind == "flag"


# --- pending posts and spam --------------------------------------------------------------------


def test_a_new_members_first_post_waits_in_the_queue_and_approval_from_the_thread_is_logged(
    client, topic, member, moderator
):
    question = community.ask_question(author=member, title="First question", body="Hi", topic=topic)
    item = item_for(question)
    assert item.kind == "pending" and item.reasons == ["new_member"]
    client.force_login(moderator)
    client.post(f"/questions/{question.pk}/approve/")
    item.refresh_from_db()
    assert item.state == "resolved" and item.resolved_by == moderator
    entry = AuditEntry.objects.get(action="approve")
    assert entry.actor == moderator and entry.subject == member


def test_repeated_text_is_held_as_spam_and_never_lost(settings, topic, established, committed):
    settings.AGORA_SPAM_CHECKS = True
    settings.AGORA_SPAM_MIN_TYPED_CHARS = 10**6
    text = "Visit my shop for the best phone deals anywhere in the whole wide world!"
    first = community.ask_question(author=established, title="Deals", body=text, topic=topic)
    Question.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=1))
    other = QuestionFactory(topic=topic)
    answer = community.post_answer(other, author=established, body=text)
    assert first.state == PostState.PUBLISHED and answer.state == PostState.PENDING
    item = item_for(answer)
    assert item.kind == "spam" and item.reasons == ["spam:repeated"]


def test_text_written_faster_than_a_person_types_is_held(settings, topic, established):
    settings.AGORA_SPAM_CHECKS = True
    established.last_login = timezone.now()
    established.save()
    answer = community.post_answer(
        QuestionFactory(topic=topic), author=established, body="word " * 200
    )
    assert answer.state == PostState.PENDING
    assert item_for(answer).reasons == ["spam:too_fast"]


def test_a_spam_check_that_fails_holds_the_post_instead_of_losing_it(
    settings, monkeypatch, topic, established
):
    settings.AGORA_SPAM_CHECKS = True

    def broken(post):
        raise TimeoutError("spam service down")

    monkeypatch.setattr("moderation.spam.repeated_text", broken)
    answer = community.post_answer(QuestionFactory(topic=topic), author=established, body="Hi")
    assert Answer.objects.filter(pk=answer.pk, state="pending").exists()
    assert item_for(answer).reasons == ["check_failed"]


# --- acting ------------------------------------------------------------------------------------


def test_a_moderator_rejects_with_a_canned_reply_and_the_author_reads_why_in_french(
    client, answer, moderator, canned, committed
):
    answer.author.profile.preferred_language = "fr"
    answer.author.profile.save()
    community.flag_post(answer, by=flaggers(1)[0], reason="spam")
    item = item_for(answer)
    admin_login(client, moderator)
    page = client.get(f"/admin/moderation/queue/{item.pk}/").content.decode()
    assert "Buy cheap pills here" in page and "flagger0" in page
    with committed():
        response = client.post(
            f"/admin/moderation/queue/{item.pk}/",
            {"action": "reject", "canned": canned.pk, "reason": "Second time this week."},
        )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.state == PostState.REMOVED
    notice = Notification.objects.get(recipient=answer.author, kind="moderation")
    assert "publicité" in notice.note and "Second time this week." in notice.note
    email = next(m for m in mail.outbox if m.to == [answer.author.email])
    assert "publicité" in email.body and "Second time this week." in email.body
    entry = AuditEntry.objects.get(action="reject")
    assert entry.actor == moderator and entry.before["state"] == "published"
    assert entry.after["state"] == "removed" and "Advertising is not allowed" in entry.reason
    assert Flag.objects.get().outcome == "upheld"
    client.force_login(answer.author)
    inbox = client.get("/notifications/").content.decode()
    assert "Second time this week." in inbox


def test_two_moderators_on_one_item_get_one_outcome(answer, moderator, cm):
    community.flag_post(answer, by=flaggers(1)[0], reason="rude")
    item = item_for(answer)
    first = actions.act(item, "hide", by=moderator)
    second = actions.act(item, "approve", by=cm)
    assert first.done and not second.done
    answer.refresh_from_db()
    assert answer.state == PostState.HIDDEN
    assert AuditEntry.objects.filter(action__in=["hide", "approve"]).count() == 1


def test_a_double_clicked_action_in_the_admin_acts_once(client, answer, moderator):
    community.flag_post(answer, by=flaggers(1)[0], reason="rude")
    item = item_for(answer)
    admin_login(client, moderator)
    url = f"/admin/moderation/queue/{item.pk}/"
    assert client.post(url, {"action": "hide"}).status_code == 302
    again = client.post(url, {"action": "hide"}, follow=True)
    assert (
        again.status_code == 200
        and "Someone already dealt with this item" in again.content.decode()
    )
    assert AuditEntry.objects.filter(action="hide").count() == 1


def test_a_bulk_approve_skips_items_that_changed_meanwhile(client, topic, moderator, cm):
    authors = [VerifiedUserFactory(username=f"new{i}") for i in range(4)]
    posts = [
        community.ask_question(author=a, title=f"Question {i}", body="?", topic=topic)
        for i, a in enumerate(authors)
    ]
    items = [item_for(p) for p in posts]
    actions.act(items[0], "reject", by=cm, reason="Duplicate")
    admin_login(client, moderator)
    response = client.post(
        "/admin/moderation/queue/",
        {"item": [i.pk for i in items], "bulk-action": "approve"},
        follow=True,
    )
    assert "3 items done, 1 skipped" in response.content.decode()
    states = set(
        Question.objects.filter(pk__in=[p.pk for p in posts[1:]]).values_list("state", flat=True)
    )
    assert states == {"published"}
    assert AuditEntry.objects.filter(action="approve").count() == 3


def test_a_bulk_action_reaches_every_item_the_filters_show(client, topic, moderator, answer):
    authors = [VerifiedUserFactory(username=f"new{i}") for i in range(3)]
    posts = [
        community.ask_question(author=a, title=f"Question {i}", body="?", topic=topic)
        for i, a in enumerate(authors)
    ]
    community.flag_post(answer, by=flaggers(1)[0], reason="spam")
    admin_login(client, moderator)
    response = client.post(
        "/admin/moderation/queue/",
        {"all_matching": "1", "query": "kind=pending&p=1", "bulk-action": "approve"},
        follow=True,
    )
    assert "3 items done, 0 skipped" in response.content.decode()
    assert {q.state for q in Question.objects.filter(pk__in=[p.pk for p in posts])} == {"published"}
    assert item_for(answer).is_open  # a flag: outside the filter, left alone


def test_a_bulk_action_over_more_than_a_page_runs_in_the_background(
    client, topic, moderator, committed
):
    from demo.factories.moderation import seed_scale_queue

    QuestionFactory(topic=topic)
    seed_scale_queue(240)  # 60 held answers among them
    admin_login(client, moderator)
    with committed():
        response = client.post(
            "/admin/moderation/queue/",
            {"all_matching": "1", "query": "kind=pending", "bulk-action": "approve"},
            follow=True,
        )
    assert "being applied to 60 items in the background" in response.content.decode()
    assert not QueueItem.objects.filter(kind="pending", state="open").exists()
    assert AuditEntry.objects.filter(action="approve", actor=moderator).count() == 60


def test_the_queue_listing_costs_the_same_queries_for_5_or_60_items(
    client, topic, moderator, django_assert_max_num_queries
):
    from demo.factories.moderation import seed_scale_queue

    QuestionFactory(topic=topic)
    admin_login(client, moderator)
    seed_scale_queue(5)
    client.get("/admin/moderation/queue/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/moderation/queue/").status_code == 200
    seed_scale_queue(60)
    with django_assert_max_num_queries(len(few)):
        page = client.get("/admin/moderation/queue/").content.decode()
    assert page.count('name="item"') == 50


def test_approve_and_watch_holds_the_authors_next_posts(topic, member, moderator, no_rate_limits):
    question = community.ask_question(author=member, title="First", body="?", topic=topic)
    actions.act(item_for(question), "approve_watch", by=moderator)
    question.refresh_from_db()
    assert question.state == PostState.PUBLISHED
    later = community.post_answer(question, author=member, body="More details")
    assert later.state == PostState.PENDING and item_for(later).reasons == ["watched"]


def test_lock_move_and_merge(client, topic, answer, moderator, member):
    question = answer.question
    item = raise_item("flag", question)
    actions.act(item, "lock", by=moderator)
    question.refresh_from_db()
    with pytest.raises(PermissionDenied, match="locked"):
        community.post_answer(question, author=member, body="Still here?")
    other_topic = TopicPageFactory(title="Billing", slug="billing")
    actions.act(item, "move", by=moderator, topic=other_topic)
    question.refresh_from_db()
    assert question.topic == other_topic and question.is_locked
    page = client.get(question.get_absolute_url()).content.decode()
    assert "locked this thread" in page and "Moved from" in page
    original = QuestionFactory(topic=other_topic, title="Roaming abroad")
    actions.act(item, "merge", by=moderator, into=original)
    assert Answer.objects.get(pk=answer.pk).question == original
    response = client.get(question.get_absolute_url())
    assert response.status_code == 301 and response["Location"] == original.get_absolute_url()
    assert "were merged here" in client.get(original.get_absolute_url()).content.decode()


# --- members -----------------------------------------------------------------------------------


def test_suspensions_escalate_and_a_suspended_member_reads_but_cannot_post(
    client, answer, cm, committed, no_rate_limits
):
    author = answer.author
    item = raise_item("flag", answer)
    days = []
    for _ in range(5):
        with committed():
            actions.act(item, "suspend", by=cm, reason="Insults")
        days.append(Sanction.objects.filter(member=author, kind="suspension").first().days)
    assert days == [1, 3, 7, 30, 30]
    author = type(author).objects.get(pk=author.pk)  # as the next request loads it
    client.force_login(author)
    assert client.get(answer.question.get_absolute_url()).status_code == 200
    with pytest.raises(PermissionDenied, match="suspended until"):
        community.post_comment(answer.question, author=author, body="Let me speak")
    assert any("suspended" in m.subject for m in mail.outbox if m.to == [author.email])
    for sanction in Sanction.objects.filter(member=author, kind="suspension"):
        sanctions.lift(sanction, by=cm)
    author = type(author).objects.get(pk=author.pk)
    assert author.profile.suspended_until is None
    community.post_comment(answer.question, author=author, body="Thank you")


def test_a_warning_expires_and_a_ban_closes_the_account(answer, cm, moderator):
    item = raise_item("flag", answer)
    actions.act(item, "warn", by=moderator, reason="Keep it civil")
    warning = Sanction.objects.get(kind="warning")
    assert warning.is_active and warning.ends_at > timezone.now() + timedelta(days=89)
    with pytest.raises(ValidationError):
        actions.act(item, "ban", by=cm)  # a ban needs a reason
    actions.act(item, "ban", by=cm, reason="Spam account")
    answer.author.refresh_from_db()
    assert not answer.author.is_active
    answer.refresh_from_db()
    assert answer.state == PostState.REMOVED


def test_moderators_are_not_sanctioned_from_the_queue(topic, moderator, cm):
    post = QuestionFactory(author=moderator, topic=topic)
    item = raise_item("flag", post)
    with pytest.raises(ValidationError):
        actions.act(item, "suspend", by=cm, reason="No")


# --- who may do what ---------------------------------------------------------------------------


def test_members_and_experts_cannot_open_the_queue(client, member, answer, expert):
    item = raise_item("flag", answer)
    client.force_login(member)
    assert client.get("/admin/moderation/queue/").status_code in (302, 403)
    admin_login(client, expert.user)
    assert client.get("/admin/moderation/queue/").status_code in (302, 403)
    assert client.get(f"/admin/moderation/queue/{item.pk}/").status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        actions.act(item, "hide", by=expert.user)


def test_a_moderator_limited_to_a_topic_acts_only_there(client, topic, member):
    mark_established(member)
    billing = TopicPageFactory(title="Billing", slug="billing")
    limited = VerifiedUserFactory(username="limited")
    limited.groups.add(ensure_role_groups()["Moderators"])
    ModeratorScope.objects.create(user=limited).topics.set([billing])
    inside = raise_item("flag", QuestionFactory(topic=billing, title="Invoice twice"))
    outside_post = QuestionFactory(topic=topic, title="No signal", state=PostState.PENDING)
    outside = raise_item("pending", outside_post)
    admin_login(client, limited)
    listing = client.get("/admin/moderation/queue/").content.decode()
    assert "Invoice twice" in listing and "No signal" not in listing
    assert client.get(f"/admin/moderation/queue/{outside.pk}/").status_code == 404
    assert client.get("/admin/moderation/queue/999999/").status_code == 404
    with pytest.raises(PermissionDenied):
        actions.act(outside, "approve", by=limited)
    # The thread page follows the same limits: no approving there either.
    assert client.get(outside_post.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        community.approve_post(outside_post, by=limited)
    # Warning is fine; suspending and banning are for moderators of the whole hub.
    actions.act(inside, "warn", by=limited, reason="Careful")
    with pytest.raises(PermissionDenied):
        actions.act(inside, "suspend", by=limited, reason="No")


def test_the_audit_log_is_searchable_and_cannot_be_edited(client, answer, moderator, cm):
    item = raise_item("flag", answer)
    actions.act(item, "hide", by=moderator, reason="Pills advert")
    entry = AuditEntry.objects.get(action="hide")
    admin_login(client, cm)
    found = client.get("/admin/moderation/audit/?q=pills").content.decode()
    assert "Pills advert" in found
    assert (
        "Pills advert"
        not in client.get("/admin/moderation/audit/?q=roaming-nothing").content.decode()
    )
    assert client.get(f"/admin/moderation/audit/inspect/{entry.pk}/").status_code == 200
    assert client.get(f"/admin/moderation/audit/edit/{entry.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/moderation/audit/delete/{entry.pk}/").status_code in (302, 403)
    assert client.get("/admin/moderation/audit/new/").status_code in (302, 403)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_claiming_and_my_items(client, answer, moderator, cm):
    item = raise_item("flag", answer)
    assert claim(item, by=moderator)
    assert not claim(item, by=cm)
    admin_login(client, moderator)
    mine = client.get("/admin/moderation/queue/?assignee=me").content.decode()
    assert answer.question.title in mine
    assign(item, to=cm, by=moderator)
    mine = client.get("/admin/moderation/queue/?assignee=me").content.decode()
    assert answer.question.title not in mine


# --- the experts' items ------------------------------------------------------------------------


def test_expert_applications_and_article_comments_come_and_go_with_their_decisions(
    member, cm, committed
):
    profile = experts.apply(member, real_name="Camille Martin", job_title="Engineer", bio="Hi")
    item = item_for(profile)
    assert item.kind == "application"
    actions.act(item, "approve", by=cm)
    profile.refresh_from_db()
    assert profile.state == "verified"
    assert AuditEntry.objects.filter(action="approve", object_id=profile.pk).exists()


def test_a_huge_queue_is_not_counted_past_a_cap(client, topic, moderator, monkeypatch):
    from demo.factories.moderation import seed_scale_queue
    from moderation.viewsets.base import CappedPaginator

    QuestionFactory(topic=topic)
    seed_scale_queue(120)
    monkeypatch.setattr(CappedPaginator, "CAP", 100)
    admin_login(client, moderator)
    page = client.get("/admin/moderation/queue/").content.decode()
    assert "more than 100 items match" in page
    assert client.get("/admin/moderation/queue/?p=3").status_code == 200


def test_a_sanction_is_lifted_from_the_item_page_by_those_allowed(client, answer, cm, topic):
    item = raise_item("flag", answer)
    actions.act(item, "suspend", by=cm, reason="Insults")
    sanction = Sanction.objects.get(member=answer.author, kind="suspension")
    limited = VerifiedUserFactory(username="limited-mod")
    ensure_role_groups()["Moderators"].user_set.add(limited)
    ModeratorScope.objects.create(user=limited).topics.add(topic)
    admin_login(client, limited)
    page = client.get(f"/admin/moderation/queue/{item.pk}/").content.decode()
    assert f'name="lift" value="{sanction.pk}"' in page
    refused = client.post(f"/admin/moderation/queue/{item.pk}/", {"lift": sanction.pk}, follow=True)
    assert "can warn, not suspend or ban" in refused.content.decode()
    sanction.refresh_from_db()
    assert sanction.is_active
    other = Sanction.objects.create(member=cm, kind="warning", reason="x", by=cm)
    forged = client.post(f"/admin/moderation/queue/{item.pk}/", {"lift": other.pk})
    assert forged.status_code == 404
    client.logout()
    admin_login(client, cm)
    client.post(f"/admin/moderation/queue/{item.pk}/", {"lift": sanction.pk})
    sanction.refresh_from_db()
    assert not sanction.is_active
    assert AuditEntry.objects.filter(action="lift", actor=cm).exists()


def test_bulk_suspends_a_member_once_and_moves_questions(client, topic, cm, no_rate_limits):
    spammer = VerifiedUserFactory(username="spammer")
    posts = [
        community.ask_question(author=spammer, title=f"Deal {i}", body="Cheap!", topic=topic)
        for i in range(3)
    ]
    items = [item_for(p) for p in posts]
    outcome = actions.act_in_bulk([i.pk for i in items], "suspend", by=cm, reason="Spam run")
    assert (outcome.done, outcome.skipped) == (1, 2)
    assert Sanction.objects.filter(member=spammer, kind="suspension").get().days == 1
    other = TopicPageFactory(title="Billing", slug="billing")
    admin_login(client, cm)
    response = client.post(
        "/admin/moderation/queue/",
        {"item": [i.pk for i in items[1:]], "bulk-action": "move", "bulk-topic": other.pk},
        follow=True,
    )
    assert "2 items done, 0 skipped" in response.content.decode()
    assert set(
        Question.objects.filter(pk__in=[p.pk for p in posts[1:]]).values_list("topic", flat=True)
    ) == {other.pk}


def test_the_queue_says_why_an_item_is_there_in_words(client, answer, moderator, topic):
    community.flag_post(answer, by=flaggers(1)[0], reason="off_topic")
    raise_item("spam", QuestionFactory(topic=topic), reasons=["spam:too_fast"])
    admin_login(client, moderator)
    page = client.get("/admin/moderation/queue/").content.decode()
    assert "Off-topic" in page and "Written faster than a person types" in page
    assert "spam:too_fast" not in page


def test_the_queue_pages_take_their_look_from_the_admin_stylesheets_not_inline_styles(
    staff_client, answer, member
):
    community.flag_post(answer, by=member, reason="spam")
    item = QueueItem.objects.get(kind="flag")
    for url in ("/admin/moderation/queue/", f"/admin/moderation/queue/{item.pk}/"):
        page = staff_client.get(url).content.decode()
        assert "css/admin/moderation.css" in page
        assert 'style="' not in page.split("<main", 1)[1]

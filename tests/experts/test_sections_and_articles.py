"""Each expert's own section: page permissions that confine them to it, the review workflow,
articles with threaded comments (django-comments-xtd), and thread-to-article."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django_comments import get_form
from django_comments_xtd.models import XtdComment

from community import services as community
from demo.factories.community import AnswerFactory, QuestionFactory
from demo.factories.experts import add_comment, section_of
from experts import services
from experts.models import ArticlePage
from tests.helpers import admin_login

pytestmark = pytest.mark.django_db


def comment_data(article, text="Great article!", reply_to=0):
    form = get_form()(article)
    data = {k: form.initial[k] for k in ("content_type", "object_pk", "timestamp", "security_hash")}
    data.update(comment=text, reply_to=reply_to, honeypot="")
    return data


def comments_of(article):
    return XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(ArticlePage), object_pk=str(article.pk)
    )


# --- permissions -----------------------------------------------------------------------------


def test_an_expert_edits_only_inside_their_own_section(expert, other_expert, article_factory):
    own = section_of(expert)
    theirs = section_of(other_expert)
    article = article_factory(expert=other_expert)
    assert own.permissions_for_user(expert.user).can_add_subpage()
    assert own.permissions_for_user(expert.user).can_publish_subpage()
    assert not theirs.permissions_for_user(expert.user).can_add_subpage()
    assert not article.permissions_for_user(expert.user).can_edit()
    assert not own.get_parent().permissions_for_user(expert.user).can_edit()


def test_in_the_admin_an_expert_reaches_their_section_and_nothing_else(
    client, expert, other_expert, article_factory
):
    admin_login(client, expert.user)
    own, theirs = section_of(expert), section_of(other_expert)
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/experts/articlepage/{own.pk}/").status_code == 200
    for url in (
        f"/admin/pages/{theirs.pk}/edit/",
        f"/admin/pages/add/experts/articlepage/{theirs.pk}/",
        f"/admin/pages/{article_factory(expert=other_expert).pk}/edit/",
        f"/admin/pages/{own.get_parent().pk}/edit/",
        "/admin/experts/profiles/",
        "/admin/experts/teams/",
        "/admin/settings/hub/brandsettings/",
        "/admin/users/",
        "/admin/groups/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or response["Location"].startswith("/admin/"), url


def test_a_reviewed_section_sends_articles_to_the_community_manager(expert_factory, brand_voice):
    profile = expert_factory(real_name="Paul Roy", job_title="Radio engineer", review=True)
    section = section_of(profile)
    assert section.get_workflow().name == services.REVIEW_WORKFLOW
    assert section.permissions_for_user(profile.user).can_add_subpage()
    assert not section.permissions_for_user(profile.user).can_publish_subpage()
    services.set_review(profile, required=False, by=brand_voice)
    section = section_of(profile)
    assert section.get_workflow() is None
    fresh = type(profile.user).objects.get(pk=profile.user_id)  # permissions are cached per user
    assert section.permissions_for_user(fresh).can_publish_subpage()


def test_the_review_workflow_runs_to_publication(expert_factory, brand_voice):
    profile = expert_factory(real_name="Paul Roy", job_title="Radio engineer", review=True)
    section = section_of(profile)
    article = ArticlePage(title="Draft on masts", owner=profile.user, live=False)
    section.add_child(instance=article)
    article.save_revision(user=profile.user)
    workflow_state = section.get_workflow().start(article, profile.user)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, brand_voice, "approve")
    article.refresh_from_db()
    assert article.live and article.author == profile


# --- articles and comments -----------------------------------------------------------------


def test_an_article_shows_its_author_identity(client, expert, article_factory):
    article = article_factory(expert=expert, title="Why 5G indoors is harder")
    page = client.get(article.url).content.decode()
    assert "Why 5G indoors is harder" in page
    assert "Inès Haddad" in page and "Network engineer" in page and "Verified expert" in page


def test_a_member_comments_and_the_author_hears_of_it_through_celery(
    client, expert, article_factory, established, committed
):
    article = article_factory(expert=expert)
    client.force_login(established)
    with committed():
        response = client.post(f"/experts/articles/{article.pk}/comment/", comment_data(article))
    comment = comments_of(article).get()
    assert response.status_code == 302 and response["Location"].endswith(f"#c{comment.pk}")
    assert comment.is_public and comment.user == established
    assert [m.to for m in mail.outbox] == [[expert.user.email]]
    assert "New comment" in mail.outbox[0].subject
    assert "Great article!" in client.get(article.url).content.decode()


def test_a_reply_is_threaded_and_its_parent_author_is_told(
    client, expert, article_factory, established, established_other, committed
):
    article = article_factory(expert=expert)
    parent = add_comment(article, established, "Does it work abroad?")
    client.force_login(established_other)
    with committed():
        client.post(
            f"/experts/articles/{article.pk}/comment/",
            comment_data(article, "Yes, with roaming on.", reply_to=parent.pk),
        )
    reply = comments_of(article).get(comment="Yes, with roaming on.")
    assert reply.level == 1 and reply.parent_id == parent.pk
    assert {tuple(m.to) for m in mail.outbox} == {(established.email,), (expert.user.email,)}
    page = client.get(article.url).content.decode()
    assert page.index("Does it work abroad?") < page.index("Yes, with roaming on.")
    assert 'class="comment-replies"' in page


def test_a_new_members_comment_waits_for_a_moderator(
    client, expert, article_factory, member, moderator, committed
):
    article = article_factory(expert=expert)
    client.force_login(member)
    with committed():
        client.post(f"/experts/articles/{article.pk}/comment/", comment_data(article, "First!"))
    comment = comments_of(article).get()
    assert not comment.is_public
    assert mail.outbox == []
    assert "First!" in client.get(article.url).content.decode()  # its author sees it
    client.logout()
    assert "First!" not in client.get(article.url).content.decode()
    client.force_login(moderator)
    assert "First!" in client.get(article.url).content.decode()
    with committed():
        client.post(f"/experts/articles/comments/{comment.pk}/approve/")
    comment.refresh_from_db()
    assert comment.is_public
    assert [m.to for m in mail.outbox] == [[expert.user.email]]


def test_members_cannot_approve_comments_and_forged_ids_answer_404(
    client, expert, article_factory, member, established
):
    article = article_factory(expert=expert)
    comment = add_comment(article, member, "pending", public=False)
    client.force_login(established)
    assert client.post(f"/experts/articles/comments/{comment.pk}/approve/").status_code == 404
    comment.refresh_from_db()
    assert not comment.is_public
    assert (
        client.post("/experts/articles/999999/comment/", comment_data(article)).status_code == 404
    )


def test_the_same_comment_sent_twice_is_stored_once(client, expert, article_factory, established):
    article = article_factory(expert=expert)
    client.force_login(established)
    data = comment_data(article, "Double click")
    client.post(f"/experts/articles/{article.pk}/comment/", data)
    client.post(f"/experts/articles/{article.pk}/comment/", data)
    assert comments_of(article).count() == 1


def test_a_tampered_form_is_refused_and_the_text_kept(client, expert, article_factory, established):
    article = article_factory(expert=expert)
    client.force_login(established)
    data = comment_data(article, "My long thought")
    data["security_hash"] = "0" * 40
    response = client.post(f"/experts/articles/{article.pk}/comment/", data)
    assert response.status_code == 400
    assert "My long thought" in response.content.decode()
    assert comments_of(article).count() == 0


def test_a_comment_too_long_is_refused_with_its_text_kept(
    client, expert, article_factory, established, settings
):
    article = article_factory(expert=expert)
    client.force_login(established)
    text = "x" * (settings.AGORA_MAX_COMMENT_CHARS + 1)
    response = client.post(f"/experts/articles/{article.pk}/comment/", comment_data(article, text))
    assert response.status_code == 400
    assert "under 1000 characters" in response.content.decode()
    assert comments_of(article).count() == 0


def test_comments_closed_on_an_article_refuse_new_ones(
    client, expert, article_factory, established
):
    article = article_factory(expert=expert, allow_comments=False)
    client.force_login(established)
    response = client.post(f"/experts/articles/{article.pk}/comment/", comment_data(article))
    assert response.status_code == 403
    assert comments_of(article).count() == 0


def test_visitors_cannot_comment(client, expert, article_factory):
    article = article_factory(expert=expert)
    response = client.post(f"/experts/articles/{article.pk}/comment/", comment_data(article))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert comments_of(article).count() == 0


# --- thread to article -------------------------------------------------------------------------


def test_the_community_manager_turns_a_solved_thread_into_a_draft_crediting_its_authors(
    client, expert, topic, member, other_member, brand_voice
):
    question = QuestionFactory(author=member, topic=topic, title="Wi-Fi calling at home")
    answer = AnswerFactory(question=question, author=other_member, body="Turn on Wi-Fi calling.")
    community.accept_answer(answer, by=member)
    client.force_login(brand_voice)
    assert "Turn into an article" in client.get(question.get_absolute_url()).content.decode()
    response = client.post(f"/experts/articles/from-question/{question.pk}/", {"expert": expert.pk})
    article = ArticlePage.objects.get(source_question=question)
    assert (
        response.status_code == 302 and f"/admin/pages/{article.pk}/edit/" in response["Location"]
    )
    assert not article.live and article.get_parent().specific.expert == expert
    assert set(article.credited.all()) == {member, other_member}
    body = str(article.get_latest_revision_as_object().body)
    assert "Turn on Wi-Fi calling." in body and question.get_absolute_url() in body


def test_members_cannot_turn_threads_into_articles(
    client, expert, topic, member, established_other
):
    question = QuestionFactory(author=member, topic=topic)
    answer = AnswerFactory(question=question, author=established_other)
    community.accept_answer(answer, by=member)
    client.force_login(established_other)
    assert client.get(f"/experts/articles/from-question/{question.pk}/").status_code == 404
    assert client.get("/experts/articles/from-question/999999/").status_code == 404


def test_an_unsolved_thread_cannot_become_an_article(client, expert, topic, member):
    question = QuestionFactory(author=member, topic=topic)
    client.force_login(expert.user)
    assert client.get(f"/experts/articles/from-question/{question.pk}/").status_code == 404


# --- official answers by area -----------------------------------------------------------------


def test_an_expert_marks_official_answers_in_their_areas_only(
    client, expert, topic, topic_page_factory, member, established_other
):
    inside = QuestionFactory(author=member, topic=topic)
    elsewhere = QuestionFactory(
        author=member, topic=topic_page_factory(title="Billing", slug="billing")
    )
    for question in (inside, elsewhere):
        AnswerFactory(question=question, author=established_other)
    client.force_login(expert.user)
    for question in (inside, elsewhere):
        answer = question.answers.get()
        client.post(f"/questions/{question.pk}/answers/{answer.pk}/official/")
    inside.refresh_from_db()
    elsewhere.refresh_from_db()
    assert inside.official_answer_id is not None
    assert elsewhere.official_answer_id is None


def test_the_community_manager_marks_official_answers_anywhere(
    brand_voice, topic, member, established_other
):
    question = QuestionFactory(author=member, topic=topic)
    answer = AnswerFactory(question=question, author=established_other)
    community.mark_official(answer, by=brand_voice)
    question.refresh_from_db()
    assert question.official_answer == answer


def test_an_expert_follow_button_and_unknown_experts(client, expert, established):
    client.force_login(established)
    client.post(f"/experts/follow/{expert.slug}/")
    assert expert.followers.filter(user=established).exists()
    client.post(f"/experts/follow/{expert.slug}/", {"action": "unfollow"})
    assert not expert.followers.exists()
    assert client.post("/experts/follow/nobody-here/").status_code == 404


def test_search_finds_articles_and_experts_with_their_identity(client, expert, article_factory):
    article_factory(expert=expert, title="Wi-Fi calling explained", intro="Calls over your box.")
    page = client.get("/search/?q=calling").content.decode()
    assert "Wi-Fi calling explained" in page and "Experts and articles" in page
    assert "Network engineer" in page
    assert "Inès Haddad" in client.get("/search/?q=network engineer").content.decode()
    # Articles are listed once, in the experts' section, not again among the pages.
    assert page.count("Wi-Fi calling explained") == 1

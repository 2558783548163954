"""The hostile corpus through every community form: asking (each field), answering,
commenting, editing and the duplicate lookup. Never a 500, never an unescaped echo, and a
post that is stored renders its text escaped.

The form classes get the whole corpus (``ALL``) as their views build them, what they accept
goes through the posting services, and the stored post is rendered as the thread and the
listings show it; one HTTP test per form sends one string of each family (``WIRING``) through
the pages. The duplicate lookup and the listings read the query string without a form, so the
corpus goes through them over HTTP.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from community import queries, rendering, services
from community.forms import AnswerForm, CommentForm, QuestionForm
from community.models import Answer, Comment, Question, TopicPage
from community.permissions import can_mark_official, is_brand_voice
from demo.factories.community import QuestionFactory, TopicPageFactory
from tests.hostile.corpus import ALL, NUL, WIRING, assert_escaped, short_id
from tests.hostile.test_forms import assert_safe

pytestmark = pytest.mark.django_db

QUESTION_FIELDS = ["title", "body", "tags", "topic"]
NORMAL_QUESTION = {
    "title": "A perfectly normal title",
    "body": "A perfectly normal body.",
    "tags": "wifi",
}


@pytest.fixture(scope="module", autouse=True)
def page_tree(django_db_setup, django_db_blocker):
    """The home page, the community index and a topic, built once for the module in a
    transaction rolled back at its end (what Django's setUpTestData does): building the page
    tree costs more than most tests here, and each test still rolls back its own changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield TopicPageFactory(title="Network and coverage", slug="network").pk
        transaction.set_rollback(True)


@pytest.fixture
def topic(page_tree):
    """The module's topic (every question of these tests is asked in it)."""
    return TopicPage.objects.get(pk=page_tree)


@pytest.fixture
def poster(client, established, no_rate_limits):
    client.force_login(established)
    return client


@pytest.fixture
def author(established, no_rate_limits):
    """The member who posts, past pre-moderation and the rate limits."""
    return established


@pytest.fixture
def reader(rf):
    """A request of the member reading the thread, for the renderers of its posts."""

    def build(user, question: Question):
        request = rf.get(question.get_absolute_url())
        request.user = user
        return request

    return build


def refused(form, value: str) -> None:
    """The form is shown again with its errors, the member's text escaped."""
    assert form.errors
    html = render_to_string("includes/form_errors.html", {"form": form}) + form.as_div()
    assert "errorlist" in html or "form-error-summary" in html
    assert_escaped(html, value)


def question_html(question: Question) -> str:
    """A stored question as members see it: its row in the listings (title, tags) and its body."""
    question = Question.objects.get(pk=question.pk)
    row = render_to_string("community/includes/question_row.html", {"question": question})
    return row + question.body_html


def thread_html(request, question: Question) -> str:
    """The answers and comments of a thread, as its page renders them."""
    thread = queries.thread(question, request.user)
    page = rendering.Page(
        request=request,
        thread=thread,
        can_moderate=False,
        can_accept=False,
        can_mark_official=False,
    )
    return rendering.answers_html(page) + rendering.comments_html(
        page, thread.question_comments, "Comments on the question"
    )


def assert_stored_harmless(post) -> None:
    assert "\x00" not in post.body
    assert "\x00" not in getattr(post, "title", "")
    assert "<script" not in post.body_html


# --- asking -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_each_question_field_stores_a_hostile_string_harmless_or_refuses_it(author, topic, value):
    for field in QUESTION_FIELDS:
        form = QuestionForm({**NORMAL_QUESTION, "topic": topic.pk, field: value}, initial={})
        if not form.is_valid():
            refused(form, value)
            continue
        try:
            question = services.ask_question(
                author=author,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                topic=form.cleaned_data["topic"],
                tags=form.cleaned_data["tags"],
                images=form.images(),
                submission_token=form.cleaned_data["submission_token"],
            )
        except ValidationError as error:  # the view shows the form again with the reason
            form.add_error(None, error.messages)
            refused(form, value)
            continue
        assert_stored_harmless(question)
        assert_escaped(question_html(question), value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_ask_page_stores_each_hostile_field_harmless_or_refuses_it(poster, topic, value):
    for field in QUESTION_FIELDS:
        asked_before = list(Question.objects.values_list("pk", flat=True))
        data = {**NORMAL_QUESTION, "topic": topic.pk, field: value}
        response = poster.post(reverse("community:ask"), data)
        body = assert_safe(response, value)
        question = Question.objects.exclude(pk__in=asked_before).first()
        if question is None:
            assert response.status_code in (200, 400), field
            assert "errorlist" in body or "form-error-summary" in body, field
        else:
            page = poster.get(question.get_absolute_url())
            assert_safe(page, value)
            if value in NUL:
                assert "\x00" not in question.title + question.body


# --- answering and commenting -------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_hostile_answer_and_comment_are_stored_harmless_or_refused(author, reader, value):
    question = QuestionFactory()
    answer_form = AnswerForm(
        {"body": value},
        brand_voice=is_brand_voice(author),
        may_mark_official=can_mark_official(author, question),
    )
    if answer_form.is_valid():
        services.post_answer(
            question,
            author=author,
            body=answer_form.cleaned_data["body"],
            submission_token=answer_form.cleaned_data["submission_token"],
            images=answer_form.images(),
            personal=answer_form.cleaned_data.get("stance") == AnswerForm.PERSONAL,
        )
    else:
        refused(answer_form, value)
    comment_form = CommentForm({"body": value})
    if comment_form.is_valid():
        services.post_comment(
            question,
            author=author,
            body=comment_form.cleaned_data["body"],
            submission_token=comment_form.cleaned_data["submission_token"],
        )
    else:
        refused(comment_form, value)
    for post in [*Answer.objects.all(), *Comment.objects.all()]:
        assert_stored_harmless(post)
    assert_escaped(thread_html(reader(author, question), question), value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_thread_page_takes_a_hostile_answer_and_comment_safely(poster, value):
    question = QuestionFactory()
    answer_response = poster.post(
        reverse("community:answer-create", args=[question.pk]), {"body": value}
    )
    assert_safe(answer_response, value)
    comment_response = poster.post(
        reverse("community:comment-create", args=[question.pk]), {"body": value}
    )
    assert_safe(comment_response, value)
    page = poster.get(question.get_absolute_url())
    assert_safe(page, value)
    for post in [*Answer.objects.all(), *Comment.objects.all()]:
        assert "<script" not in post.body_html and "\x00" not in post.body


# --- editing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_a_hostile_edit_is_stored_harmless_or_refused(author, value):
    question = QuestionFactory(author=author)
    initial = {
        "body": question.body,
        "title": question.title,
        "topic": question.topic,
        "tags": " ".join(question.tags.values_list("name", flat=True)),
    }
    data = {"title": value, "topic": question.topic_id, "body": value, "tags": value}
    form = QuestionForm(data, initial=initial)
    if not form.is_valid():
        refused(form, value)
        return
    try:
        services.edit_post(
            question,
            by=author,
            body=form.cleaned_data["body"],
            title=form.cleaned_data["title"],
            topic=form.cleaned_data["topic"],
            tags=form.cleaned_data["tags"],
            images=form.images(),
        )
    except ValidationError as error:  # the view shows the form again with the reason
        form.add_error(None, error.messages)
        refused(form, value)
        return
    question.refresh_from_db()
    assert_stored_harmless(question)
    assert_escaped(question_html(question), value)


@pytest.mark.parametrize("value", WIRING, ids=short_id)
def test_the_edit_page_takes_a_hostile_edit_safely(poster, established, value):
    question = QuestionFactory(author=established)
    response = poster.post(
        reverse("community:question-edit", args=[question.pk]),
        {"title": value, "topic": question.topic_id, "body": value, "tags": value},
    )
    assert_safe(response, value)
    assert_safe(poster.get(question.get_absolute_url()), value)


# --- the duplicate lookup and the listings (no form class: the pages themselves) ----------------


@pytest.mark.parametrize("value", ALL, ids=short_id)
def test_the_duplicate_lookup_and_the_listings_take_a_hostile_query_safely(client, value):
    QuestionFactory(title="Roaming charges abroad")
    response = client.get(reverse("community:similar-titles"), {"title": value})
    assert response.status_code == 200
    listing = client.get(
        reverse("community:question-list"), {"filter": value, "sort": value, "page": value}
    )
    assert_safe(listing, value)

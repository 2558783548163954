"""The experts' pages cost the same number of queries whatever the amount of content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.factories.community import AnswerFactory, QuestionFactory
from demo.factories.experts import add_comment
from demo.factories.users import VerifiedUserFactory

# Query counts measured over hundreds of rows: slow, so make test-fast leaves them to make test.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def queries_for(client, url) -> int:
    client.get("/")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def commented_article(article_factory, expert, readers, count: int, title: str):
    article = article_factory(expert=expert, title=title)
    parents = []
    for i in range(count):
        parent = parents[i // 3] if i % 3 and parents else None
        comment = add_comment(article, readers[i % len(readers)], f"Comment {i}", parent=parent)
        if parent is None:
            parents.append(comment)
    add_comment(article, expert.user, "Thanks all.")  # a brand voice in the thread
    return article


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_an_article_with_300_comments_costs_the_queries_of_one_with_3(
    client, settings, expert, article_factory, signed_in
):
    settings.AGORA_ANON_CACHE_SECONDS = 0
    readers = [VerifiedUserFactory(username=f"reader{i}") for i in range(6)]
    small = commented_article(article_factory, expert, readers, 3, "Small")
    large = commented_article(article_factory, expert, readers, 300, "Large")
    if signed_in:
        client.force_login(readers[0])
    assert queries_for(client, large.url) == queries_for(client, small.url)


def test_an_expert_profile_costs_the_same_with_many_answers_and_articles(
    client, settings, expert, expert_factory, article_factory, topic
):
    settings.AGORA_ANON_CACHE_SECONDS = 0
    quiet = expert_factory(real_name="Paul Roy", job_title="Radio engineer", topics=[topic])
    asker = VerifiedUserFactory(username="asker")
    article_factory(expert=quiet, title="The only article")
    AnswerFactory(
        question=QuestionFactory(author=asker, topic=topic), author=quiet.user, by_brand=True
    )
    for i in range(30):
        question = QuestionFactory(author=asker, topic=topic, title=f"Question number {i}")
        AnswerFactory(question=question, author=expert.user, by_brand=True)
    for i in range(12):
        article_factory(expert=expert, title=f"Article {i}")
    assert queries_for(client, f"/experts/{expert.slug}/") == queries_for(
        client, f"/experts/{quiet.slug}/"
    )


def test_the_directory_costs_the_same_with_3_or_30_experts(client, settings, expert_factory, topic):
    settings.AGORA_ANON_CACHE_SECONDS = 0
    for i in range(3):
        expert_factory(real_name=f"Expert {i}", job_title="Engineer", topics=[topic])
    few = queries_for(client, "/experts/")
    for i in range(3, 30):
        expert_factory(real_name=f"Expert {i}", job_title="Engineer", topics=[topic])
    assert queries_for(client, "/experts/") == few


def test_a_thread_with_many_brand_answers_looks_identities_up_once(
    client, settings, expert, other_expert, topic
):
    settings.AGORA_ANON_CACHE_SECONDS = 0
    asker = VerifiedUserFactory(username="asker")
    few = QuestionFactory(author=asker, topic=topic, title="Few brand answers")
    many = QuestionFactory(author=asker, topic=topic, title="Many brand answers")
    AnswerFactory(question=few, author=expert.user, by_brand=True)
    for i in range(40):
        AnswerFactory(question=many, author=(expert, other_expert)[i % 2].user, by_brand=True)
    assert queries_for(client, many.get_absolute_url()) == queries_for(
        client, few.get_absolute_url()
    )


def test_listings_look_identities_up_once(client, settings, expert, topic):
    settings.AGORA_ANON_CACHE_SECONDS = 0
    asker = VerifiedUserFactory(username="asker")
    QuestionFactory(author=expert.user, topic=topic, by_brand=True, title="Brand question 0")
    few = queries_for(client, "/questions/")
    for i in range(1, 15):
        QuestionFactory(author=expert.user if i % 2 else asker, topic=topic, by_brand=bool(i % 2))
    assert queries_for(client, "/questions/") == few

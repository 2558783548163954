import factory
from django.utils import timezone
from wagtail.search import index

from community.markdown import render
from community.models import (
    Answer,
    Comment,
    CommunityIndexPage,
    LevelChange,
    PostState,
    Question,
    Standing,
    Tag,
    TopicPage,
)
from community.services import refresh_question_counters
from tests.factories.pages import ContentPageFactory, ensure_home_page
from tests.factories.users import VerifiedUserFactory


def ensure_community_index(title: str = "Community") -> CommunityIndexPage:
    index = CommunityIndexPage.objects.first()
    if index is None:
        index = ensure_home_page().add_child(
            instance=CommunityIndexPage(title=title, slug="community")
        )
    return index


class TopicPageFactory(ContentPageFactory):
    class Meta:
        model = TopicPage

    description = factory.LazyAttribute(lambda p: f"Questions about {p.title.lower()}.")

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        return super()._create(model_class, parent=parent or ensure_community_index(), **kwargs)


def _rendered(body: str) -> dict:
    result = render(body)
    return {"body": body, "body_html": result.html, "body_text": result.text}


class QuestionFactory(factory.django.DjangoModelFactory):
    """A published question (state, author and topic can be overridden). It bypasses the
    services' limits: for fixtures and demo content, not for testing the rules."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"How do I fix problem number {n}?")
    author = factory.SubFactory(VerifiedUserFactory)
    topic = factory.LazyFunction(lambda: TopicPage.objects.first() or TopicPageFactory())
    body = "It does not work since yesterday. What can I try?"
    body_html = factory.LazyAttribute(lambda o: _rendered(o.body)["body_html"])
    body_text = factory.LazyAttribute(lambda o: _rendered(o.body)["body_text"])
    state = PostState.PUBLISHED
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(Tag.objects.get_or_create(name=name)[0] for name in extracted)
        if create:
            index.insert_or_update_object(self)  # what the indexing task does after a post


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    author = factory.SubFactory(VerifiedUserFactory)
    body = "Restart it, then check the settings. That fixed it for me."
    body_html = factory.LazyAttribute(lambda o: _rendered(o.body)["body_html"])
    body_text = factory.LazyAttribute(lambda o: _rendered(o.body)["body_text"])
    state = PostState.PUBLISHED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        answer = super()._create(model_class, *args, **kwargs)
        refresh_question_counters([answer.question_id])
        index.insert_or_update_object(answer)
        return answer


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    question = factory.SubFactory(QuestionFactory)
    answer = None
    author = factory.SubFactory(VerifiedUserFactory)
    body = "Which model is it?"
    body_html = factory.LazyAttribute(lambda o: _rendered(o.body)["body_html"])
    body_text = factory.LazyAttribute(lambda o: _rendered(o.body)["body_text"])
    state = PostState.PUBLISHED


def mark_established(*users) -> None:
    """Members who already had a post approved: no pre-moderation, no new-member limits."""
    for user in users:
        standing, _created = Standing.objects.get_or_create(user=user)
        if standing.level < 1:
            LevelChange.objects.create(
                user=user, from_level=standing.level, to_level=1, reason="points"
            )
        Standing.objects.filter(pk=standing.pk).update(
            approved_posts=max(standing.approved_posts, 1), level=max(standing.level, 1)
        )

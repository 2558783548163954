import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
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
from community.permissions import is_brand_voice
from community.services import follow, refresh_question_counters
from demo.factories.demo_content import QUESTIONS, TOPICS
from demo.factories.pages import ContentPageFactory, ensure_home_page
from demo.factories.users import DEMO_ROLES, VerifiedUserFactory

User = get_user_model()


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


def seed_demo_community(home=None, scale: int = 0, **kwargs) -> None:
    """The community index, the demo topics and a few real-looking threads."""
    index = ensure_community_index()
    if not index.intro:
        index.intro = "Pick a topic to see its questions."
        index.save_revision().publish()
    topics = [
        TopicPageFactory(title=title, slug=slugify(title), description=description, icon=icon)
        for title, description, icon in TOPICS
    ]
    seed_demo_questions(topics)


def seed_demo_questions(topics) -> None:
    """A few real-looking threads: an official answer, accepted answers, unanswered ones."""
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_ROLES)}
    mark_established(*(users[name] for name in ("member", "member2") if name in users))
    brand = {name for name in users if is_brand_voice(users[name])}
    for topic_index, asker, title, body, tags, answers in QUESTIONS:
        if Question.objects.filter(title=title).exists() or asker not in users:
            continue
        question = QuestionFactory(
            title=title, body=body, author=users[asker], topic=topics[topic_index], tags=tags
        )
        follow(users[asker], question=question)
        for answerer, text, accepted, official in answers:
            answer = AnswerFactory(
                question=question, author=users[answerer], body=text, by_brand=answerer in brand
            )
            if accepted:
                question.accepted_answer = answer
            if official:
                question.official_answer, question.official_by = answer, users[answerer]
        question.save()
        refresh_question_counters([question.pk])

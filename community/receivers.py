"""What the community does when something happens elsewhere; connected in CommunityConfig.ready()."""

from django.utils.text import slugify

from hub.signals import demo_seeding
from tests.factories.community import TopicPageFactory, ensure_community_index
from tests.factories.demo_content import TOPICS


def seed_demo_topics(sender, home, scale: int, **kwargs) -> None:
    index = ensure_community_index()
    if not index.intro:
        index.intro = "Pick a topic to see its questions."
        index.save_revision().publish()
    for title, description, icon in TOPICS:
        TopicPageFactory(title=title, slug=slugify(title), description=description, icon=icon)


def connect() -> None:
    demo_seeding.connect(seed_demo_topics, dispatch_uid="community.seed_demo_topics")

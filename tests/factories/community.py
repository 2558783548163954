import factory

from community.models import CommunityIndexPage, TopicPage
from tests.factories.pages import ContentPageFactory, ensure_home_page


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

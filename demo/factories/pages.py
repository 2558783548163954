import factory
from django.conf import settings
from wagtail.models import Locale, Page, Site

from hub.models import ContentPage, HomePage


def ensure_home_page(title: str = "Home") -> HomePage:
    """The site's HomePage at the root of the default Site, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:  # an emptied database (browser tests flush it between tests)
            Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
            root = Page.add_root(instance=Page(title="Root", slug="root"))
        home = root.add_child(instance=HomePage(title=title, slug="agora-home"))
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site:
            site.root_page = home
            site.save()
        else:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        if old_root and old_root.pk != home.pk and old_root.specific_class != HomePage:
            old_root.delete()
        home.refresh_from_db()
        home.slug = "home"
        home.save_revision().publish()
        home.refresh_from_db()  # publishing saves a copy; this one still has the old url_path
    return home


class ContentPageFactory(factory.Factory):
    """ContentPages are created in the tree, under the home page unless a parent is given."""

    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda p: p.title.lower().replace(" ", "-"))

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        parent = parent or ensure_home_page()
        existing = model_class.objects.child_of(parent).filter(slug=kwargs["slug"]).first()
        return existing or parent.add_child(instance=model_class(**kwargs))

"""What the hub does when something happens elsewhere; connected in HubConfig.ready()."""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.contrib.sites.management import create_default_site
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

from .middleware import LANGUAGE_SESSION_KEY
from .models import BrandSettings, Profile
from .pagecache import bump_version
from .signals import member_anonymised
from .site import sync_sites


def create_profile(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


def remember_language(sender, request, user, **kwargs) -> None:
    profile, _created = Profile.objects.get_or_create(user=user)
    if request is not None and hasattr(request, "session"):
        request.session[LANGUAGE_SESSION_KEY] = profile.preferred_language


def brand_saved(sender, instance: BrandSettings, raw: bool = False, **kwargs) -> None:
    """The brand's site takes its name (the admin's dashboard shows it); Django's Site follows."""
    if raw:
        return
    Site.objects.filter(pk=instance.site_id).exclude(site_name=instance.name).update(
        site_name=instance.name
    )
    sync_sites()


def site_saved(sender, instance: Site, raw: bool = False, **kwargs) -> None:
    bump_version()
    if not raw and instance.is_default_site:
        sync_sites()


def sync_after_migrate(
    sender, using: str = DEFAULT_DB_ALIAS, apps=global_apps, verbosity: int = 1, **kwargs
) -> None:
    """Each ``migrate`` (each deployment) brings Django's Site in step with BASE_URL and the
    brand, and gives a default Wagtail site still on its placeholder the public address."""
    try:
        for model in (("sites", "Site"), ("wagtailcore", "Site"), ("hub", "BrandSettings")):
            apps.get_model(*model)
    except LookupError:  # migrated back before these models exist
        return
    # Django's own default Site first (its sequence reset included), then ours over it.
    create_default_site(
        global_apps.get_app_config("sites"), verbosity=verbosity, using=using, apps=apps
    )
    sync_sites(apps=apps, using=using, adopt_placeholder=True)


def connect() -> None:
    page_published.connect(bump_version, dispatch_uid="hub.pagecache.published")
    page_unpublished.connect(bump_version, dispatch_uid="hub.pagecache.unpublished")
    post_save.connect(bump_version, sender=BrandSettings, dispatch_uid="hub.pagecache.brand")
    post_delete.connect(bump_version, sender=BrandSettings, dispatch_uid="hub.pagecache.brand-del")
    post_save.connect(brand_saved, sender=BrandSettings, dispatch_uid="hub.site.brand")
    post_save.connect(site_saved, sender=Site, dispatch_uid="hub.site.site")
    post_migrate.connect(
        sync_after_migrate,
        sender=global_apps.get_app_config("hub"),
        dispatch_uid="hub.site.migrate",
    )
    member_anonymised.connect(bump_version, dispatch_uid="hub.pagecache.member")
    post_save.connect(create_profile, sender=get_user_model(), dispatch_uid="hub.create_profile")
    user_logged_in.connect(remember_language, dispatch_uid="hub.remember_language")

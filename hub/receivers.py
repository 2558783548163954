"""What the hub does when something happens elsewhere; connected in HubConfig.ready()."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from .middleware import LANGUAGE_SESSION_KEY
from .models import BrandSettings, Profile
from .pagecache import bump_version
from .signals import member_anonymised


def create_profile(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


def remember_language(sender, request, user, **kwargs) -> None:
    profile, _created = Profile.objects.get_or_create(user=user)
    if request is not None and hasattr(request, "session"):
        request.session[LANGUAGE_SESSION_KEY] = profile.preferred_language


def connect() -> None:
    page_published.connect(bump_version, dispatch_uid="hub.pagecache.published")
    page_unpublished.connect(bump_version, dispatch_uid="hub.pagecache.unpublished")
    post_save.connect(bump_version, sender=BrandSettings, dispatch_uid="hub.pagecache.brand")
    post_delete.connect(bump_version, sender=BrandSettings, dispatch_uid="hub.pagecache.brand-del")
    member_anonymised.connect(bump_version, dispatch_uid="hub.pagecache.member")
    post_save.connect(create_profile, sender=get_user_model(), dispatch_uid="hub.create_profile")
    user_logged_in.connect(remember_language, dispatch_uid="hub.remember_language")

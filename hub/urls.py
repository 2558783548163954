import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from hub import media, views

hub_patterns = (
    [
        path("accounts/profile/", views.profile_edit, name="profile-edit"),
        path("accounts/export/", views.export_data, name="export-data"),
        path("accounts/delete/", views.delete_account, name="delete-account"),
        path("members/<str:username>/", views.member_profile, name="member-profile"),
        path("search/", views.search, name="search"),
        path("brand.css", views.brand_css, name="brand-css"),
        path("i18n/setlang/", views.set_language, name="set-language"),
    ],
    "hub",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("", include(hub_patterns)),
    path("", include("community.urls")),
    path("", include("experts.urls")),
    path("", include("moderation.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

# Uploads are served by the hub itself, with the type read from their bytes and nosniff
# (hub/media.py); unless MEDIA_URL points elsewhere (another host serves them).
if settings.MEDIA_URL.startswith("/"):
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.+)$", media.serve, name="media"))

# Wagtail serves the page tree (home page, topics, expert sections) at every other address.
urlpatterns.append(path("", include(wagtail_urls)))

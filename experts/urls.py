from django.urls import path

from . import feeds, views

app_name = "experts"

urlpatterns = [
    path("experts/apply/", views.apply, name="apply"),
    path("experts/inbox/", views.inbox, name="inbox"),
    path("experts/profile/", views.profile_edit, name="profile-edit"),
    path("experts/inbox/<int:route_id>/", views.route_action, name="route-action"),
    path("experts/follow/<slug:slug>/", views.follow, name="follow"),
    path("experts/articles/<int:pk>/comment/", views.article_comment, name="article-comment"),
    path(
        "experts/articles/comments/<int:pk>/approve/",
        views.comment_approve,
        name="comment-approve",
    ),
    path(
        "experts/articles/from-question/<int:pk>/",
        views.thread_to_article,
        name="thread-to-article",
    ),
    path("feeds/articles/rss/", feeds.ArticleFeed(), name="article-feed"),
    path("feeds/articles/atom/", feeds.ArticleAtomFeed(), name="article-feed-atom"),
]

from django.urls import path

from . import feeds, views

app_name = "community"

# Thread actions on the question itself, on one of its answers, or on one of its comments.
THREAD_ACTIONS = [
    ("edit/", views.post_edit, "edit"),
    ("delete/", views.post_delete, "delete"),
    ("approve/", views.approve, "approve"),
    ("flag/", views.flag, "flag"),
]

urlpatterns = [
    path("questions/", views.question_list, name="question-list"),
    path("questions/ask/", views.ask, name="ask"),
    path("questions/similar/", views.similar_titles, name="similar-titles"),
    path("questions/<int:pk>/", views.question_detail, name="question-short"),
    path("questions/<int:pk>/answer/", views.answer_create, name="answer-create"),
    path("questions/<int:pk>/tags/", views.question_tags, name="question-tags"),
    path("questions/<int:pk>/comment/", views.comment_create, name="comment-create"),
    path("questions/<int:pk>/vote/", views.vote, name="question-vote"),
    path("questions/<int:pk>/revisions/", views.post_history, name="question-history"),
    path(
        "questions/<int:pk>/answers/<int:answer_id>/comment/",
        views.comment_create,
        name="answer-comment-create",
    ),
    path("questions/<int:pk>/answers/<int:answer_id>/vote/", views.vote, name="answer-vote"),
    path("questions/<int:pk>/answers/<int:answer_id>/accept/", views.accept, name="answer-accept"),
    path(
        "questions/<int:pk>/answers/<int:answer_id>/official/",
        views.official,
        name="answer-official",
    ),
    path(
        "questions/<int:pk>/answers/<int:answer_id>/revisions/",
        views.post_history,
        name="answer-history",
    ),
    *[
        path(f"questions/<int:pk>/{suffix}", view, name=f"question-{name}")
        for suffix, view, name in THREAD_ACTIONS
    ],
    *[
        path(f"questions/<int:pk>/answers/<int:answer_id>/{suffix}", view, name=f"answer-{name}")
        for suffix, view, name in THREAD_ACTIONS
    ],
    *[
        path(f"questions/<int:pk>/comments/<int:comment_id>/{suffix}", view, name=f"comment-{name}")
        for suffix, view, name in THREAD_ACTIONS
    ],
    path("questions/<int:pk>/<str:slug>/", views.question_detail, name="question-detail"),
    path("tags/", views.tag_list, name="tag-list"),
    path("tags/<str:name>/", views.tag_detail, name="tag-detail"),
    path("members/<str:username>/activity/", views.member_activity, name="member-activity"),
    path("members/<str:username>/points/", views.member_points, name="member-points"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("follow/<str:kind>/<str:key>/", views.follow_toggle, name="follow"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:notification_id>/", views.notification_open, name="notification-open"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feeds/topics/<slug:slug>/", feeds.TopicFeed(), name="feed-topic"),
    path("feeds/topics/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="feed-topic-atom"),
    path("feeds/unanswered/", feeds.UnansweredFeed(), name="feed-unanswered"),
    path("feeds/unanswered/atom/", feeds.UnansweredAtomFeed(), name="feed-unanswered-atom"),
]

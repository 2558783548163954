from django.urls import path

from . import feeds
from .views import actions, follows, listings, points, posting, threads

app_name = "community"

# Thread actions on the question itself, on one of its answers, or on one of its comments.
THREAD_ACTIONS = [
    ("edit/", posting.post_edit, "edit"),
    ("delete/", posting.post_delete, "delete"),
    ("approve/", actions.approve, "approve"),
    ("flag/", actions.flag, "flag"),
]

urlpatterns = [
    path("questions/", listings.question_list, name="question-list"),
    path("questions/ask/", posting.ask, name="ask"),
    path("questions/similar/", posting.similar_titles, name="similar-titles"),
    path("questions/<int:pk>/", threads.question_detail, name="question-short"),
    path("questions/<int:pk>/answer/", posting.answer_create, name="answer-create"),
    path("questions/<int:pk>/tags/", posting.question_tags, name="question-tags"),
    path("questions/<int:pk>/comment/", posting.comment_create, name="comment-create"),
    path("questions/<int:pk>/vote/", actions.vote, name="question-vote"),
    path("questions/<int:pk>/revisions/", posting.post_history, name="question-history"),
    path(
        "questions/<int:pk>/answers/<int:answer_id>/comment/",
        posting.comment_create,
        name="answer-comment-create",
    ),
    path("questions/<int:pk>/answers/<int:answer_id>/vote/", actions.vote, name="answer-vote"),
    path(
        "questions/<int:pk>/answers/<int:answer_id>/accept/", actions.accept, name="answer-accept"
    ),
    path(
        "questions/<int:pk>/answers/<int:answer_id>/official/",
        actions.official,
        name="answer-official",
    ),
    path(
        "questions/<int:pk>/answers/<int:answer_id>/revisions/",
        posting.post_history,
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
    path("questions/<int:pk>/<str:slug>/", threads.question_detail, name="question-detail"),
    path("tags/", listings.tag_list, name="tag-list"),
    path("tags/<str:name>/", listings.tag_detail, name="tag-detail"),
    path("members/<str:username>/activity/", listings.member_activity, name="member-activity"),
    path("members/<str:username>/points/", points.member_points, name="member-points"),
    path("leaderboard/", points.leaderboard, name="leaderboard"),
    path("follow/<str:kind>/<str:key>/", follows.follow_toggle, name="follow"),
    path("notifications/", follows.notifications, name="notifications"),
    path(
        "notifications/<int:notification_id>/", follows.notification_open, name="notification-open"
    ),
    path("notifications/unsubscribe/<str:token>/", follows.unsubscribe, name="unsubscribe"),
    path("feeds/topics/<slug:slug>/", feeds.TopicFeed(), name="feed-topic"),
    path("feeds/topics/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="feed-topic-atom"),
    path("feeds/unanswered/", feeds.UnansweredFeed(), name="feed-unanswered"),
    path("feeds/unanswered/atom/", feeds.UnansweredAtomFeed(), name="feed-unanswered-atom"),
]

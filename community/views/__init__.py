"""Views of the community: permission → form → service → redirect.

Which module holds what (``community.urls`` names each view by its module):

- ``listings``: the question list, the tags and one tag's questions, a member's activity.
- ``threads``: the question page (``question_detail``, ``thread_context``) and its answer form.
- ``posting``: asking, answering, commenting, editing, deleting, a post's history, retagging a
  question, and the likely duplicates of a title being typed.
- ``actions``: a helpful vote, accepting an answer, the official answer, a flag, approval.
- ``follows``: following, the notifications and the unsubscribe link of every email.
- ``points``: a member's points history and the leaderboard.
- ``lookups``: the question, answer or comment a URL names, as the member may see it.
"""

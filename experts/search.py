"""The experts' section of the hub's search page: experts by name, title or department, and
articles, each shown with its author's identity."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest

from hub.identity import identities_for
from hub.search import WORD, plain_query

from .models import ArticlePage, ExpertProfile

LIMIT = 10


def experts_section(request: HttpRequest, text: str) -> dict | None:
    terms = plain_query(text)
    if terms is None:
        return None
    words = WORD.findall(text)[:6]
    experts = ExpertProfile.objects.filter(
        kind=ExpertProfile.Kind.EXPERT, state=ExpertProfile.State.VERIFIED
    )
    for word in words:
        experts = experts.filter(
            Q(real_name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(department__icontains=word)
            | Q(topics__title__icontains=word)
            | Q(tags__name__iexact=word)
        )
    experts = list(experts.distinct().order_by("real_name")[:LIMIT])
    articles = list(
        ArticlePage.objects.live().public().select_related("author").search(terms)[:LIMIT]
    )
    if not experts and not articles:
        return None
    found = identities_for([e.user_id for e in experts] + [a.author.user_id for a in articles])
    for expert in experts:
        expert.identity = found.get(expert.user_id)
    for article in articles:
        article.identity = found.get(article.author.user_id)
    return {
        "template": "experts/includes/search_section.html",
        "experts": [e for e in experts if e.identity],
        "articles": articles,
    }

"""Experts for tests and for the demo: profiles verified through the real services (so their
sections, groups and permissions are what production would build), articles and comments."""

from __future__ import annotations

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from community.models import Question, Tag, TopicPage
from demo.factories.community import QuestionFactory
from demo.factories.users import (
    COMMUNITY_MANAGERS,
    VerifiedUserFactory,
    activate_totp,
    demo_account,
    ensure_role_groups,
)
from experts import services
from experts.models import ArticlePage, ExpertProfile, ExpertSectionPage, TopicTeam

User = get_user_model()


def community_manager():
    """A community manager to verify experts (nobody verifies themselves)."""
    groups = ensure_role_groups()
    cm = User.objects.filter(groups=groups[COMMUNITY_MANAGERS]).order_by("pk").first()
    if cm is None:
        cm = VerifiedUserFactory(username="factory-cm")
        cm.groups.add(groups[COMMUNITY_MANAGERS])
    return cm


def make_expert(
    user=None,
    *,
    real_name: str = "Inès Haddad",
    job_title: str = "Network engineer",
    department: str = "Network",
    topics=(),
    tags=(),
    bio: str = "",
    kind: str = ExpertProfile.Kind.EXPERT,
    review: bool = False,
) -> ExpertProfile:
    """A verified expert (or community-team member) with their section, as the community
    manager's verification builds it."""
    ensure_role_groups()
    user = user or VerifiedUserFactory()
    profile = ExpertProfile.objects.filter(user=user).first()
    if profile is not None and profile.state == ExpertProfile.State.VERIFIED:
        return profile
    if kind == ExpertProfile.Kind.EXPERT:
        profile = services.apply(
            user,
            real_name=real_name,
            job_title=job_title,
            department=department,
            bio=bio,
            motivation="I answer these questions every day at work.",
            topics=list(topics),
            tags=[Tag.objects.get_or_create(name=t)[0] if isinstance(t, str) else t for t in tags],
        )
    else:
        profile, _created = ExpertProfile.objects.get_or_create(
            user=user,
            defaults={
                "real_name": real_name,
                "job_title": job_title,
                "department": department,
                "kind": kind,
                "slug": services.unique_slug(real_name),
            },
        )
    if review:
        ExpertProfile.objects.filter(pk=profile.pk).update(review_articles=True)
        profile.review_articles = True
    return services.verify(profile, by=community_manager())


def section_of(profile: ExpertProfile) -> ExpertSectionPage:
    return ExpertSectionPage.objects.get(expert=profile)


class ArticlePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Article {n}")
    intro = "What every customer should know."
    body = factory.LazyFunction(
        lambda: [{"type": "text", "value": "<p>Restart the box, then check the lights.</p>"}]
    )

    @classmethod
    def _create(cls, model_class, *args, expert: ExpertProfile, **kwargs):
        section = section_of(expert)
        article = model_class(*args, author=expert, owner=expert.user, **kwargs)
        section.add_child(instance=article)
        article.save_revision(user=expert.user).publish()
        return article


def add_comment(article: ArticlePage, user, text: str, *, parent=None, public=True) -> XtdComment:
    """A comment stored as the library stores it (threading computed by XtdComment.save)."""
    comment = XtdComment(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        object_pk=str(article.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=user.username[:50],
        user_email=user.email,
        comment=text,
        submit_date=timezone.now(),
        is_public=public,
        parent_id=parent.pk if parent else 0,
    )
    comment.save()
    return comment


# --- the demo ------------------------------------------------------------------------------------

DEMO_EXPERTS = [
    # username, real name, title, department, topic indexes, tags, bio
    (
        "expert",
        "Inès Haddad",
        "Network engineer",
        "Radio network",
        [0],
        ["5g", "coverage"],
        "Twelve years planning Lumio's mobile network, from 2G masts to 5G small cells.",
    ),
    (
        "expert-phones",
        "Malik Benali",
        "Smartphone specialist",
        "Devices",
        [1],
        ["esim"],
        "Tests every phone Lumio sells before it reaches the shops.",
    ),
    (
        "expert-billing",
        "Claire Dubois",
        "Billing advisor",
        "Customer care",
        [2],
        ["billing", "roaming"],
        "Explains invoices, plans and roaming charges in plain words.",
    ),
]
DEMO_ARTICLES = {
    "expert": [
        (
            "Why 5G indoors is harder than outdoors",
            "Walls, windows and frequencies: what decides your signal at home.",
            "<p>5G on the 3.5 GHz band carries much more data than 4G, but walls and coated "
            "windows absorb it. Indoors your phone keeps the steadier 4G link on purpose.</p>"
            "<h2>What you can do</h2><ul><li>Turn on Wi-Fi calling.</li>"
            "<li>Keep 5G set to automatic.</li></ul>",
        ),
        (
            "How we plan a new mast",
            "From coverage maps to the town hall: the eighteen months behind a new site.",
            "<p>Every new site starts with the coverage reports you send us.</p>",
        ),
    ],
    "expert-billing": [
        (
            "Reading your first Lumio invoice",
            "Pro-rata lines, options and roaming, line by line.",
            "<p>Your first invoice covers part of a month: that is the pro-rata line.</p>",
        ),
    ],
}
DEMO_COMMENTS = [
    ("member", "Very clear, thank you. Does Wi-Fi calling cost extra?"),
    ("expert", "No, Wi-Fi calling is included in every plan."),
    ("member2", "It fixed my calls in the kitchen."),
]


def seed_demo_experts(sender=None, home=None, scale: int = 0, **kwargs) -> list[tuple]:
    """Experts with sections, articles and comment threads; staff identities; topic teams;
    and a routed question waiting in the demo expert's inbox."""
    topics = list(TopicPage.objects.live().order_by("path"))
    users = {u.username: u for u in User.objects.filter(username__in=["cm", "moderator"])}
    profiles, accounts = {}, []
    for username, name, title, department, topic_idx, tags, bio in DEMO_EXPERTS:
        user = demo_account(username, name)
        first, _sep, last = name.partition(" ")
        User.objects.filter(pk=user.pk).update(first_name=first, last_name=last)
        profiles[username] = make_expert(
            user,
            real_name=name,
            job_title=title,
            department=department,
            topics=[topics[i] for i in topic_idx if i < len(topics)],
            tags=tags,
            bio=bio,
        )
        activate_totp(user, settings.DEMO_TOTP_SECRET)
        if username != "expert":  # the hub already lists its own demo expert
            accounts.append((username, user.email, f"Expert: {title} (TOTP)"))
    for username, name, title in (
        ("cm", "Sarah Lefèvre", "Community manager"),
        ("moderator", "Lucas Moreau", "Community moderator"),
    ):
        if username in users and not ExpertProfile.objects.filter(user=users[username]).exists():
            profile = ExpertProfile.objects.create(
                user=users[username],
                real_name=name,
                job_title=title,
                department="Lumio Community team",
                kind=ExpertProfile.Kind.STAFF,
                state=ExpertProfile.State.VERIFIED,
                slug=services.unique_slug(name),
                verified_at=timezone.now(),
            )
            del profile
    for index, topic in enumerate(topics[:3]):
        team, _created = TopicTeam.objects.get_or_create(topic=topic)
        team.experts.add(profiles[DEMO_EXPERTS[index][0]])
    readers = {u.username: u for u in User.objects.filter(username__in=["member", "member2"])}
    for username, articles in DEMO_ARTICLES.items():
        expert = profiles[username]
        for title, intro, html in articles:
            if ArticlePage.objects.filter(title=title).exists():
                continue
            article = ArticlePageFactory(
                expert=expert, title=title, intro=intro, body=[{"type": "text", "value": html}]
            )
            if username == "expert" and len(readers) == 2:
                first = add_comment(article, readers["member"], DEMO_COMMENTS[0][1])
                add_comment(article, expert.user, DEMO_COMMENTS[1][1], parent=first)
                add_comment(article, readers["member2"], DEMO_COMMENTS[2][1])
    asker = readers.get("member2")
    network = topics[0] if topics else None
    title = "No signal at all since this morning near Gare de Lyon"
    if asker and network and not Question.objects.filter(title=title).exists():
        question = QuestionFactory(
            author=asker,
            title=title,
            body="My phone shows *No service* since 8 am around Gare de Lyon. Others too?",
            topic=network,
            tags=["coverage"],
        )
        services.route_question(question)
    return accounts

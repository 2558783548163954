"""Moderation data for tests and for the demo: a queue with an item of every kind, made
through the real services (so each item looks as production would make it)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from community import services as community
from community.models import Answer, PostState, Question, TopicPage
from demo.factories.community import AnswerFactory, QuestionFactory, mark_established
from demo.factories.experts import add_comment
from demo.factories.users import demo_account
from experts import services as experts
from experts.models import ArticlePage, ExpertProfile
from moderation import clock, curation, queue
from moderation.models import CannedReply, QueueItem, ResponseClock

User = get_user_model()

CANNED_REPLIES = [
    (
        "Advertising",
        "Advertising and self-promotion are not allowed in the community.",
        "La publicité et l’autopromotion ne sont pas autorisées dans la communauté.",
    ),
    (
        "Personal data",
        "Your post showed personal data (phone number, address or contract number). For your "
        "safety we removed it: please share such details only with customer support.",
        "Votre message contenait des données personnelles (numéro de téléphone, adresse ou "
        "numéro de contrat). Pour votre sécurité, nous l’avons retiré : ne les partagez "
        "qu’avec le service client.",
    ),
    (
        "Be kind",
        "Please stay courteous: criticism is welcome, insults are not.",
        "Merci de rester courtois : les critiques sont bienvenues, les insultes non.",
    ),
]


def _member(username: str, name: str, *, established: bool = True):
    user = demo_account(username, name)
    if established:
        mark_established(user)
    return user


def seed_demo_moderation(sender=None, home=None, scale: int = 0, **kwargs) -> list[tuple]:
    """Canned replies, and a queue with realistic items of every kind: a newcomer's first
    post, flags (one post hidden by three of them), a spam suspect, a pending article comment,
    an expert application, a question past its response target, a call for customer support."""
    for position, (title, en, fr) in enumerate(CANNED_REPLIES):
        CannedReply.objects.get_or_create(
            title=title, defaults={"text_en": en, "text_fr": fr, "position": position}
        )
    if scale:
        seed_scale_queue(scale)
    if (
        QueueItem.objects.filter(kind=QueueItem.Kind.FLAG)
        .exclude(author__username__startswith="queue-author-")
        .exists()
    ):
        return []  # already seeded (expert applications alone make resolved items)
    topics = list(TopicPage.objects.live().order_by("path"))
    if not topics:
        return []
    network, billing = topics[0], topics[-1]
    members = {u.username: u for u in User.objects.filter(username__in=["member", "member2"])}
    flaggers = [_member(f"reader{i}", f"Reader {i}") for i in range(1, 4)]
    newcomer = _member("newcomer", "Noé Petit", established=False)
    community.ask_question(
        author=newcomer,
        title="Can I keep my number when I switch to Lumio?",
        body="I am with another operator today. How does number portability work?",
        topic=billing,
    )
    rude_thread = QuestionFactory(
        author=members.get("member"), topic=network, title="Why is 5G so slow in Nantes?"
    )
    rude = AnswerFactory(
        question=rude_thread,
        author=_member("grumpy", "Grumpy Gus"),
        body="Only an idiot would expect 5G to work in Nantes. Stop whining.",
    )
    for user in flaggers[:2]:
        community.flag_post(rude, by=user, reason="rude", text="Insulting the asker")
    advert = AnswerFactory(
        question=rude_thread,
        author=_member("dealz4u", "Dealz 4U"),
        body="Unlock ANY phone in 5 minutes!!! Visit cheap-unlocks.example now!!!",
    )
    for user in flaggers:
        community.flag_post(advert, by=user, reason="spam")
    suspect = QuestionFactory(
        author=_member("promo-bot", "Promo Bot"),
        topic=network,
        title="Best deals on phone cases",
        body="Best deals on phone cases, free shipping worldwide, click the link in my profile.",
        state=PostState.PENDING,
    )
    queue.raise_item(QueueItem.Kind.SPAM, suspect, reasons=["spam:repeated"])
    support_thread = QuestionFactory(
        author=members.get("member2"),
        topic=billing,
        title="I was charged twice for my March invoice",
        body="Two direct debits of €29.99 on 2 and 3 March. Who can refund me?",
    )
    community.flag_post(
        support_thread, by=flaggers[0], reason="support", text="Needs a refund from support"
    )
    article = ArticlePage.objects.live().order_by("pk").first()
    if article is not None:
        comment = add_comment(
            article, newcomer, "Does this also work on older phones?", public=False
        )
        queue.raise_item(QueueItem.Kind.ARTICLE_COMMENT, comment)
    applicant = _member("applicant", "Hugo Laurent")
    if not ExpertProfile.objects.filter(user=applicant).exists():
        experts.apply(
            applicant,
            real_name="Hugo Laurent",
            job_title="Fibre technician",
            department="Field operations",
            bio="Ten years installing fibre in Île-de-France.",
            motivation="I answer fibre questions every day at work.",
            topics=topics[1:2],
        )
    overdue = QuestionFactory(
        author=members.get("member"),
        topic=network,
        title="Voicemail does not record messages",
        body="Callers hear the greeting, then nothing is recorded.",
    )
    started = clock.start_clock(overdue)
    if started is not None:
        past = timezone.now() - timedelta(days=3)
        ResponseClock.objects.filter(pk=started.pk).update(
            started_at=past, remind_at=past, fallback_at=past, due_at=past, stage=3
        )
        queue.raise_item(QueueItem.Kind.OVERDUE, overdue, reasons=["overdue"])
    cm = User.objects.filter(username="cm").first()
    solved = Question.objects.filter(is_public=True, accepted_answer__isnull=False).first()
    if cm is not None and solved is not None:
        curation.feature(by=cm, question=solved, blurb="The fix most members need first.")
    moderator = User.objects.filter(username="moderator").first()
    if moderator is not None:
        item = QueueItem.objects.filter(kind="flag", object_id=rude.pk).first()
        if item is not None:
            queue.claim(item, by=moderator)
    return []


SCALE_AUTHORS = 50
SCALE_KINDS = [
    (QueueItem.Kind.PENDING, 1, ["new_member"]),
    (QueueItem.Kind.FLAG, 2, ["rude"]),
    (QueueItem.Kind.SPAM, 2, ["spam:repeated"]),
    (QueueItem.Kind.FLAG, 3, ["spam"]),
]


def seed_scale_queue(count: int, batch: int = 2000) -> int:
    """``count`` open items (held answers, flags, spam suspects) spread over the demo's
    questions and a month of arrival times: the queue of a busy hub, for benchmarks. Written in
    bulk; running it again tops up to ``count`` without adding more."""
    questions = list(
        Question.objects.filter(state=PostState.PUBLISHED).values_list("pk", "topic_id", "title")
    )
    if not questions:
        return 0
    authors = [_member(f"queue-author-{i:02d}", f"Busy Member {i}") for i in range(SCALE_AUTHORS)]
    author_ids = {a.pk for a in authors}
    existing = Answer.objects.filter(author__in=author_ids).count()
    answer_type = ContentType.objects.get_for_model(Answer)
    now = timezone.now()
    made = 0
    for start in range(existing, count, batch):
        size = min(batch, count - start)
        with transaction.atomic():
            answers = Answer.objects.bulk_create(
                [
                    Answer(
                        question_id=questions[(start + i) % len(questions)][0],
                        author=authors[(start + i) % SCALE_AUTHORS],
                        body=f"Reply number {start + i}: have you tried restarting the box?",
                        body_html=f"<p>Reply number {start + i}: have you tried restarting "
                        "the box?</p>",
                        body_text=f"Reply number {start + i}: have you tried restarting the box?",
                        state=PostState.PENDING,
                    )
                    for i in range(size)
                ]
            )
            items = []
            for i, answer in enumerate(answers):
                n = start + i
                question_id, topic_id, title = questions[n % len(questions)]
                kind, severity, reasons = SCALE_KINDS[n % len(SCALE_KINDS)]
                flags = (n % 5) + 1 if kind == QueueItem.Kind.FLAG else 0
                item = QueueItem(
                    kind=kind,
                    content_type=answer_type,
                    object_id=answer.pk,
                    question_id=question_id,
                    topic_id=topic_id,
                    author_id=answer.author_id,
                    title=title[:200],
                    excerpt=answer.body_text[:300],
                    reasons=reasons,
                    severity=severity,
                    flag_count=flags,
                    flag_weight=flags,
                    created_at=now - timedelta(minutes=(n * 7919) % (30 * 24 * 60)),
                )
                item.compute_priority()
                items.append(item)
            QueueItem.objects.bulk_create(items)
            made += size
    if made:
        # A bulk load leaves the planner's statistics stale until autovacuum comes by: refresh
        # them, as any loader of this size should.
        with connection.cursor() as cursor:
            for model in (QueueItem, Answer):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return made

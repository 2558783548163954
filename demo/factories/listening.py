"""Listening data for the demo and the benchmarks: four weeks of ordinary activity in English and
French, then a bad buzz in one topic today, rolled up and checked by the detector. ``seed_history``
bulk-loads any number of posts over a year for the dashboard's benchmark."""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from tqdm import tqdm
from wagtail.search.backends import get_search_backend

from community import sentiment
from community.models import Answer, Comment, PostState, Question, Tag, TopicPage
from demo.factories.community import (
    QuestionFactory,
    mark_established,
)
from demo.factories.users import VerifiedUserFactory
from moderation.listening import buzz, rollups

User = get_user_model()

# (title, body) per tone, in both languages; {thing} is filled from the topic's words.
QUESTIONS = {
    "neutral": [
        ("How do I set up {thing}?", "I just got it. Which settings should I check first?"),
        ("Comment configurer {thing} ?", "Je viens de l’installer. Quels réglages vérifier ?"),
        ("Is {thing} available in Lille?", "I am moving next month and want to know."),
    ],
    "complaint": [
        (
            "{thing} keeps failing, this is terrible",
            "It broke again this week. Very frustrating, nothing works and support is useless.",
        ),
        (
            "{thing} ne marche plus, c’est nul",
            "Encore en panne cette semaine. Horrible, rien ne fonctionne, je suis déçu.",
        ),
    ],
    "praise": [
        ("Great experience with {thing}", "Thanks a lot, it works perfectly now. Excellent help!"),
        ("Merci pour {thing}", "Merci beaucoup, ça marche parfaitement. Super service !"),
    ],
    "wish": [
        (
            "Feature request: {thing}",
            "It would be great if you could add scheduling to {thing}. Please add it!",
        ),
        ("Suggestion pour {thing}", "Ce serait bien d’avoir un mode avancé pour {thing}."),
    ],
}
ANSWERS = [
    "Try restarting it and checking the settings page; that fixed it for me.",
    "Essayez de le redémarrer puis vérifiez les réglages, ça a marché chez moi.",
    "Thanks, that solved it!",
    "Merci, c’est réglé !",
    "Same problem here since Monday, still broken and nobody answers. Awful.",
]
TOPIC_WORDS = {
    0: ("coverage", ["coverage", "5g", "outage"], "the 5G signal"),
    1: ("camera", ["camera", "battery"], "the camera app"),
    2: ("roaming", ["invoice", "roaming"], "roaming"),
    3: ("wifi", ["wifi", "fibre"], "the Lumio Box Wi-Fi"),
}
SPIKE_POSTS = [
    ("No network in Lyon", "No signal at all since this morning in Lyon, this is unacceptable."),
    ("Panne réseau à Lyon", "Plus aucun réseau depuis ce matin à Lyon, c’est inadmissible !"),
    ("Calls keep dropping", "Calls drop every minute, terrible service, I am furious."),
    ("Toujours pas de réseau", "Toujours pas de réseau, horrible, je vais résilier."),
    ("Outage again?!", "Outage again?! Worst network ever, nothing works."),
    ("Panne totale", "Panne totale, aucun appel ne passe, c’est une honte."),
    ("No 4G in Villeurbanne", "No data in Villeurbanne for hours. Awful, I cannot work."),
    (
        "Réseau mort à Grenoble",
        "Réseau mort à Grenoble depuis midi, service nul et personne ne répond.",
    ),
    ("Emergency call failed", "I could not even call my doctor. Terrible, this is dangerous."),
    ("Impossible d’appeler", "Impossible d’appeler ma famille, c’est scandaleux et inacceptable."),
    ("SMS not delivered", "My texts fail since this morning, horrible service, really angry."),
    ("Plus de SMS", "Mes SMS ne partent plus, c’est nul, je suis furieux."),
    (
        "Signal gone in Saint-Étienne",
        "Zero bars in Saint-Étienne, worst operator, so disappointed.",
    ),
    ("Coupure à Annecy", "Coupure totale à Annecy, c’est lamentable, quelle honte."),
    ("Mobile data down", "Mobile data down again, useless network, I want a refund."),
    ("Internet mobile coupé", "Internet mobile coupé toute la journée, déçu et en colère."),
    ("Lost my client's call", "The network dropped a client call, I lost a contract. Furious."),
    ("Toujours en panne", "Toujours en panne ce soir, c’est horrible, je veux être remboursé."),
]
LISTENERS = 12


def _listeners() -> list:
    found = []
    for n in range(1, LISTENERS + 1):
        username = f"listener{n:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = VerifiedUserFactory(
                username=username, email=f"{username}@example.com", display_name=f"Alex {n:02d}"
            )
            mark_established(user)
        found.append(user)
    return found


def _backdate(model, pk: int, moment) -> None:
    fields = {"created_at": moment}
    if model is Question:
        fields["last_activity_at"] = moment
    model.objects.filter(pk=pk).update(**fields)


def seed_demo_listening(sender=None, home=None, scale: int = 0, posts: int = 0, **kwargs):
    """Four weeks of threads in every topic, then a spike of complaints about an outage in the
    first topic in the last hours, so that the dashboard has trends and an alert to show."""
    if posts:
        seed_history(posts)
    topics = list(TopicPage.objects.live().order_by("path"))
    if len(topics) < 4 or User.objects.filter(username="listener01").exists():
        return []
    rng = random.Random(7)
    readings = {
        text: sentiment.read(text)
        for text in [
            b.format(thing=t)
            for pairs in QUESTIONS.values()
            for _x, b in pairs
            for _w, _n, t in TOPIC_WORDS.values()
        ]
        + ANSWERS
    }
    members = _listeners()
    expert = User.objects.filter(username="expert").first()
    now = timezone.now()
    plan = []  # (question, tag, answer fields or None, accepted, brand)
    for days_ago in range(28, 1, -1):
        day = now - timedelta(days=days_ago)
        for index, topic in enumerate(topics[:4]):
            _word, tags, thing = TOPIC_WORDS[index]
            for _n in range(rng.choice((0, 1, 1, 2))):
                tone = rng.choice(["neutral", "neutral", "complaint", "praise", "wish"])
                title, body = rng.choice(QUESTIONS[tone])
                asked = day + timedelta(hours=rng.randint(7, 20), minutes=rng.randint(0, 59))
                title = title.format(thing=thing)
                question = _read(
                    Question,
                    body.format(thing=thing),
                    readings,
                    author=rng.choice(members),
                    topic=topic,
                    title=title,
                    slug=slugify(title)[:80],
                    created_at=asked,
                    last_activity_at=asked,
                )
                tag = rng.choice(tags)
                if rng.random() < 0.2:
                    plan.append((question, tag, None, False, False))  # left unanswered
                    continue
                answered = asked + timedelta(minutes=rng.randint(15, 30 * 60))
                brand = expert is not None and rng.random() < 0.4
                reply = {
                    "author": expert if brand else rng.choice(members),
                    "body": rng.choice(ANSWERS[:2]),
                    "at": answered,
                    "comment": rng.choice(ANSWERS[2:]),
                }
                plan.append((question, tag, reply, rng.random() < 0.5, brand))
    with transaction.atomic():
        # In bulk, the way the benchmark's history is loaded: a few hundred posts through the
        # factories (one search-index write each) made every browser test's demo slower.
        questions = [q for q, *_rest in plan]
        _bulk(Question, questions)
        tag_ids = {
            name: Tag.objects.get_or_create(name=name)[0].pk for name in {t for _q, t, *_r in plan}
        }
        Question.tags.through.objects.bulk_create(
            [Question.tags.through(question_id=q.pk, tag_id=tag_ids[t]) for q, t, *_r in plan]
        )
        answers, comments = [], []
        for question, _tag, reply, _accepted, brand in plan:
            if reply is None:
                continue
            answers.append(
                _read(
                    Answer,
                    reply["body"],
                    readings,
                    question=question,
                    author=reply["author"],
                    by_brand=brand,
                    created_at=reply["at"],
                )
            )
            comments.append(
                _read(
                    Comment,
                    reply["comment"],
                    readings,
                    question=question,
                    author=question.author,
                    created_at=reply["at"] + timedelta(hours=1),
                )
            )
        _bulk(Answer, answers)
        _bulk(Comment, comments)
        replies = iter(answers)
        for question, _tag, reply, accepted, brand in plan:
            if reply is None:
                continue
            answer = next(replies)
            question.answer_count, question.has_brand_answer = 1, brand
            if accepted:
                question.accepted_answer = answer
                question.accepted_at = answer.created_at + timedelta(hours=2)
        Question.objects.bulk_update(
            questions, ["answer_count", "has_brand_answer", "accepted_answer", "accepted_at"]
        )
        search = get_search_backend()
        search.add_bulk(Question, questions)
        search.add_bulk(Answer, answers)
        # Today: the outage, through the factories (as members would post it).
        outage = Tag.objects.get_or_create(name="outage")[0]
        for n in range(len(SPIKE_POSTS)):
            moment = now - timedelta(minutes=20 * (n + 1))
            title, body = SPIKE_POSTS[n]
            question = QuestionFactory(
                author=members[n % len(members)],
                topic=topics[0],
                title=title,
                body=body,
                tags=[outage.name],
            )
            _backdate(Question, question.pk, moment)
    rollups.rebuild()
    buzz.detect()
    return []


# --- a year of history, in bulk, for the benchmarks ----------------------------------------------


def seed_history(count: int, *, days: int = 365, batch: int = 5000) -> int:
    """``count`` posts over the last ``days``: a question in four, two answers and a comment per
    two questions, on the demo topics and tags, from 2 000 members. Their tones are read once
    per text (the texts repeat), so loading a million posts takes minutes, not hours."""
    topics = list(TopicPage.objects.live().order_by("path")[:4])
    if not topics:
        return 0
    rng = random.Random(11)
    authors = _bulk_members(2000)
    texts = [t for pairs in QUESTIONS.values() for t in pairs]
    readings = {body: sentiment.read(body) for _title, body in texts}
    readings.update({body: sentiment.read(body) for body in ANSWERS})
    tags = {
        name: Tag.objects.get_or_create(name=name)[0].pk
        for _w, names, _t in TOPIC_WORDS.values()
        for name in names
    }
    now = timezone.now()
    made = 0
    with tqdm(total=count, desc="posts", unit="post") as bar:
        while made < count:
            size = min(batch, count - made)
            questions = []
            for _n in range(max(1, size // 4)):
                index = rng.randrange(len(topics))
                _word, names, thing = TOPIC_WORDS[index]
                title, body = rng.choice(texts)
                moment = now - timedelta(seconds=rng.randrange(days * 86400))
                question = _read(
                    Question,
                    body,
                    readings,
                    author_id=rng.choice(authors),
                    topic=topics[index],
                    title=title.format(thing=thing)[:200],
                    slug="question",
                    last_activity_at=moment,
                    created_at=moment,
                )
                question._tag = tags[rng.choice(names)]
                questions.append(question)
            with transaction.atomic():
                _bulk(Question, questions)
                Question.tags.through.objects.bulk_create(
                    [Question.tags.through(question_id=q.pk, tag_id=q._tag) for q in questions]
                )
                answers, comments = [], []
                for question in questions:
                    for _n in range(2):
                        later = timedelta(minutes=rng.randint(5, 3000))
                        answers.append(
                            _read(
                                Answer,
                                rng.choice(ANSWERS),
                                readings,
                                question=question,
                                author_id=rng.choice(authors),
                                created_at=min(question.created_at + later, now),
                            )
                        )
                    later = timedelta(minutes=rng.randint(60, 4000))
                    comments.append(
                        _read(
                            Comment,
                            rng.choice(ANSWERS[2:]),
                            readings,
                            question=question,
                            author_id=question.author_id,
                            created_at=min(question.created_at + later, now),
                        )
                    )
                _bulk(Answer, answers)
                _bulk(Comment, comments)
                Question.objects.filter(pk__in=[q.pk for q in questions]).update(answer_count=2)
            step = len(questions) + len(answers) + len(comments)
            made += step
            bar.update(step)
    return made


def _read(model, body: str, readings: dict, **fields):
    """A published post of the history, with the tone its text was read to have."""
    reading = readings[body]
    return model(
        body=body,
        body_html=f"<p>{escape(body)}</p>",
        body_text=body,
        state=PostState.PUBLISHED,
        is_public=True,
        sentiment=reading.score,
        tone=reading.tone,
        language=reading.language,
        **fields,
    )


@contextmanager
def _own_timestamps(model):
    """Let bulk_create keep the creation times given (history happened in the past)."""
    field = model._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def _bulk(model, rows: list) -> None:
    """bulk_create skips save(), where the tone is read: the rows carry theirs already."""
    with _own_timestamps(model):
        model.objects.bulk_create(rows, batch_size=1000)


def _bulk_members(count: int) -> list[int]:
    existing = list(
        User.objects.filter(username__startswith="history-").values_list("pk", flat=True)[:count]
    )
    if len(existing) >= count:
        return existing
    users = User.objects.bulk_create(
        [
            User(username=f"history-{n:05d}", email=f"history-{n:05d}@example.com", password="!")
            for n in range(len(existing), count)
        ]
    )
    return existing + [u.pk for u in users]

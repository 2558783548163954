"""The tone of posts: English and French, offline, behind one small interface."""

import pytest

from community import sentiment
from community import services as community
from community.models import Tone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "language", "tone"),
    [
        ("This update is terrible, my phone keeps crashing. Awful.", "en", "complaint"),
        ("Thanks a lot, it works perfectly now. Excellent help!", "en", "praise"),
        ("It would be great if you could add a dark mode.", "en", "wish"),
        ("How do I set up voicemail on my new phone?", "en", "neutral"),
        ("Cette mise à jour est horrible, mon téléphone plante sans arrêt.", "fr", "complaint"),
        ("Merci beaucoup, ça marche parfaitement !", "fr", "praise"),
        ("Ce serait bien d’avoir un mode sombre dans l’application.", "fr", "wish"),
        ("Comment configurer la messagerie vocale ?", "fr", "neutral"),
    ],
)
def test_the_tone_of_english_and_french_posts(text, language, tone):
    reading = sentiment.read(text)
    assert (reading.language, reading.tone) == (language, tone)
    assert -1 <= reading.score <= 1


def test_empty_and_huge_texts_are_read_without_trouble():
    assert sentiment.read("").tone == "neutral"
    reading = sentiment.read("terrible " * 50_000)
    assert reading.tone == "complaint"


def test_a_post_gets_its_tone_when_written_and_again_when_edited(established, topic):
    question = community.ask_question(
        author=established,
        title="Roaming",
        body="Thanks, roaming works perfectly. Great!",
        topic=topic,
    )
    assert question.tone == Tone.PRAISE and question.language == "en"
    community.edit_post(
        question,
        by=established,
        title="Roaming",
        body="Roaming is broken again, terrible and useless.",
    )
    question.refresh_from_db()
    assert question.tone == Tone.COMPLAINT


class EverythingIsFine:
    def read(self, text):
        return sentiment.Reading("en", 1.0, "praise")


def test_another_analyser_replaces_the_default_by_setting(settings, established, topic):
    settings.AGORA_SENTIMENT_ANALYSER = "tests.community.test_sentiment.EverythingIsFine"
    sentiment.analyser.cache_clear()
    try:
        question = community.ask_question(
            author=established, title="Outage", body="Terrible outage, nothing works.", topic=topic
        )
        assert (question.tone, question.sentiment) == ("praise", 1.0)
    finally:
        sentiment.analyser.cache_clear()

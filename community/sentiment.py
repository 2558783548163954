"""The tone of a post, in English and French, read offline when the post is saved.

One small interface: an analyser is any object with ``read(text) -> Reading``. The one in use
is named by the ``AGORA_SENTIMENT_ANALYSER`` setting (a dotted path), so a better analyser (a
model served in-house, say) replaces the default without touching the rest of the hub.

The default, ``LexiconAnalyser``, tells the language with py3langid (its model ships with the
package) and scores with VADER's English lexicon or its French adaptation (vaderSentiment-fr);
both are rule-based and need no download at run time. The score is VADER's compound score,
from -1 (very negative) to +1 (very positive).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from py3langid.langid import MODEL_FILE, LanguageIdentifier
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as English

with warnings.catch_warnings():
    # The French package imports fuzzywuzzy, which warns that it runs in pure Python.
    warnings.simplefilter("ignore")
    from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer as French

# Enough to read the tone of a post; a 50 000-character body adds cost, not meaning.
MAX_CHARS = 3000
# Compound scores past these read as praise / a complaint. VADER's own ±0.05 calls too much of
# a support forum's matter-of-fact text positive or negative: "How do I fix this problem?"
# scores -0.40 and is a question, not a complaint; "terrible, it keeps crashing" scores -0.48.
PRAISE_FROM = 0.35
COMPLAINT_FROM = -0.45

# A wish asks for something the product does not do yet; the words say it more surely than the
# score does ("it would be great if…" reads as positive).
WISH_CUES = {
    "en": re.compile(
        r"\b(would be (great|nice|good|awesome|helpful|useful)|would love|i wish|please add|"
        r"(could|can|would) you (please )?add|feature request|it would help|"
        r"(should|could) (add|support|offer|allow)|suggestion)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"(ce serait (bien|génial|top|super|pratique|utile)|j['’]aimerais|j['’]adorerais|"
        r"pourriez-vous ajouter|pouvez-vous ajouter|il faudrait|je souhaiterais|"
        r"serait-il possible|suggestion|ce qui manque)",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True)
class Reading:
    language: str  # "en" or "fr"
    score: float  # -1 … +1
    tone: str  # one of community.models.Tone


class Analyser(Protocol):
    def read(self, text: str) -> Reading: ...


def tone_of(score: float, *, wish: bool) -> str:
    if wish:
        return "wish"
    if score >= PRAISE_FROM:
        return "praise"
    if score <= COMPLAINT_FROM:
        return "complaint"
    return "neutral"


class LexiconAnalyser:
    """VADER in English and in French, the language told by py3langid."""

    def __init__(self) -> None:
        # An identifier of our own: py3langid's module-level one is shared process state.
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
        self._identifier.set_languages(["en", "fr"])
        self._scorers = {"en": English(), "fr": French()}

    def language(self, text: str) -> str:
        found, _confidence = self._identifier.classify(text)
        return found if found in self._scorers else "en"

    def read(self, text: str) -> Reading:
        text = " ".join(text[:MAX_CHARS].split())
        if not text:
            return Reading("en", 0.0, "neutral")
        language = self.language(text)
        score = round(float(self._scorers[language].polarity_scores(text)["compound"]), 4)
        return Reading(language, score, tone_of(score, wish=bool(WISH_CUES[language].search(text))))


@cache
def analyser() -> Analyser:
    return import_string(settings.AGORA_SENTIMENT_ANALYSER)()


def read(text: str) -> Reading:
    return analyser().read(text)

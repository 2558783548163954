"""Who speaks for the brand: the public identity of brand voices (PRODUCT.md principle 1).

The hub shows a post's author; a higher app (experts) knows which authors are verified brand
voices and what their real name, photo and job title are. It registers a provider here, and
every place that shows content (threads, listings, search, emails, feeds) asks
``identities_for`` once for all the authors it shows, instead of once per post.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


def initials_of(name: str) -> str:
    """ "Inès Haddad" → "IH": what an avatar shows without a photo."""
    return "".join(part[0] for part in name.split()[:2]).upper() or "?"


@dataclass(frozen=True)
class Identity:
    """The public face of a brand voice."""

    user_id: int
    name: str  # the real name
    job_title: str
    department: str
    photo_url: str  # empty when there is no photo
    url: str  # the public profile page
    badge: str  # "Verified expert", "Community team"…, already translated
    departed: bool = False

    @property
    def initials(self) -> str:
        return initials_of(self.name)

    @property
    def role_line(self) -> str:
        return " · ".join(part for part in (self.job_title, self.department) if part)

    @property
    def signature(self) -> str:
        """One line for text emails and feeds: "Inès Haddad, Network engineer (Verified expert)"."""
        title = f", {self.job_title}" if self.job_title else ""
        return f"{self.name}{title} ({self.badge})"


IdentityProvider = Callable[[list[int]], dict[int, Identity]]
_providers: list[IdentityProvider] = []


def register_identity_provider(provider: IdentityProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def identities_for(user_ids: Iterable[int | None]) -> dict[int, Identity]:
    """The identities of those of these members who speak for the brand (one lookup per
    provider, whatever the number of members)."""
    ids = sorted({uid for uid in user_ids if uid})
    found: dict[int, Identity] = {}
    if not ids:
        return found
    for provider in _providers:
        for uid, identity in provider(ids).items():
            found.setdefault(uid, identity)
    return found


def identity_of(user_id: int | None) -> Identity | None:
    return identities_for([user_id]).get(user_id) if user_id else None

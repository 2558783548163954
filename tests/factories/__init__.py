"""factory_boy factories shared by the tests and by seed_demo."""

from .pages import ContentPageFactory, TopicPageFactory, ensure_community_index, ensure_home_page
from .users import (
    DEMO_ROLES,
    StaffGroupFactory,
    UserFactory,
    VerifiedUserFactory,
    activate_totp,
    ensure_role_groups,
)

__all__ = [
    "DEMO_ROLES",
    "ContentPageFactory",
    "StaffGroupFactory",
    "TopicPageFactory",
    "UserFactory",
    "VerifiedUserFactory",
    "activate_totp",
    "ensure_community_index",
    "ensure_home_page",
    "ensure_role_groups",
]

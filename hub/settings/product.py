"""The product's rules, with PRODUCT.md's reference numbers as defaults: the community's
posting limits, moderation (watches, warnings, suspensions, spam checks), the experts' routing
and business hours, escalation to customer support, and employees' expert applications.
Settings only; ``base`` takes them in."""

from .environment import env, env_bool, env_list

# --- Community: limits from PRODUCT.md's reference numbers -----------------------------------
# A member is new until one of their posts has been approved; brand voices and moderators are
# never limited. Every exceeded limit tells the member when to try again.
AGORA_NEW_MEMBER_LIMITS = {
    "seconds_between_posts": int(env("AGORA_NEW_SECONDS_BETWEEN_POSTS", "30")),
    "seconds_between_questions": int(env("AGORA_NEW_SECONDS_BETWEEN_QUESTIONS", "120")),
    "posts_first_day": int(env("AGORA_NEW_POSTS_FIRST_DAY", "10")),
    "max_links": int(env("AGORA_NEW_MAX_LINKS", "2")),
    "images": env_bool("AGORA_NEW_IMAGES", False),
}
AGORA_MEMBER_LIMITS = {
    "seconds_between_posts": int(env("AGORA_SECONDS_BETWEEN_POSTS", "5")),
    "seconds_between_questions": int(env("AGORA_SECONDS_BETWEEN_QUESTIONS", "30")),
    "max_links": int(env("AGORA_MAX_LINKS", "20")),
    "images": True,
}
# What reads the tone of posts (community.sentiment): any class with read(text) -> Reading.
AGORA_SENTIMENT_ANALYSER = env("AGORA_SENTIMENT_ANALYSER", "community.sentiment.LexiconAnalyser")
AGORA_VOTES_PER_DAY = int(env("AGORA_VOTES_PER_DAY", "40"))
AGORA_FLAGS_TO_HIDE = int(env("AGORA_FLAGS_TO_HIDE", "3"))
# Moderation: how long a watch (approve-and-watch) and a warning last, the suspension ladder,
# when the assignee of a waiting queue item is reminded, and the local spam checks.
AGORA_WATCH_DAYS = int(env("AGORA_WATCH_DAYS", "30"))
AGORA_WARNING_DAYS = int(env("AGORA_WARNING_DAYS", "90"))
AGORA_SUSPENSION_STEPS = [int(d) for d in env_list("AGORA_SUSPENSION_STEPS", "1,3,7,30")]
AGORA_QUEUE_REMIND_HOURS = float(env("AGORA_QUEUE_REMIND_HOURS", "24"))
AGORA_SPAM_CHECKS = env_bool("AGORA_SPAM_CHECKS", True)
AGORA_SPAM_MIN_REPEATED_CHARS = int(env("AGORA_SPAM_MIN_REPEATED_CHARS", "40"))
AGORA_SPAM_MIN_TYPED_CHARS = int(env("AGORA_SPAM_MIN_TYPED_CHARS", "300"))
AGORA_SPAM_CHARS_PER_SECOND = float(env("AGORA_SPAM_CHARS_PER_SECOND", "25"))
# Akismet checks every post when a key is set (its client times out after
# PYTHON_AKISMET_TIMEOUT seconds, 1 by default; a post it cannot check waits in the queue).
AKISMET_API_KEY = env("AKISMET_API_KEY", "")
AKISMET_SITE_URL = env("AKISMET_SITE_URL", env("BASE_URL", "http://127.0.0.1:8000"))
AKISMET_TEST_MODE = env_bool("AKISMET_TEST_MODE", False)
# First posts of new members wait for a moderator until one is approved.
AGORA_PREMODERATE_NEW_MEMBERS = env_bool("AGORA_PREMODERATE_NEW_MEMBERS", True)
AGORA_MAX_BODY_CHARS = int(env("AGORA_MAX_BODY_CHARS", "20000"))
AGORA_MAX_COMMENT_CHARS = int(env("AGORA_MAX_COMMENT_CHARS", "1000"))
AGORA_MAX_IMAGES_PER_POST = int(env("AGORA_MAX_IMAGES_PER_POST", "4"))

# --- Experts and routing ------------------------------------------------------------------------
# Every routed question has a response target counted in the brand's business hours.
AGORA_RESPONSE_TARGET_HOURS = float(env("AGORA_RESPONSE_TARGET_HOURS", "24"))
AGORA_BUSINESS_TIMEZONE = env("AGORA_BUSINESS_TIMEZONE", env("TIME_ZONE", "Europe/Paris"))
AGORA_BUSINESS_DAYS = [int(d) for d in env_list("AGORA_BUSINESS_DAYS", "0,1,2,3,4")]
AGORA_BUSINESS_HOURS = tuple(int(h) for h in env_list("AGORA_BUSINESS_HOURS", "9,18"))
# How many experts each new question goes to.
AGORA_ROUTE_TO_EXPERTS = int(env("AGORA_ROUTE_TO_EXPERTS", "1"))

# Escalation to customer support: a signed webhook and/or an email per case; the support
# system reports the case's status back to /support/webhook/, signed with the inbound secret.
AGORA_SUPPORT_WEBHOOK_URL = env("AGORA_SUPPORT_WEBHOOK_URL")
AGORA_SUPPORT_WEBHOOK_SECRET = env("AGORA_SUPPORT_WEBHOOK_SECRET")
AGORA_SUPPORT_INBOUND_SECRET = env("AGORA_SUPPORT_INBOUND_SECRET") or AGORA_SUPPORT_WEBHOOK_SECRET
AGORA_SUPPORT_EMAIL = env("AGORA_SUPPORT_EMAIL")
AGORA_SUPPORT_TIMEOUT = float(env("AGORA_SUPPORT_TIMEOUT", "5"))
AGORA_SUPPORT_TOLERANCE_SECONDS = int(env("AGORA_SUPPORT_TOLERANCE_SECONDS", "300"))
# Employees: sign-ins with these email domains or this SSO provider get a pre-filled expert
# application (the domain proves nothing alone: the community manager still verifies).
AGORA_COMPANY_EMAIL_DOMAINS = [d.lower() for d in env_list("AGORA_COMPANY_EMAIL_DOMAINS")]
AGORA_COMPANY_SSO_PROVIDER = env(
    "AGORA_COMPANY_SSO_PROVIDER", env("SSO_OIDC_PROVIDER_ID", "company")
)

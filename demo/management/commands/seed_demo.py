"""Demo content for a fictional telecom brand, built from the factories the tests use.

Idempotent: running it twice changes nothing. ``--scale N`` adds N members (and, as later
capabilities add them, their content) for the benchmarks. Refused where demo accounts must
never exist (AGORA_ALLOW_DEMO off, as in production settings).
"""

import json

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from tqdm import tqdm
from wagtail.models import Site

from demo.factories.community import seed_demo_community
from demo.factories.demo_content import HOME_SECTIONS, LEGAL_PAGES
from demo.factories.experts import seed_demo_experts
from demo.factories.listening import seed_demo_listening
from demo.factories.moderation import seed_demo_moderation
from demo.factories.pages import ContentPageFactory, ensure_home_page
from demo.factories.reputation import seed_demo_reputation
from demo.factories.users import (
    COMMUNITY_MANAGERS,
    DEMO_ROLES,
    VerifiedUserFactory,
    activate_totp,
    ensure_role_groups,
    grant_page_permissions,
)
from hub.models import BrandSettings, ContentPage, HomePage, Profile
from hub.site import address_of_base_url, sync_sites

User = get_user_model()

# Each capability's demo content, in the order they build on each other: topics and threads,
# the members' reputation, experts and their sections, the moderation queue, and last the
# listening history (it rolls up and checks everything the steps before made). Each step is
# idempotent and may return the accounts it created, as (username, email, role) triples.
STEPS = (
    seed_demo_community,
    seed_demo_reputation,
    seed_demo_experts,
    seed_demo_moderation,
    seed_demo_listening,
)


class Command(BaseCommand):
    help = "Create the demo brand, pages and one account per role (never in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=0, help="Add this many extra members and open queue items."
        )
        parser.add_argument(
            "--posts",
            type=int,
            default=0,
            help="Add this many posts of history over the last year (for the dashboard's bench).",
        )
        parser.add_argument("--quiet", action="store_true", help="Do not print the accounts.")

    def handle(self, *args, scale: int, quiet: bool, posts: int = 0, **options):
        if not getattr(settings, "AGORA_ALLOW_DEMO", False):
            raise CommandError("Demo content is disabled here (AGORA_ALLOW_DEMO is off).")
        if scale < 0 or posts < 0:
            raise CommandError("--scale and --posts must be zero or more.")
        with transaction.atomic():
            home = self.seed_pages()
            self.seed_brand(home)
            accounts = self.seed_accounts()
            grant_page_permissions(COMMUNITY_MANAGERS, home)
            for step in STEPS:
                accounts.extend(step(home=home, scale=scale, posts=posts) or ())
        if scale:
            self.seed_scale(scale)
        if not quiet:
            self.print_accounts(accounts)

    def seed_pages(self) -> HomePage:
        home = ensure_home_page(title="Lumio Community")
        if not home.body:
            home.intro = "Ask, answer and get help from Lumio's experts and customers."
            home.body = json.dumps(HOME_SECTIONS)
            home.save_revision().publish()
        for title, intro in LEGAL_PAGES:
            ContentPageFactory(title=title, slug=slugify(title), intro=intro)
        return home

    def seed_brand(self, home: HomePage) -> None:
        """The demo brand, on the address BASE_URL names: the Wagtail site (its name heads the
        admin), Django's Site (allauth's emails, the feeds) and the emails' sender follow it."""
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = address_of_base_url()
        site.site_name = "Lumio Community"
        site.save()
        brand = BrandSettings.for_site(site)
        brand.name = "Lumio Community"
        brand.tagline = "Help from Lumio's customers and experts, on mobile, internet and billing."
        brand.support_url = "https://support.lumio.example/"
        brand.support_email = "care@lumio.example"
        pages = {p.slug: p for p in ContentPage.objects.child_of(home)}
        brand.terms_page = pages.get("terms-of-use")
        brand.privacy_page = pages.get("privacy-policy")
        brand.legal_notice_page = pages.get("legal-notice")
        brand.save()
        sync_sites()

    def seed_accounts(self) -> list[tuple[str, str, str]]:
        groups = ensure_role_groups()
        accounts = []
        for username, (display_name, group, superuser) in DEMO_ROLES.items():
            user = VerifiedUserFactory(
                username=username, email=f"{username}@demo.example", display_name=display_name
            )
            user.is_superuser = user.is_staff = superuser
            first, _, last = display_name.partition(" ")
            user.first_name, user.last_name = first, last
            user.save()
            if group:
                user.groups.add(groups[group])
            role = group or ("Wagtail admin" if superuser else "Member")
            if superuser or group:
                activate_totp(user, settings.DEMO_TOTP_SECRET)
                role += " (TOTP)"
            accounts.append((username, user.email, role))
        return accounts

    def seed_scale(self, count: int) -> None:
        existing = set(
            User.objects.filter(username__startswith="demo-").values_list("username", flat=True)
        )
        batch = 500
        names = [f"demo-{i:07d}" for i in range(count) if f"demo-{i:07d}" not in existing]
        password = make_password(None)  # unusable: scale members never sign in
        for start in tqdm(
            range(0, len(names), batch), desc="members", unit="batch", disable=not names
        ):
            chunk = names[start : start + batch]
            with transaction.atomic():
                # bulk_create sets primary keys on PostgreSQL and SQLite alike.
                users = User.objects.bulk_create(
                    [User(username=n, email=f"{n}@demo.example", password=password) for n in chunk]
                )
                Profile.objects.bulk_create(
                    [
                        Profile(user=u, display_name=u.username.replace("-", " ").title())
                        for u in users
                    ],
                    ignore_conflicts=True,
                )
                EmailAddress.objects.bulk_create(
                    [
                        EmailAddress(user=u, email=u.email, verified=True, primary=True)
                        for u in users
                    ],
                    ignore_conflicts=True,
                )

    def print_accounts(self, accounts) -> None:
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"Password for every account: {settings.DEMO_PASSWORD}")
        self.stdout.write(f"TOTP secret for admin accounts: {settings.DEMO_TOTP_SECRET}")
        for username, email, role in accounts:
            self.stdout.write(f"  {username:<15} {email:<28} {role}")

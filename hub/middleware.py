from datetime import UTC, datetime

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .permissions import can_access_admin, requires_mfa

LANGUAGE_SESSION_KEY = "agora_language"
SUPPORTED = {code for code, _name in settings.LANGUAGES}


class MemberLanguageMiddleware:
    """A signed-in member reads the hub in the language of their profile.

    The language is kept in the session at log-in (and when the member changes it), so this
    costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = (
            request.session.get(LANGUAGE_SESSION_KEY) if hasattr(request, "session") else None
        )
        if language in SUPPORTED and request.user.is_authenticated:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def used_mfa_in_session(request) -> bool:
    """Did this session pass a second factor: a code at log-in or re-authentication, or by
    setting up TOTP (which takes a valid code) after it signed in?"""
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    if not records:
        return False
    signed_in_at = min(record.get("at", float("inf")) for record in records)
    return Authenticator.objects.filter(
        user=request.user,
        type=Authenticator.Type.TOTP,
        created_at__gte=datetime.fromtimestamp(signed_in_at, tz=UTC),
    ).exists()


class RejectNulMiddleware:
    """A NUL character has no place in an address: such a path is not found, hub-wide.

    Databases refuse the character (PostgreSQL raises on it), so a view that looked the path
    up would fail with a server error instead of a 404.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in request.path_info:
            raise Http404
        return self.get_response(request)


def _no_permission(*args, **kwargs) -> bool:
    return False


def _no_permissions(*args, **kwargs) -> set:
    return set()


def mfa_url(request) -> str:
    """Where this staff account gets its second factor: set it up, or give a code again."""
    name = "mfa_reauthenticate" if is_mfa_enabled(request.user) else "mfa_activate_totp"
    next_url = request.get_full_path() if request.method == "GET" else "/"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def withhold_staff_powers(request) -> None:
    """Take every permission from this request's user object (never saved: the account keeps
    them), so each staff power refuses, wherever it is asked: the permission checks of the
    hub all go through ``has_perm``."""
    user = request.user
    user.has_perm = _no_permission
    user.has_perms = _no_permission
    user.has_module_perms = _no_permission
    user.get_all_permissions = _no_permissions
    user.get_user_permissions = _no_permissions
    user.get_group_permissions = _no_permissions
    user.agora_needs_mfa = True
    user.agora_mfa_url = mfa_url(request)


class StaffMFAMiddleware:
    """No staff power works without two-factor authentication in this session.

    In the Wagtail admin, an account without a second factor is sent to set one up, and one
    that has it but signed in without it (an old session) is asked for a code again. On the
    public pages the same account reads as a member: its permissions are withheld for the
    request, so approving, hiding, reading hidden revisions or escalating is refused (403), and
    every page tells it how to get its powers back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith("/admin/")
            and request.user.is_authenticated
            and not can_access_admin(request.user)
        ):
            # Wagtail would send a signed-in member to the log-in page, which sends them back
            # here: a redirect loop. Say plainly that the admin is not theirs.
            raise PermissionDenied(_("Your account does not give access to the administration."))
        if request.path.startswith("/admin/") and requires_mfa(request.user):
            if not is_mfa_enabled(request.user):
                messages.warning(
                    request,
                    _(
                        "Accounts that can open the admin must set up two-factor authentication first."
                    ),
                )
                return redirect(
                    f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}"
                )
            if not used_mfa_in_session(request):
                return redirect(
                    f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}"
                )
        elif requires_mfa(request.user) and not used_mfa_in_session(request):
            withhold_staff_powers(request)
            response = self.get_response(request)
            match = getattr(request, "resolver_match", None)
            if response.status_code == 404 and match and match.url_name != "wagtail_serve":
                # What the withheld powers hide (a pending post, a hidden revision) reads as
                # refused, not as missing: the account has the power, this session does not.
                raise PermissionDenied(
                    _("This needs a session that passed two-factor authentication.")
                )
            return response
        return self.get_response(request)

import base64
import hashlib
import hmac
import io
import re
import struct
import threading
import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.admin.viewsets import viewsets as admin_viewsets

from demo.factories.users import activate_totp


def current_totp(secret: str, at: float | None = None, digits: int = 6, period: int = 30) -> str:
    """RFC 6238 code for a base32 secret, as an authenticator app computes it. Without ``at``,
    a code about to expire is not handed out: the next one is awaited, as a person would (the
    hub accepts no code from a past period, and a slow request could cross the boundary)."""
    if at is None:
        left = period - time.time() % period
        if left < 3:
            time.sleep(left + 0.05)
    counter = int((at or time.time()) // period)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def image_bytes(fmt: str = "PNG", size=(64, 48), colour=(200, 30, 30), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def link_in(body: str, path_fragment: str) -> str:
    match = re.search(rf"https?://[^\s]+{re.escape(path_fragment)}[^\s]*", body)
    assert match, f"no link with {path_fragment!r} in: {body}"
    return match.group(0)


ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def pass_second_factor(client, user) -> None:
    """Leave ``client``'s session as the log-in pages would after a password and a TOTP code
    (tests/hub/test_mfa.py walks the pages themselves; every other test starts past them)."""
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()


def admin_login(client, user):
    """Sign ``user`` in as the admin requires: a TOTP authenticator of their own, and a session
    past the password and the second factor."""
    activate_totp(user, ADMIN_TOTP_SECRET)
    Client.force_login(client, user)
    pass_second_factor(client, user)
    return client


class SignedInClient(Client):
    """A test client whose ``force_login`` leaves the session as the log-in pages would after
    a password and a second factor, so staff powers work without walking through the pages.
    ``mfa=False`` leaves it as after a password alone (staff powers then stay withheld)."""

    def force_login(self, user, backend=None, *, mfa: bool = True):
        super().force_login(user, backend)
        if mfa:
            pass_second_factor(self, user)


def admin_form_class(viewset_name: str, *, for_update: bool = False):
    """The form class the admin's model viewset ``viewset_name`` builds for its add (or edit)
    view (its panels, on the base form class it names)."""
    reverse("wagtailadmin_home")  # the admin's URLs are what register its viewsets
    [viewset] = [v for v in admin_viewsets.viewsets if v.name == viewset_name]
    return viewset.get_form_class(for_update=for_update)


def run_concurrently(action, times: int) -> list[Exception]:
    """Call ``action`` from ``times`` threads at once (each with its own database connection);
    return the errors they raised."""
    from django.db import connection

    errors = []

    def run():
        try:
            action()
        except Exception as error:  # pragma: no cover - shown on failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors

"""The Content-Security-Policy of the Wagtail admin.

The public hub runs with the strict policy of ``CONTENT_SECURITY_POLICY`` (no inline script or
style). Wagtail's admin cannot: some of its widgets and panels write inline scripts and its
interface sets inline styles. Rather than going without a policy, the admin gets its own,
``AGORA_ADMIN_CONTENT_SECURITY_POLICY``: what Wagtail needs, nothing more (no eval, nothing from
another origin, no inline event handlers, never framed by another site).
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings
from django.urls import reverse


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, with the admin's policy for the admin's addresses."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts  # a view that set its own policy keeps it
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview as a request for the page itself, through this
            # middleware: the page's own (public) policy, except that the editor's preview
            # panel, on this site, may frame it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
            return parts
        if not request.path_info.startswith(admin_prefix()):
            return parts
        directives = dict(settings.AGORA_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        # Wagtail's previews are shown in a frame of the editor (the view says SAMEORIGIN);
        # every other admin page refuses to be framed at all.
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            directives["frame-ancestors"] = ["'self'"]
        parts.config = directives
        return parts

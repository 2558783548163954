"""Security headers shared by every environment: content sniffing, referrer, opener and
framing policies, cookies kept to the site, and the Content-Security-Policies of the public hub
and of Wagtail's admin. production.py adds the HTTPS-only settings. Settings only; ``base``
takes them in."""

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The public hub runs with a strict policy and no inline script or style. Wagtail's admin gets a
# policy of its own (hub.security.CSPMiddleware), below.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# What Wagtail's admin needs, found by loading its screens (dashboard, page editor with its
# preview and choosers, image uploads and focal points, the moderation queue, listening, settings)
# in Chromium and collecting every violation: inline scripts (Wagtail's date pickers and panels
# write them, its scripts insert more) and inline styles; blob: images (the upload previews).
# No eval, nothing from another origin, no inline event handler but the no-op "return;" Jcrop
# sets to detect touch screens (allowed by its hash), and never framed by another site.
AGORA_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "script-src-attr": [
            "'unsafe-hashes'",
            "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='",
        ],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

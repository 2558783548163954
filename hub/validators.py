import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Usernames appear in public addresses (/members/<username>/), so they stay URL-safe.
username_validators = [
    RegexValidator(
        r"^[A-Za-z0-9_.-]+\Z",
        _("Use only letters, digits, dots, hyphens and underscores."),
        code="invalid_username",
    )
]

# Control characters and bidirectional overrides: never wanted in names or titles, and stripped
# from post bodies (tabs and line breaks stay allowed).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

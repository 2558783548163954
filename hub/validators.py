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

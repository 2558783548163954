"""The French catalogue is complete and what the hub serves."""

import ast
import gettext
import re
from pathlib import Path

from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES"


def po_entries(path: Path):
    """(msgid, [msgstr...], flags) for each entry of a .po file."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            yield fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], flags


def unquote(po_string: str) -> str:
    return ast.literal_eval(f'"{po_string}"')


def test_every_message_has_a_french_translation():
    missing = [
        msgid
        for msgid, strs, flags in po_entries(LOCALE / "django.po")
        if not all(strs) or "fuzzy" in flags
    ]
    assert missing == []


def test_the_compiled_catalogue_matches_the_source():
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, strs, _flags in po_entries(LOCALE / "django.po")
        if len(strs) == 1 and compiled.gettext(unquote(msgid)) != unquote(strs[0])
    ]
    assert stale == [], "run `make messages` to compile the French catalogue"


def test_the_hub_speaks_french():
    with translation.override("fr"):
        assert translation.gettext("Skip to content") == "Aller au contenu"

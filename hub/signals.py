"""Signals the hub sends. Higher apps receive them in their receivers.py.

member_anonymised(sender, user_id: int)
    Sent inside the transaction that anonymised a deleted account. Receivers detach or
    anonymise what the member wrote; they must not delete other members' threads.

demo_seeding(sender, home, scale: int, posts: int)
    Sent by ``manage.py seed_demo`` inside its transaction, after the hub's own demo content
    (home page, brand, one account per role). Each app adds its demo content, built from the
    test factories, and ``scale`` more of it for the benchmarks (``posts``: posts of history
    for the listening dashboard's). Receivers must be idempotent.
    A receiver may return the accounts it created, as (username, email, role) triples, for the
    command to print with the others.

collect_member_export(sender, user)
    Sent while building a member's data export. Each receiver returns a list of
    (filename, bytes) pairs that go into the archive under its app's folder.
"""

from django.dispatch import Signal

member_anonymised = Signal()
demo_seeding = Signal()
collect_member_export = Signal()

"""Signals the hub sends. Higher apps receive them in their receivers.py.

member_anonymised(sender, user_id: int)
    Sent inside the transaction that anonymised a deleted account. Receivers detach or
    anonymise what the member wrote; they must not delete other members' threads.

collect_member_export(sender, user)
    Sent while building a member's data export. Each receiver returns a list of
    (filename, bytes) pairs that go into the archive under its app's folder.
"""

from django.dispatch import Signal

member_anonymised = Signal()
collect_member_export = Signal()

"""Who else has a ticket open or is typing a reply: kept in the cache, never in the database.

Each open agent page reports every few seconds; an entry not renewed within the TTL is
gone, so a closed tab drops out by itself. Two agents reporting at the same instant may
overwrite each other's entry; the next report, seconds later, puts it back.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache

from tickets.models import User

PRESENCE_TTL_SECONDS = 20
POLL_SECONDS = 5


@dataclass(frozen=True)
class Viewer:
    user_id: int
    username: str
    name: str
    is_typing: bool


def _key(ticket_id: int) -> str:
    return f"presence:ticket:{ticket_id}"


def _live_entries(ticket_id: int, now: float) -> dict[int, dict]:
    entries = cache.get(_key(ticket_id)) or {}
    return {
        user_id: entry
        for user_id, entry in entries.items()
        if now - entry["seen_at"] < PRESENCE_TTL_SECONDS
    }


def _others(entries: dict[int, dict], user: User) -> list[Viewer]:
    return sorted(
        (
            Viewer(user_id, entry["username"], entry["name"], entry["is_typing"])
            for user_id, entry in entries.items()
            if user_id != user.pk
        ),
        key=lambda viewer: (not viewer.is_typing, viewer.username),
    )


def presence_report(*, ticket_id: int, user: User, is_typing: bool = False) -> list[Viewer]:
    """Record that `user` has the ticket open (and whether they are typing); return the
    other agents who have it open, those typing first."""
    now = time.time()
    entries = _live_entries(ticket_id, now)
    entries[user.pk] = {
        "username": user.username,
        "name": user.get_full_name() or user.username,
        "is_typing": bool(is_typing),
        "seen_at": now,
    }
    cache.set(_key(ticket_id), entries, PRESENCE_TTL_SECONDS)
    return _others(entries, user)


def presence_others(*, ticket_id: int, user: User) -> list[Viewer]:
    """The other agents who have the ticket open, without recording the caller."""
    return _others(_live_entries(ticket_id, time.time()), user)

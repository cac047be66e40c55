"""Seed the django-helpdesk database at the size bench/seed.py gives ours, then print what
the scenarios need as one JSON line.

    PEER_DB_NAME=... PEER_SECRET_KEY=... python seed_peer.py --tickets 100000 --word zebrawood

Runs in bench/.peer-venv. Same shape as ours: 50 agents, tickets over two years, five
follow-ups per ticket on average with one ticket in a thousand at 200, the search word in
one ticket in ~2,000, the same status mix (open, waiting, resolved, closed).
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersite.settings")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# bench/ itself for the shared word list; appended, so its modules never shadow the stdlib.
sys.path.append(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from helpdesk.models import FollowUp, Queue, Ticket  # noqa: E402
from words import COMMON_WORDS as WORDS  # noqa: E402

AGENTS = 50
QUEUES = 10
BATCH = 5_000
LONG_THREAD_EVERY = 1_000
LONG_THREAD_LENGTH = 200
SEARCH_EVERY = 2_000
# open 40 %, resolved 55 %, closed (cancelled) 5 %: the mix bench/seed.py uses.
STATUSES = [(Ticket.OPEN_STATUS, 30), (Ticket.REOPENED_STATUS, 10)]
STATUSES += [(Ticket.RESOLVED_STATUS, 55), (Ticket.CLOSED_STATUS, 5)]


def people() -> tuple[list, object]:
    users = get_user_model()
    agents = []
    for number in range(AGENTS):
        agent, _ = users.objects.get_or_create(
            username=f"agent{number}",
            defaults={"is_staff": True, "email": f"agent{number}@example.com"},
        )
        agents.append(agent)
    return agents, agents[0]


def seed(tickets: int, word: str) -> None:
    rng = random.Random(20261123)
    agents, _ = people()
    queues = [
        Queue.objects.get_or_create(slug=f"q{n}", defaults={"title": f"Queue {n}"})[0]
        for n in range(QUEUES)
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    now = datetime.now(UTC).replace(microsecond=0)
    started = time.monotonic()
    made = 0
    while made < tickets:
        size = min(BATCH, tickets - made)
        batch = []
        for index in range(made, made + size):
            created = now - timedelta(seconds=rng.randint(0, 730 * 86400))
            text = " ".join(rng.choices(WORDS, k=30))
            if index % SEARCH_EVERY == 7:
                text += f" {word}"
            batch.append(
                Ticket(
                    title=" ".join(rng.choices(WORDS, k=4)).capitalize(),
                    queue=rng.choice(queues),
                    created=created,
                    modified=created + timedelta(hours=rng.randint(0, 72)),
                    submitter_email=f"customer{rng.randint(0, 49_999)}@example.com",
                    assigned_to=rng.choice(agents) if rng.random() < 0.7 else None,
                    status=rng.choices(*zip(*STATUSES, strict=True))[0],
                    description=text,
                    priority=rng.randint(1, 5),
                    secret_key=f"{index:036d}",
                )
            )
        Ticket.objects.bulk_create(batch)
        followups = []
        for ticket in batch:
            if ticket.pk % LONG_THREAD_EVERY == 0:
                count = LONG_THREAD_LENGTH
            else:
                count = rng.choice((1, 2, 3, 4, 5, 5, 6, 7, 8, 9))
            for number in range(count):
                followups.append(
                    FollowUp(
                        ticket_id=ticket.pk,
                        date=ticket.created + timedelta(minutes=30 * (number + 1)),
                        title="Comment",
                        comment=" ".join(rng.choices(WORDS, k=20)),
                        public=number % 4 != 3,
                        user=rng.choice(agents) if number % 2 else None,
                    )
                )
        FollowUp.objects.bulk_create(followups, batch_size=BATCH)
        made += size
        print(f"  peer tickets {made:,} ({made / (time.monotonic() - started):,.0f}/s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, required=True)
    parser.add_argument("--word", required=True)
    args = parser.parse_args()
    present = Ticket.objects.count()
    if not args.tickets <= present <= args.tickets * 1.05:
        if present:
            raise SystemExit(f"Peer database holds {present:,} tickets: drop it first.")
        seed(args.tickets, args.word)
    _, agent = people()
    session = SessionStore()
    session["_auth_user_id"] = str(agent.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = agent.get_session_auth_hash()
    session.create()
    five = Ticket.objects.raw(
        "SELECT t.id FROM helpdesk_ticket t JOIN helpdesk_followup f ON f.ticket_id = t.id "
        "GROUP BY t.id HAVING count(*) = 5 ORDER BY t.id LIMIT 1"
    )[0].pk
    print(
        "PEER "
        + json.dumps(
            {
                "session": session.session_key,
                "ticket_5": five,
                "queue": Queue.objects.order_by("pk").first().pk,
                "tickets": Ticket.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    main()

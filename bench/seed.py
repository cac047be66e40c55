"""Seed a PostgreSQL database with a support centre's worth of realistic data, fast.

Rows are generated in a stream and sent with COPY, so memory stays flat whatever the
size. Plain indexes are dropped for the load and rebuilt afterwards (much faster than
maintaining them row by row); constraint indexes stay, so the data is checked as it goes.
"""

import json
import os
import random
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

import psycopg
from django.contrib.auth.hashers import make_password
from django.db import connection

from bench.words import COMMON_WORDS
from tickets.models import Category, Priority
from tickets.sla.models import BusinessHours, SlaPolicy, SlaTarget

CUSTOMERS = 50_000
SELLER_ACCOUNTS = 5_000
AGENTS = 50
VENDORS = 200
PASSWORD = "bench12345"
LONG_THREAD_EVERY = 1_000  # one ticket in a thousand has a 200-message thread
LONG_THREAD_LENGTH = 200
SEARCH_WORD = "zebrawood"  # rare on purpose: one ticket in ~2,000 mentions it
TWO_YEARS = timedelta(days=730)
SLA_FIRST_RESPONSE = timedelta(hours=8)
SLA_RESOLUTION = timedelta(days=3)
SLA_AT_RISK = timedelta(hours=1)
SLA_COLUMNS = (
    "sla_policy_id",
    "sla_first_response_due_at",
    "sla_resolution_due_at",
    "sla_due_at",
    "sla_at_risk_at",
    "sla_paused_since",
    "sla_paused_seconds",
    "sla_first_response_breached_at",
    "sla_resolution_breached_at",
    "sla_alert_at",
    "sla_warned_due_at",
)
LOADED_TABLES = (
    "tickets_ticket",
    "tickets_message",
    "tickets_ticketevent",
    "tickets_rating",
    "tickets_user",
    "tickets_user_seller_accounts",
    "tickets_user_groups",
    "agenttools_tickettag",
)
# Tags with how many tickets in 10,000 carry each: a few common, a long tail of rare ones.
TAG_WEIGHTS = {
    "vip": 800,
    "late-delivery": 500,
    "refund": 300,
    "damaged": 200,
    "escalated": 50,
    "fraud-check": 10,
    "press": 2,
}
RARE_TAG = "press"
CREATED_AT = 18  # the position of created_at in a seeded ticket row
STATUS_WEIGHTS = {
    "resolved": 55,
    "cancelled": 5,
    "open": 15,
    "in_progress": 10,
    "waiting_on_customer": 15,
}
SUBJECTS = [
    "Where is my order",
    "Parcel arrived damaged",
    "Refund not received",
    "Wrong size delivered",
    "Inbound delivery not booked in",
    "Missing items in shipment",
    "Invoice shows a surcharge",
    "Shop integration stopped syncing",
    "Cannot log in to my account",
    "Charged twice for one order",
    "Return label does not print",
    "Stock discrepancy after inventory",
]


def vocabulary(rng: random.Random, size: int = 3_000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ren", "sto", "vel", "dor", "an", "qui", "zen", "pa", "ru"]
    words = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(size * 2)}
    return sorted(words)[:size] + COMMON_WORDS * 20


def bench_sla_policy() -> int:
    """One office policy covering every ticket: weekdays 9 to 6 in Berlin, German holidays."""
    policy = SlaPolicy.objects.create(
        name="Bench office", time_zone="Europe/Berlin", holiday_country="DE"
    )
    SlaTarget.objects.bulk_create(
        SlaTarget(
            policy=policy, priority=priority, first_response_minutes=480, resolution_minutes=1620
        )
        for priority in Priority.values
    )
    BusinessHours.objects.bulk_create(
        BusinessHours(policy=policy, weekday=day, opens_at=clock_time(9), closes_at=clock_time(18))
        for day in range(5)
    )
    return policy.pk


class Seeder:
    def __init__(self, *, tickets: int, seed: int = 20261123, log=print) -> None:
        self.tickets = tickets
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.log = log
        # A random stream of its own, so tags leave every other seeded value unchanged.
        self.tag_rng = random.Random(seed + 1)
        self.tag_ids = {name: number for number, name in enumerate(TAG_WEIGHTS, start=1)}

    def text(self, count: int) -> str:
        return " ".join(self.rng.choices(self.words, k=count))

    def run(self) -> dict:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
            cursor.execute("SET maintenance_work_mem TO '512MB'")
            dropped = self._drop_plain_indexes(cursor)
            # The rows are consistent by construction: skip the per-row foreign-key checks
            # (replica mode) but keep the search-document triggers firing.
            self._search_triggers(cursor, "ENABLE ALWAYS")
            cursor.execute("SET session_replication_role TO replica")
            try:
                self._people(cursor)
                self._tags(cursor)
                counts = self._tickets(cursor)
            finally:
                cursor.execute("SET session_replication_role TO DEFAULT")
                self._search_triggers(cursor, "ENABLE")
            self._step("rebuilding indexes", lambda: self._rebuild(cursor, dropped))
            self._step("resetting sequences and analysing", lambda: self._finish(cursor))
        counts["seconds"] = round(time.monotonic() - started, 1)
        return counts

    def _step(self, label: str, action) -> None:
        started = time.monotonic()
        action()
        self.log(f"  {label}: {time.monotonic() - started:.1f}s")

    def _search_triggers(self, cursor, mode: str) -> None:
        for table in ("tickets_ticket", "tickets_message"):
            cursor.execute(f"ALTER TABLE {table} {mode} TRIGGER {table}_search_document")

    def _drop_plain_indexes(self, cursor) -> list[str]:
        cursor.execute(
            """
            SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename = ANY(%s)
              AND indexname NOT IN (SELECT conname FROM pg_constraint)
            """,
            [list(LOADED_TABLES)],
        )
        definitions = cursor.fetchall()
        for name, _ in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
        return [definition for _, definition in definitions]

    def _rebuild(self, cursor, definitions: list[str]) -> None:
        """Build the dropped indexes on parallel connections, one per core, largest first
        (the message search index alone is a third of the work)."""
        settings = connection.settings_dict
        dsn = psycopg.conninfo.make_conninfo(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"],
            port=settings["PORT"] or None,
        )

        def build(definition: str) -> None:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("SET maintenance_work_mem TO '512MB'")
                conn.execute(definition)

        ordered = sorted(definitions, key=lambda d: ("tickets_message" not in d, "gin" not in d))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(build, ordered))

    def _finish(self, cursor) -> None:
        for table in (*LOADED_TABLES, "tickets_vendor", "agenttools_tag"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        # VACUUM sets the visibility map, so counts can be answered from indexes alone.
        cursor.execute("VACUUM ANALYZE")

    def _copy(self, cursor, table: str, columns: tuple[str, ...], rows: Iterator) -> int:
        count = 0
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def _people(self, cursor) -> None:
        password = make_password(PASSWORD)
        now = self.now
        cursor.execute("INSERT INTO auth_group (name) VALUES ('agents') ON CONFLICT DO NOTHING")
        cursor.execute("SELECT id FROM auth_group WHERE name = 'agents'")
        agents_group = cursor.fetchone()[0]
        self._copy(
            cursor,
            "tickets_selleraccount",
            ("id", "name", "created_at"),
            ((100_000 + n, f"Seller {n}", now) for n in range(SELLER_ACCOUNTS)),
        )
        self._copy(
            cursor,
            "tickets_vendor",
            ("id", "code", "name", "access_key", "secret_key", "created_at"),
            (
                (
                    n + 1,
                    f"A{n + 20_000_000:08d}",
                    f"Vendor {n}",
                    f"bench-access-{n}",
                    f"bench-secret-{n}",
                    now,
                )
                for n in range(VENDORS)
            ),
        )
        columns = (
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "vendor_id",
        )

        def users():
            for n in range(CUSTOMERS):
                yield (
                    n + 1,
                    password,
                    False,
                    f"customer{n}",
                    "Customer",
                    str(n),
                    f"customer{n}@example.com",
                    False,
                    True,
                    now,
                    None,
                )
            for n in range(AGENTS):
                yield (
                    CUSTOMERS + n + 1,
                    password,
                    False,
                    f"agent{n}",
                    "Agent",
                    str(n),
                    f"agent{n}@example.com",
                    False,
                    True,
                    now,
                    None,
                )
            for n in range(VENDORS):
                yield (
                    CUSTOMERS + AGENTS + n + 1,
                    password,
                    False,
                    f"vendor{n}",
                    "Vendor",
                    str(n),
                    f"vendor{n}@example.com",
                    False,
                    True,
                    now,
                    n + 1,
                )

        self._copy(cursor, "tickets_user", columns, users())
        self._copy(
            cursor,
            "tickets_user_seller_accounts",
            ("user_id", "selleraccount_id"),
            ((n + 1, 100_000 + n % SELLER_ACCOUNTS) for n in range(CUSTOMERS)),
        )
        self._copy(
            cursor,
            "tickets_user_groups",
            ("user_id", "group_id"),
            ((CUSTOMERS + n + 1, agents_group) for n in range(AGENTS)),
        )
        self.log(f"  people: {CUSTOMERS} customers, {AGENTS} agents, {VENDORS} vendors")

    def _tags(self, cursor) -> None:
        rows = ((number, name, self.now) for name, number in self.tag_ids.items())
        self._copy(cursor, "agenttools_tag", ("id", "name", "created_at"), rows)

    def _ticket_tags(self, number: int, *, created_at: datetime) -> list[tuple]:
        return [
            (number, self.tag_ids[name], created_at)
            for name, per_10k in TAG_WEIGHTS.items()
            if self.tag_rng.random() * 10_000 < per_10k
        ]

    def _tickets(self, cursor) -> dict:
        self.sla_policy = bench_sla_policy()
        categories = list(Category.objects.filter(is_deleted=False).values_list("id", flat=True))
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        messages, events, ratings, tags = [], [], [], []
        counts = {"tickets": 0, "messages": 0, "events": 0, "ratings": 0, "tags": 0}
        ticket_columns = (
            "id",
            "case_number",
            "subject",
            "description",
            "status",
            "priority",
            "category_id",
            "customer_id",
            "seller_account_id",
            "warehouse_id",
            "order_id",
            "item_id",
            "item_name",
            "vendor_id",
            "transfer_status",
            "transferred_at",
            "assignee_id",
            "metadata",
            "created_at",
            "updated_at",
            "last_activity_at",
            "first_response_at",
            "resolved_at",
            "resolved_by_id",
            "resolved_by_role",
            "current_rating",
            "channel",
            "waiting_on",
            "waiting_since",
            "has_unread_customer_reply",
            "has_unread_vendor_answer",
            *SLA_COLUMNS,
        )
        message_columns = (
            "ticket_id",
            "author_id",
            "author_role",
            "kind",
            "body",
            "is_internal",
            "metadata",
            "created_at",
            "channel",
        )
        event_columns = ("ticket_id", "actor_id", "kind", "from_value", "to_value", "created_at")
        rating_columns = ("ticket_id", "score", "comment", "rated_by_id", "created_at")
        batch = 50_000
        started = time.monotonic()
        for first in range(0, self.tickets, batch):
            size = min(batch, self.tickets - first)
            rows = self._batch(
                first, size, categories, statuses, weights, messages, events, ratings, tags
            )
            counts["tickets"] += self._copy(cursor, "tickets_ticket", ticket_columns, rows)
            counts["messages"] += self._copy(
                cursor, "tickets_message", message_columns, iter(messages)
            )
            counts["events"] += self._copy(
                cursor, "tickets_ticketevent", event_columns, iter(events)
            )
            counts["ratings"] += self._copy(cursor, "tickets_rating", rating_columns, iter(ratings))
            counts["tags"] += self._copy(
                cursor, "agenttools_tickettag", ("ticket_id", "tag_id", "added_at"), iter(tags)
            )
            tags.clear()
            messages.clear()
            events.clear()
            ratings.clear()
            rate = counts["tickets"] / (time.monotonic() - started)
            self.log(f"  tickets {counts['tickets']:>9,} ({rate:,.0f}/s)")
        return counts

    def _batch(self, first, size, categories, statuses, weights, messages, events, ratings, tags):
        """Yield a batch of tickets, collecting their messages, events, ratings and tags."""
        for number in range(first + 1, first + size + 1):
            ticket, thread, log, rating = self._ticket(number, categories, statuses, weights)
            tags.extend(self._ticket_tags(number, created_at=ticket[CREATED_AT]))
            messages.extend(thread)
            events.extend(log)
            if rating:
                ratings.append(rating)
            yield ticket

    def _ticket(self, number, categories, statuses, weights):
        rng = self.rng
        customer = rng.randint(1, CUSTOMERS)
        agent = CUSTOMERS + rng.randint(1, AGENTS)
        created = self.now - TWO_YEARS * rng.random()
        status = rng.choices(statuses, weights)[0]
        length = (
            LONG_THREAD_LENGTH
            if number % LONG_THREAD_EVERY == 0
            else 1 + min(int(rng.expovariate(1 / 3.8)), 30)
        )
        description = self.text(rng.randint(12, 40))
        if number % 2_000 == 7:
            description += f" {SEARCH_WORD}"
        thread = []
        at = created
        first_response = None
        for index in range(length):
            by_agent = index % 2 == 1
            is_note = by_agent and rng.random() < 0.1
            body = description if index == 0 else self.text(rng.randint(8, 60))
            thread.append(
                (
                    number,
                    agent if by_agent else customer,
                    "agent" if by_agent else "customer",
                    "note" if is_note else "reply",
                    body,
                    is_note,
                    "{}",
                    at,
                    "web",
                )
            )
            if by_agent and not is_note and first_response is None:
                first_response = at
            at += timedelta(minutes=rng.randint(5, 600))
        transferred = number % 10 == 3
        vendor = (number // 10) % VENDORS + 1 if transferred else None
        transfer_status = (
            rng.choice(["answer_requested", "answered", "confirm_requested", "confirmed"])
            if transferred
            else "none"
        )
        resolved = status == "resolved"
        resolver_is_customer = resolved and rng.random() < 0.2
        rating = None
        current_rating = None
        if resolved and number % 3 == 0:
            current_rating = rng.choice([3, 4, 4.5, 5])
            rating = (number, current_rating, "", customer, at)
        log = [(number, customer, "created", "", "open", created)]
        if status != "open":
            log.append((number, agent, "status_changed", "open", status, at))
        if transferred:
            log.append((number, agent, "transferred", "", f"vendor {vendor}", created))
        assignee = agent if rng.random() < 0.6 else None
        ticket = (
            number,
            f"HD-{created.year}-{number:06d}",
            f"{rng.choice(SUBJECTS)} {self.text(2)}",
            description,
            status,
            rng.choice(["low", "normal", "normal", "high", "urgent"]),
            rng.choice(categories),
            customer,
            100_000 + (customer - 1) % SELLER_ACCOUNTS if number % 2 else None,
            rng.randint(1, 40) if number % 2 else None,
            str(1_900_000_000_000 + number),
            str(3_285_000_000 + rng.randint(0, 9_999_999)),
            f"{rng.choice(COMMON_WORDS).title()} {self.text(2)}",
            vendor,
            transfer_status,
            created if transferred else None,
            assignee,
            json.dumps({}),
            created,
            at,
            at,
            first_response,
            at if resolved else None,
            (customer if resolver_is_customer else agent) if resolved else None,
            ("customer" if resolver_is_customer else "agent") if resolved else "",
            current_rating,
            "web",
            *self._waiting(status, transfer_status, created, at, last_by_customer=length % 2 == 1),
            *self._clock(status, created, first_response, at),
        )
        return ticket, thread, log, rating

    def _waiting(self, status, transfer_status, created, last_at, *, last_by_customer) -> tuple:
        """Whose move it is as tickets.workflow.waiting_on decides, since the last message
        (the transfer for a vendor), and unread marks on a share of the unfinished: the
        customer wrote last, or a vendor answered."""
        finished = status in ("resolved", "cancelled")
        if finished:
            waiting_on = "nobody"
        elif transfer_status in ("answer_requested", "confirm_requested"):
            waiting_on = "vendor"
        elif status == "waiting_on_customer":
            waiting_on = "customer"
        else:
            waiting_on = "support"
        since = created if waiting_on == "vendor" else last_at
        unread_reply = not finished and last_by_customer and self.rng.random() < 0.5
        unread_answer = not finished and transfer_status in ("answered", "confirmed")
        return waiting_on, since, unread_reply, unread_answer

    def _clock(self, status, created, first_response, last_at) -> tuple:
        """SLA clock columns: deadlines around now for tickets waiting on support (a few
        already missed), stopped clocks for those waiting on the customer, verdicts for
        finished ones. Plain arithmetic: the figures need the shape, not the calendar."""
        rng = self.rng
        first_due = created + SLA_FIRST_RESPONSE
        first_missed = first_due if first_response is None or first_response > first_due else None
        paused_since = due = at_risk = alert = None
        resolution_missed = None
        if status in ("open", "in_progress"):
            resolution_due = self.now + timedelta(hours=rng.uniform(-24, 120))
            due = min(resolution_due, first_due) if first_response is None else resolution_due
            at_risk = due - SLA_AT_RISK
            if due > self.now:
                alert = at_risk if at_risk > self.now else due
        else:
            resolution_due = created + SLA_RESOLUTION
            if status == "waiting_on_customer":
                paused_since = last_at
            elif status == "resolved" and last_at > resolution_due:
                resolution_missed = resolution_due
        return (
            self.sla_policy,
            first_due,
            resolution_due,
            due,
            at_risk,
            paused_since,
            rng.randint(0, 36_000) if paused_since else 0,
            first_missed,
            resolution_missed,
            alert,
            None,
        )

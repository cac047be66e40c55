"""`make bench`: seed PostgreSQL, serve the app with gunicorn, load it with wrk, print a table.

    python -m bench.run --tickets 100000 [--keep] [--duration 10]

Each scenario runs wrk (8 connections, from a second process) against the production
server; the bare `/livez` view on the same server is the floor every figure is compared
with. Queries per request are counted in-process against the same database. Results go
to bench/results/*.json and bench/RESULTS.md.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import psycopg

from bench.soak import run_soak

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CONNECTIONS = 8
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/helpdesk_bench"
# A Redis database of the benchmark's own: cold runs empty it.
BENCH_REDIS_URL = "redis://127.0.0.1:6379/13"
# Two server processes, as the side-by-side comparison runs each server.
WORKERS = 2


@dataclass
class Scenario:
    key: str
    name: str
    path: str
    target_ms: float
    as_user: str = "agent"
    method: str = "GET"
    body: str = ""
    kind: str = "read"
    rotate: list[str] = field(default_factory=list)
    # With `rotate`: the bearer token each of those paths is sent with (many users).
    rotate_tokens: list[str] = field(default_factory=list)

    @property
    def is_page(self) -> bool:
        return self.path.startswith(("/agent/", "/tickets/", "/vendor/"))


@dataclass
class Figure:
    name: str
    p50_ms: float
    p95_ms: float
    p99_ms: float
    rps: float
    errors: int
    queries: int | None
    target_ms: float
    kind: str
    floor_ratio: float = 0.0
    seq_p50_ms: float = 0.0
    seq_floor_ratio: float = 0.0
    cpu_ms: float = 0.0
    cold_ms: float | None = None


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--soak", type=int, default=60, help="seconds of the concurrent-write run (0: skip)"
    )
    parser.add_argument(
        "--seed-only", action="store_true", help="seed (and keep) the database, measure nothing"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated scenario keys to run (with the floor); writes no RESULTS.md",
    )
    return parser.parse_args()


def database_url(args) -> tuple[str, bool]:
    """The given database (kept), or a throwaway one named after the size."""
    if args.database_url:
        return args.database_url, True
    return f"{DEFAULT_URL}_{args.tickets}", args.keep


def ensure_database(url: str) -> bool:
    """Create the database if needed; True when it already held data of this size."""
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return bool(exists)


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str, *, production: bool = False) -> None:
    os.environ["DATABASE_URL"] = url
    if production:
        os.environ.update(production_environment())
    # The server must share this process's secret: sessions made here carry a hash of it.
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    # Production settings (DEBUG off) want a cache every process shares, as the server has.
    os.environ.setdefault("REDIS_URL", production_environment()["REDIS_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# What the create scenario's tickets are called: the next run takes them out again.
CREATED_SUBJECT = "Bench parcel"

# The rows that hang off a ticket (its messages' rows first), as PostgreSQL's catalog
# names them: a created ticket's messages, events and notifications go with it.
REFERENCING = """
SELECT c.conrelid::regclass::text, a.attname
FROM pg_constraint c
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.contype = 'f' AND c.confrelid = %s::regclass AND c.conrelid <> c.confrelid
"""


def remove_created_tickets() -> int:
    """Delete the tickets earlier runs' create scenario opened, with what hangs off them.

    They are the bench's own writes, not data: kept, each run left thousands more open
    tickets at the top of every queue (25,000 in a 100k database after a few runs), and
    the reads measured the bench's history instead of the seed.
    """
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # Every row that refers to a doomed one goes too; checking each reference at
        # commit would scan the unindexed merged_from columns once per deleted ticket.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "CREATE TEMP TABLE created_tickets ON COMMIT DROP AS "
            "SELECT id FROM tickets_ticket WHERE subject = %s",
            [CREATED_SUBJECT],
        )
        cursor.execute("SELECT count(*) FROM created_tickets")
        (created,) = cursor.fetchone()
        if not created:
            return 0
        doomed = {
            "tickets_message": "SELECT id FROM tickets_message WHERE ticket_id IN "
            "(SELECT id FROM created_tickets)",
            "tickets_ticket": "SELECT id FROM created_tickets",
        }
        for parent, ids in doomed.items():
            cursor.execute(REFERENCING, [parent])
            for table, column in cursor.fetchall():
                cursor.execute(f'DELETE FROM "{table}" WHERE "{column}" IN ({ids})')
        cursor.execute("DELETE FROM tickets_ticket WHERE id IN (SELECT id FROM created_tickets)")
    return created


def seed_if_needed(tickets: int) -> dict | None:
    from django.core.management import call_command
    from django.db import connection

    from bench.seed import Seeder
    from tickets.models import Ticket

    call_command("migrate", verbosity=0)
    removed = remove_created_tickets()
    if removed:
        print(f"Removed the {removed:,} tickets earlier runs' create scenario opened.")
    present = Ticket.objects.count()
    if tickets <= present <= tickets * 1.05:
        print(f"Database already holds {present:,} tickets: reusing it.")
        # Those tickets, all one customer's, leave planner statistics that autovacuum
        # refreshes on a live database in time; refresh them now.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        return None
    if present:
        raise SystemExit(f"Database holds {present:,} tickets, not {tickets:,}: drop it first.")
    print(f"Seeding {tickets:,} tickets ...")
    counts = Seeder(tickets=tickets).run()
    print(f"Seeded {counts}")
    return counts


def prepare_actors() -> dict:
    """Tokens and sessions for the users each scenario acts as, and the ids it needs."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count

    from bench.seed import LONG_THREAD_EVERY, RARE_TAG, SEARCH_WORD
    from tickets.apitokens.services import token_create
    from tickets.models import Message, Ticket, User

    agent = User.objects.get(username="agent0")
    # The reads act as the customer with the most tickets; the next one opens the create
    # scenario's tickets, and replies come from other customers (reply_targets), so what
    # one run writes leaves the next run's reads alone.
    busiest = (
        Ticket.objects.filter(seller_account__isnull=False)
        .values("customer")
        .annotate(n=Count("id"))
        .order_by("-n", "customer")[:2]
    )
    customer, writer = (User.objects.get(pk=row["customer"]) for row in busiest)

    def token_for(user) -> str:
        return token_create(user=user, name="bench")[1]

    vendor_user = User.objects.filter(vendor__isnull=False).select_related("vendor").first()

    def session_for(user) -> str:
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "helpdesk.authentication.SessionUserBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    five = (
        Message.objects.values("ticket_id")
        .annotate(n=Count("id"))
        .filter(n=5)
        .order_by("ticket_id")
        .first()["ticket_id"]
    )
    replies = reply_targets(exclude=(customer.pk, writer.pk))
    transferred = Ticket.objects.filter(vendor=vendor_user.vendor).order_by("-created_at").first()
    # The portal page shows a thread like the agent page's: the customer's ticket nearest
    # to five visible messages.
    portal_counts = (
        Message.objects.filter(ticket__customer=customer, is_internal=False)
        .values("ticket_id")
        .annotate(n=Count("id"))
        .order_by("ticket_id")
    )
    customer_ticket_5 = min(portal_counts, key=lambda row: abs(row["n"] - 5))["ticket_id"]
    return {
        "users": {
            "agent": {
                "token": token_for(agent),
                "session": session_for(agent),
            },
            "customer": {
                "token": token_for(customer),
                "session": session_for(customer),
            },
            "vendor": {
                "token": token_for(vendor_user),
                "session": session_for(vendor_user),
            },
            "writer": {
                "token": token_for(writer),
                "session": session_for(writer),
            },
        },
        "customer_id": customer.pk,
        "customer_email": customer.email,
        "customer_ticket_5": customer_ticket_5,
        "seller_id": customer.seller_accounts.values_list("pk", flat=True).first(),
        "vendor_code": vendor_user.vendor.code,
        "vendor_day": transferred.created_at.date(),
        "ticket_5": five,
        "ticket_200": LONG_THREAD_EVERY,
        "reply_targets": [(pk, token_for(author)) for pk, author in replies],
        "search_word": SEARCH_WORD,
        "rare_tag": RARE_TAG,
        "soak_customers": [
            token_for(user)
            for user in User.objects.filter(username__startswith="customer").order_by("pk")[:8]
        ],
    }


REPLYING_CUSTOMERS = 50


def reply_targets(*, exclude: tuple[int, ...]) -> list[tuple[int, object]]:
    """One active ticket each of REPLYING_CUSTOMERS customers, with its customer: replies
    come from many people at once, each on their own ticket, as they do; one customer's
    few tickets took 8 connections' replies in turn, waiting on each other's row lock."""
    from tickets.models import Status, Ticket

    chosen: dict[int, tuple[int, object]] = {}
    tickets = (
        Ticket.objects.filter(
            status__in=(Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER),
            merged_into__isnull=True,
            customer__is_active=True,
        )
        .exclude(customer__in=exclude)
        .select_related("customer")
        .order_by("pk")
    )
    for ticket in tickets.iterator(chunk_size=500):
        chosen.setdefault(ticket.customer_id, (ticket.pk, ticket.customer))
        if len(chosen) == REPLYING_CUSTOMERS:
            break
    return list(chosen.values())


def placeholder_actors() -> dict:
    """Actors with made-up ids: enough to list the scenarios without a database."""
    from datetime import date

    user = {"token": "", "session": ""}
    return {
        "users": {"agent": user, "customer": user, "vendor": user, "writer": user},
        "customer_id": 1,
        "customer_email": "customer0@example.com",
        "customer_ticket_5": 1,
        "seller_id": 1,
        "vendor_code": "A00000000",
        "vendor_day": date(2026, 1, 1),
        "ticket_5": 1,
        "ticket_200": 1,
        "reply_targets": [(1, "")],
        "search_word": "word",
        "rare_tag": "tag",
        "soak_customers": [],
    }


def scenarios(actors: dict) -> list[Scenario]:
    from datetime import timedelta

    word = actors["search_word"]
    email = quote(actors["customer_email"], safe="")
    end = actors["vendor_day"]
    start = end - timedelta(days=6)
    five = actors["ticket_5"]
    reply_paths = [f"/api/v1/tickets/{pk}/messages/" for pk, _ in actors["reply_targets"]]
    return [
        Scenario("floor", "floor: bare JSON view", "/livez", 0, kind="floor"),
        Scenario("agent_ticket", "agent ticket page, 5 messages", f"/agent/tickets/{five}/", 50),
        Scenario(
            "portal_ticket",
            "portal ticket page, 5 messages",
            f"/tickets/{actors['customer_ticket_5']}/",
            50,
            as_user="customer",
        ),
        Scenario("api_ticket", "API ticket detail, 5 messages", f"/api/v1/tickets/{five}/", 50),
        Scenario(
            "api_ticket_200",
            "API ticket detail, 200 messages",
            f"/api/v1/tickets/{actors['ticket_200']}/",
            50,
        ),
        Scenario("queue", "agent queue, default", "/agent/", 50),
        Scenario(
            "queue_filtered", "agent queue, filtered", "/agent/?status=open&priority=high", 50
        ),
        Scenario("queue_deep", "agent queue, deep page", "/agent/?page=400", 50),
        Scenario("queue_tag", "agent queue, by common tag", "/agent/?tag=vip", 50),
        Scenario(
            "queue_rare_tag",
            "agent queue, by rare tag, active",
            f"/agent/?status=active&tag={actors['rare_tag']}",
            50,
        ),
        Scenario("queue_due", "agent queue, due soonest", "/agent/?status=active&sort=due", 50),
        Scenario(
            "queue_tag_due",
            "agent queue, by tag, due soonest",
            "/agent/?status=active&tag=vip&sort=due",
            50,
        ),
        Scenario(
            "queue_breached", "agent queue, SLA breached", "/agent/?sla=breached&sort=due", 50
        ),
        Scenario("overview", "agent overview, cached", "/agent/overview/", 50),
        Scenario("portal_list", "customer ticket list", "/tickets/", 50, as_user="customer"),
        Scenario(
            "search_portal",
            "search, portal",
            f"/tickets/?q={word}",
            150,
            as_user="customer",
            kind="search",
        ),
        Scenario("search", "search, agent", f"/agent/?q={word}", 150, kind="search"),
        Scenario("search_api", "search, API", f"/api/v1/tickets/?q={word}", 150, kind="search"),
        Scenario(
            "search_customer_email",
            "queue search by customer email",
            f"/agent/?q={email}",
            150,
            kind="search",
        ),
        Scenario(
            "queue_customer", "agent queue, one customer's tickets", f"/agent/?customer={email}", 50
        ),
        Scenario(
            "customer_page", "agent customer page", f"/agent/customers/{actors['customer_id']}/", 50
        ),
        Scenario(
            "api_list",
            "API ticket list, filtered",
            "/api/v1/tickets/?status=open&priority=high",
            50,
        ),
        Scenario("api_queue_due", "API queue, due soonest", "/api/v1/queue/?ordering=due", 50),
        Scenario(
            "api_list_tag", "API ticket list, by tag", "/api/v1/tickets/?tag=late-delivery", 50
        ),
        Scenario(
            "dialect_000",
            "000 inquiry list, filtered",
            f"/customerInquiries?sellerId={actors['seller_id']}&status=RESOLVED",
            50,
            as_user="customer",
        ),
        Scenario(
            "dialect_002",
            "002 support requests of a customer",
            f"/api/support-requests/customers/{actors['customer_id']}",
            50,
            as_user="customer",
        ),
        Scenario(
            "dialect_003",
            "003 storefront ticket list",
            "/backend/api/api/customer-support-ticket?limit=25&offset=0",
            50,
            as_user="customer",
        ),
        Scenario(
            "dialect_004",
            "004 call-center query, 7 days",
            f"/v2/providers/openapi/apis/api/v4/vendors/{actors['vendor_code']}/"
            f"callCenterInquiries?vendorId={actors['vendor_code']}&partnerCounselingStatus=NONE"
            f"&inquiryStartAt={start}&inquiryEndAt={end}&pageSize=10&pageNum=1",
            50,
            as_user="vendor",
        ),
        Scenario(
            "api_create",
            "API ticket create",
            "/api/v1/tickets/",
            8,
            as_user="writer",
            method="POST",
            body=json.dumps({"subject": CREATED_SUBJECT, "description": "Where is it?"}),
            kind="write",
        ),
        Scenario(
            "api_reply",
            "API reply",
            reply_paths[0],
            8,
            as_user="writer",
            method="POST",
            body=json.dumps({"body": "Any news?"}),
            kind="write",
            rotate=reply_paths,
            rotate_tokens=[token for _, token in actors["reply_targets"]],
        ),
    ]


WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) unexpected = 0 end
-- wrk counts only 4xx/5xx as errors; a redirect (say, to a login page) is one here too.
function response(status, headers, body)
  if status >= 300 then unexpected = unexpected + 1 end
end
wrk.method = "%(method)s"
wrk.body = %(body)s
%(headers)s
local tokens = {%(tokens)s}
local sent = 0
request = function()
  local index = math.random(#paths)
  if #tokens > 0 then wrk.headers["Authorization"] = "Bearer " .. tokens[index] end
  sent = sent + 1
  -- Every so often a request closes its connection and the next one connects anew.
  wrk.headers["Connection"] = (%(reconnect)d > 0 and sent %% %(reconnect)d == 0) and "close" or nil
  return wrk.format(nil, paths[index])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  for _, thread in ipairs(threads) do errors = errors + thread:get("unexpected") end
  io.write(string.format(
    "BENCH {\\"p50\\": %%f, \\"p95\\": %%f, \\"p99\\": %%f, \\"requests\\": %%d, " ..
    "\\"duration_us\\": %%d, \\"errors\\": %%d}\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration, errors))
end
"""


RECONNECT_EVERY = 10


def lua_string(text: str) -> str:
    return json.dumps(text)


def run_wrk(
    scenario: Scenario, actors: dict, duration: int, connections: int = CONNECTIONS
) -> dict:
    user = actors["users"][scenario.as_user]
    return wrk(
        f"http://127.0.0.1:{PORT}",
        scenario.rotate or [scenario.path],
        tokens=scenario.rotate_tokens,
        method=scenario.method,
        body=scenario.body,
        headers={
            "Authorization": f"Bearer {user['token']}",
            "Cookie": f"sessionid={user['session']}",
            "Content-Type": "application/json",
            "Accept": "text/html" if scenario.is_page else "application/json",
        },
        duration=duration,
        connections=connections,
    )


def wrk(
    base: str,
    paths: list[str],
    *,
    tokens: Sequence[str] = (),
    method: str,
    body: str,
    headers: dict[str, str],
    duration: int,
    connections: int,
) -> dict:
    """wrk against `base`, each request to one of `paths`: latency percentiles in µs.

    With more than one connection, one request in RECONNECT_EVERY (of each wrk thread)
    closes its connection and the next connects anew, as a proxy's pool of connections to
    the app servers turns over. Kept alive for the whole run, 8 connections stay with
    whichever worker accepted them: split 6 to 2 between two workers, one worker's GIL
    was the bottleneck and the other idle (0.89 and 0.49 cores, half the requests per
    second of an even split), a figure of luck rather than of code.
    """
    script = WRK_SCRIPT % {
        "paths": ", ".join(lua_string(p) for p in paths),
        "tokens": ", ".join(lua_string(token) for token in tokens),
        "reconnect": RECONNECT_EVERY if connections > 1 else 0,
        "method": method,
        "body": lua_string(body) if body else "nil",
        "headers": "\n".join(
            f"wrk.headers[{lua_string(name)}] = {lua_string(value)}"
            for name, value in headers.items()
        ),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", "-s", handle.name, "--timeout", "10s"]
    subprocess.run([*command, "-d2s", base + paths[0]], capture_output=True, check=True)
    output = subprocess.run(
        [*command, f"-d{duration}s", base + paths[0]], capture_output=True, text=True, check=True
    ).stdout
    os.unlink(handle.name)
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line[len("BENCH ") :])


def count_queries(scenario: Scenario, actors: dict) -> int | None:
    """Queries one request of the scenario issues, measured in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if scenario.kind in ("floor", "write"):
        return None
    user = actors["users"][scenario.as_user]
    accept = "text/html" if scenario.is_page else "application/json"
    client = Client(HTTP_AUTHORIZATION=f"Bearer {user['token']}", HTTP_ACCEPT=accept)
    client.cookies["sessionid"] = user["session"]
    client.get(scenario.path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(scenario.path)
    if response.status_code != 200:
        raise SystemExit(f"{scenario.name}: {scenario.path} answered {response.status_code}")
    return len(captured.captured_queries)


def production_environment() -> dict[str, str]:
    """The settings the benchmarked server runs with: DEBUG off, Redis cache, no throttle."""
    return {
        "DEBUG": "False",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", BENCH_REDIS_URL),
        "CONN_MAX_AGE": "60",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_COOKIES": "False",
        "SECURE_HSTS_SECONDS": "0",
        "THROTTLE_USER": "100000000/minute",
        "THROTTLE_ANON": "100000000/minute",
        "REQUEST_LOG": "False",
    }


def start_server(url: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        **production_environment(),
        "DATABASE_URL": url,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "WEB_CONCURRENCY": str(WORKERS),
        "BIND": f"127.0.0.1:{PORT}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "helpdesk/gunicorn.conf.py"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1) as reply:
                if reply.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not become healthy")


COLD_SAMPLES = 10


def cold_median(scenario: Scenario, actors: dict) -> float:
    """The median of single requests each made right after the cache was emptied: what
    the first request after a change costs (every cached list and fragment rebuilt)."""
    import statistics

    import redis

    client = redis.Redis.from_url(production_environment()["REDIS_URL"])
    user = actors["users"][scenario.as_user]
    headers = {
        "Authorization": f"Bearer {user['token']}",
        "Cookie": f"sessionid={user['session']}",
        "Accept": "text/html" if scenario.is_page else "application/json",
    }
    timings = []
    for _ in range(COLD_SAMPLES):
        client.flushdb()
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}{scenario.path}", headers=headers)
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as reply:
            reply.read()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def server_cpu_seconds(master_pid: int) -> float:
    """User and system CPU of the server's worker processes so far, those gunicorn
    recycled (max_requests) included."""
    ticks = os.sysconf("SC_CLK_TCK")
    master = Path(f"/proc/{master_pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = int(master[13]) + int(master[14])
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def machine() -> str:
    return f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"


def format_table(figures: list[Figure], previous: dict | None) -> str:
    header = (
        "| scenario | 1 conn p50 ms | x floor | CPU ms/req | cold ms | 8 conns p50 ms | p95 ms |"
        " p99 ms | req/s | x floor p50 | queries | target p95 | vs 100k p95 | errors |"
    )
    lines = [header, "|" + "---|" * 14]
    for figure in figures:
        baseline = (previous or {}).get(figure.name)
        versus = f"{figure.p95_ms / baseline['p95_ms']:.2f}x" if baseline else "-"
        target = f"≤ {figure.target_ms:.0f}" if figure.target_ms else "-"
        met = "" if not figure.target_ms else (" ✓" if figure.p95_ms <= figure.target_ms else " ✗")
        cold = "-" if figure.cold_ms is None else f"{figure.cold_ms:.1f}"
        lines.append(
            f"| {figure.name} | {figure.seq_p50_ms:.1f} | {figure.seq_floor_ratio:.1f} | "
            f"{figure.cpu_ms:.1f} | {cold} | "
            f"{figure.p50_ms:.1f} | {figure.p95_ms:.1f} | {figure.p99_ms:.1f} "
            f"| {figure.rps:.0f} | {figure.floor_ratio:.1f} | "
            f"{'-' if figure.queries is None else figure.queries} | {target}{met} | {versus} "
            f"| {figure.errors} |"
        )
    return "\n".join(lines)


def previous_figures(tickets: int) -> dict | None:
    """The latest 100k-ticket figures, to compare a larger run with."""
    if tickets == 100_000:
        return None
    runs = sorted(RESULTS_DIR.glob("bench-100000-*.json"))
    if not runs:
        return None
    data = json.loads(runs[-1].read_text())
    return {figure["name"]: figure for figure in data["figures"]}


def soak_summary(soak: dict) -> str:
    verdict = "OK" if soak["ok"] else "FAILED"
    return (
        f"{verdict}: {soak['connections']} connections for {soak['seconds']} s; acknowledged "
        f"{soak['acknowledged']}; failures {soak['failures'] or 'none'}; "
        f"{soak['tickets_stored']} tickets stored, {soak['duplicate_case_numbers']} duplicate "
        f"case numbers, {soak['messages_stored']} of {soak['messages_expected']} messages, "
        f"{soak['resolved_stored']} resolved."
    )


def write_results(
    tickets: int, figures: list[Figure], table: str, seeded: dict | None, soak: dict | None
) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {
        "date": stamp,
        "tickets": tickets,
        "machine": machine(),
        "seeded": seeded,
        "figures": [asdict(figure) for figure in figures],
        "soak": soak,
    }
    # Keep only the latest run of each size: it is what the next run compares with.
    for older in RESULTS_DIR.glob(f"bench-{tickets}-*.json"):
        older.unlink()
    (RESULTS_DIR / f"bench-{tickets}-{stamp}.json").write_text(json.dumps(payload, indent=2))
    seeding = f" Seeded in {seeded['seconds']:.0f} s: {seeded}." if seeded else ""
    writes = f"\n\nConcurrent writes: {soak_summary(soak)}" if soak else ""
    section = (
        f"## {tickets:,} tickets\n\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}; "
        f"wrk, {CONNECTIONS} connections from a second process.{seeding}\n\n{table}{writes}\n"
    )
    results = BENCH_DIR / "RESULTS.md"
    text = results.read_text() if results.exists() else "# Benchmark results\n\n"
    marker = f"## {tickets:,} tickets\n"
    if marker in text:
        before, rest = text.split(marker, 1)
        after = rest.split("\n## ", 1)
        text = before + section + ("\n## " + after[1] if len(after) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results.write_text(text)


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install wrk).")
    url, keep = database_url(args)
    ensure_database(url)
    setup_django(url, production=True)
    if args.seed_only:
        seed_if_needed(args.tickets)
        return
    try:
        seeded = seed_if_needed(args.tickets)
        actors = prepare_actors()
        plan = scenarios(actors)
        if args.only:
            keys = {"floor", *args.only.split(",")}
            unknown = keys - {scenario.key for scenario in plan}
            if unknown:
                raise SystemExit(f"Unknown scenarios: {', '.join(sorted(unknown))}")
            plan = [scenario for scenario in plan if scenario.key in keys]
        queries = {scenario.name: count_queries(scenario, actors) for scenario in plan}
        server = start_server(url)
        try:
            # Every worker imports, connects and fills its caches before anything is timed.
            for scenario in plan:
                run_wrk(scenario, actors, 1)
            figures = []
            for scenario in plan:
                cold = None if scenario.kind == "write" else cold_median(scenario, actors)
                cpu_before = server_cpu_seconds(server.pid)
                sequential_s = max(args.duration // 2, 3)
                sequential = run_wrk(scenario, actors, sequential_s, connections=1)
                cpu_ms = (server_cpu_seconds(server.pid) - cpu_before) * 1000
                measured = run_wrk(scenario, actors, args.duration)
                figures.append(
                    Figure(
                        name=scenario.name,
                        p50_ms=measured["p50"] / 1000,
                        p95_ms=measured["p95"] / 1000,
                        p99_ms=measured["p99"] / 1000,
                        rps=measured["requests"] / (measured["duration_us"] / 1e6),
                        errors=measured["errors"] + sequential["errors"],
                        queries=queries[scenario.name],
                        target_ms=scenario.target_ms,
                        kind=scenario.kind,
                        seq_p50_ms=sequential["p50"] / 1000,
                        # wrk's 2 s warm-up is in the CPU window too: count its requests.
                        cpu_ms=cpu_ms / max(sequential["requests"] * (1 + 2 / sequential_s), 1),
                        cold_ms=cold,
                    )
                )
                print(
                    f"  {scenario.name}: sequential p50 {figures[-1].seq_p50_ms:.1f} ms, "
                    f"p95 {figures[-1].p95_ms:.1f} ms (8 connections)",
                    flush=True,
                )
            soak = (
                run_soak(
                    port=PORT,
                    customer_tokens=actors["soak_customers"],
                    agent_token=actors["users"]["agent"]["token"],
                    seconds=args.soak,
                )
                if args.soak
                else None
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        floor, seq_floor = figures[0].p50_ms, figures[0].seq_p50_ms
        for figure in figures:
            figure.floor_ratio = figure.p50_ms / floor if floor else 0.0
            figure.seq_floor_ratio = figure.seq_p50_ms / seq_floor if seq_floor else 0.0
        table = format_table(figures, previous_figures(args.tickets))
        print(f"\n{args.tickets:,} tickets, {machine()}\n\n{table}")
        if soak:
            print(f"\nConcurrent writes: {soak_summary(soak)}")
        if not args.only:
            write_results(args.tickets, figures, table, seeded, soak)
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            drop_database(url)


if __name__ == "__main__":
    main()

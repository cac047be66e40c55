"""`make bench-peer`: this project and django-helpdesk side by side, same data size, same run.

    python -m bench.peer --tickets 100000 [--duration 10]

django-helpdesk (PyPI, pinned below) is installed into its own virtualenv
(bench/.peer-venv), seeded at the same size into its own PostgreSQL database
(`helpdesk_peer_<N>`, kept for the next run) by bench/peer/seed_peer.py, and served by
gunicorn with the same settings as ours (2 worker processes, 4 threads each, DEBUG off).
Both servers run at once; each scenario is measured on one server, then the other:
sequentially (one connection) and with 8 connections. The table gives each figure and our
advantage (their time / our time, our requests per second / theirs).

The scenarios are the work a user asks for, on each product's own pages:
- the agent's ticket page of a ticket with 5 messages (theirs: /helpdesk/tickets/<id>/);
- a keyword search answering 25 rows (theirs: the datatables JSON its ticket list loads);
- the agent queue, 25 rows (theirs: the same datatables call, default filter);
- API create (theirs: POST /helpdesk/api/tickets/ as a staff user).
"""

import argparse
import base64
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench import run

PEER_VERSION = "2.6.1"
PEER_REQUIREMENTS = [
    f"django-helpdesk=={PEER_VERSION}",
    "gunicorn==27.0.1",
    "psycopg[binary]==3.3.9",
]
PEER_DIR = run.BENCH_DIR / "peer"
PEER_VENV = run.BENCH_DIR / ".peer-venv"
PEER_PORT = int(os.environ.get("BENCH_PEER_PORT", "8766"))
# Any 32 letters and digits make a valid CSRF secret; django-helpdesk's API wants one.
CSRF_TOKEN = "benchcsrftokenbenchcsrftoken1234"
SEQUENTIAL = 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    return parser.parse_args()


def peer_python() -> Path:
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEER_REQUIREMENTS], check=True)
    return python


def peer_environment(database: str) -> dict[str, str]:
    # A clean environment: ours names our settings module and database.
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "peersite.settings",
        "PEER_DB_NAME": database,
        "PEER_SECRET_KEY": secrets.token_hex(32),
    }


def seed_peer(python: Path, tickets: int, word: str) -> tuple[dict, dict]:
    database = f"helpdesk_peer_{tickets}"
    run.ensure_database(f"postgres://postgres@127.0.0.1:5432/{database}")
    environment = peer_environment(database)
    subprocess.run(
        [str(python), "manage.py", "migrate", "--noinput", "-v0"],
        cwd=PEER_DIR,
        env=environment,
        check=True,
    )
    print(f"Seeding django-helpdesk with {tickets:,} tickets (once; the database is kept) ...")
    output = subprocess.run(
        [str(python), "seed_peer.py", "--tickets", str(tickets), "--word", word],
        cwd=PEER_DIR,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("PEER "))
    return json.loads(line[len("PEER ") :]), environment


def start_peer(environment: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(PEER_VENV / "bin" / "gunicorn"),
            "--workers",
            str(run.WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{PEER_PORT}",
            "peersite.wsgi",
        ],
        cwd=PEER_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PEER_PORT}/helpdesk/login/", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("django-helpdesk's gunicorn did not start")


def datatables(query: dict) -> str:
    encoded = base64.b64encode(json.dumps(query).encode()).decode()
    return f"/helpdesk/datatables_ticket_list/{encoded}?draw=1&start=0&length=25"


def peer_requests(peer: dict, word: str) -> dict[str, dict]:
    cookie = f"sessionid={peer['session']}; csrftoken={CSRF_TOKEN}"
    page = {"Cookie": cookie, "Accept": "text/html"}
    api = {
        "Cookie": cookie,
        "X-CSRFToken": CSRF_TOKEN,
        "Content-Type": "application/json",
        "Accept": "application/json",
    }
    return {
        "agent_ticket": {"paths": [f"/helpdesk/tickets/{peer['ticket_5']}/"], "headers": page},
        "search": {
            "paths": [datatables({"filtering": {}, "sorting": "created", "search_string": word})],
            "headers": page,
        },
        "queue": {
            "paths": [
                datatables(
                    {"filtering": {"status__in": [1, 2]}, "sorting": "created", "search_string": ""}
                )
            ],
            "headers": page,
        },
        "api_create": {
            "paths": ["/helpdesk/api/tickets/"],
            "headers": api,
            "method": "POST",
            "body": json.dumps(
                {
                    "queue": peer["queue"],
                    "title": "Bench parcel",
                    "description": "Where is it?",
                    "submitter_email": "bench@example.com",
                    "priority": 3,
                }
            ),
        },
    }


def measure(base: str, request: dict, duration: int) -> dict:
    figures = {}
    for label, connections in (("sequential", SEQUENTIAL), ("concurrent", run.CONNECTIONS)):
        result = run.wrk(
            base,
            request["paths"],
            method=request.get("method", "GET"),
            body=request.get("body", ""),
            headers=request["headers"],
            duration=duration,
            connections=connections,
        )
        figures[label] = {
            "p50_ms": result["p50"] / 1000,
            "p95_ms": result["p95"] / 1000,
            "rps": result["requests"] / (result["duration_us"] / 1e6),
            "errors": result["errors"],
        }
    return figures


SETTLE_SECONDS = 120


def settle(server: subprocess.Popen) -> None:
    """Wait until the server and PostgreSQL are done with the requests wrk gave up on: a
    peer page that never finished under 8 connections keeps workers and the database busy
    for minutes, and would load whatever is measured next."""
    from django.db import connection

    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        before = run.server_cpu_seconds(server.pid)
        time.sleep(0.5)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
            (queries_running,) = cursor.fetchone()
        if run.server_cpu_seconds(server.pid) - before < 0.02 and not queries_running:
            return


def our_request(scenario: run.Scenario, actors: dict) -> dict:
    user = actors["users"][scenario.as_user]
    return {
        "paths": scenario.rotate or [scenario.path],
        "method": scenario.method,
        "body": scenario.body,
        "headers": {
            "Authorization": f"Bearer {user['token']}",
            "Cookie": f"sessionid={user['session']}",
            "Content-Type": "application/json",
            "Accept": "text/html" if scenario.is_page else "application/json",
        },
    }


def ratio(numerator: float, denominator: float) -> str:
    # A server that finished no request in the window (wrk's 10 s timeout) has no rate.
    if not denominator:
        return "- (none finished)"
    return f"{numerator / denominator:.1f}x"


def table(rows: list[dict]) -> str:
    lines = [
        "| scenario | ours p50 ms (1 conn) | django-helpdesk p50 ms (1 conn) | their p50 / ours |"
        " ours req/s (8 conns) | django-helpdesk req/s (8 conns) | our req/s / theirs | errors |",
        "|" + "---|" * 8,
    ]
    for row in rows:
        ours, theirs = row["ours"], row["peer"]
        errors = sum(side[label]["errors"] for side in (ours, theirs) for label in side)
        lines.append(
            f"| {row['name']} | {ours['sequential']['p50_ms']:.1f} | "
            f"{theirs['sequential']['p50_ms']:.1f} | "
            f"{ratio(theirs['sequential']['p50_ms'], ours['sequential']['p50_ms'])} | "
            f"{ours['concurrent']['rps']:.1f} | {theirs['concurrent']['rps']:.1f} | "
            f"{ratio(ours['concurrent']['rps'], theirs['concurrent']['rps'])} | {errors} |"
        )
    return "\n".join(lines)


def write_results(tickets: int, rows: list[dict], text: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    run.RESULTS_DIR.mkdir(exist_ok=True)
    for older in run.RESULTS_DIR.glob(f"peer-{tickets}-*.json"):
        older.unlink()
    (run.RESULTS_DIR / f"peer-{tickets}-{stamp}.json").write_text(
        json.dumps({"date": stamp, "tickets": tickets, "machine": run.machine(), "rows": rows})
    )
    section = (
        f"## Side by side with django-helpdesk {PEER_VERSION}, {tickets:,} tickets\n\n"
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {run.machine()}; both servers gunicorn with "
        f"{run.WORKERS} workers x 4 threads, PostgreSQL, DEBUG off, running at once; wrk with "
        f"1 and {run.CONNECTIONS} connections.\n\n{text}\n"
    )
    results = run.BENCH_DIR / "RESULTS.md"
    current = results.read_text()
    marker = f"## Side by side with django-helpdesk {PEER_VERSION}, {tickets:,} tickets\n"
    if marker in current:
        before, rest = current.split(marker, 1)
        after = rest.split("\n## ", 1)
        current = before + section + ("\n## " + after[1] if len(after) > 1 else "")
    else:
        current = current.rstrip("\n") + "\n\n" + section
    results.write_text(current)


def main() -> None:
    args = parse_args()
    python = peer_python()
    url = f"{run.DEFAULT_URL}_{args.tickets}"
    run.ensure_database(url)
    run.setup_django(url, production=True)
    run.seed_if_needed(args.tickets)
    actors = run.prepare_actors()
    ours_by_key = {scenario.key: scenario for scenario in run.scenarios(actors)}
    peer, environment = seed_peer(python, args.tickets, actors["search_word"])
    theirs = peer_requests(peer, actors["search_word"])
    ours_server = run.start_server(url)
    peer_server = start_peer(environment)
    rows = []
    try:
        for key in ("agent_ticket", "search", "queue", "api_create"):
            scenario = ours_by_key[key]
            print(f"  {scenario.name} ...", flush=True)
            ours = measure(
                f"http://127.0.0.1:{run.PORT}", our_request(scenario, actors), args.duration
            )
            settle(ours_server)
            peer_figures = measure(f"http://127.0.0.1:{PEER_PORT}", theirs[key], args.duration)
            settle(peer_server)
            rows.append({"key": key, "name": scenario.name, "ours": ours, "peer": peer_figures})
    finally:
        for server in (ours_server, peer_server):
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
    print(json.dumps(rows))
    text = table(rows)
    print(f"\n{args.tickets:,} tickets each, {run.machine()}\n\n{text}")
    write_results(args.tickets, rows, text)


if __name__ == "__main__":
    main()

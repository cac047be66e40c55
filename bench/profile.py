"""Where a page or endpoint spends its time: cProfile over in-process requests.

    python -m bench.profile agent_ticket [--tickets 20000] [--requests 50] [--top 30]
    make profile SCENARIO=agent_ticket
    python -m bench.profile agent_queue_customer --plans
    python -m bench.profile --list

The scenarios are bench.run's, against a seeded PostgreSQL database (seeded on first
use, then kept, as `helpdesk_bench_<N>`). Requests go through Django's test client with
DEBUG off, after warm-up requests, so the figures are the warm path a server worker runs;
`--cold` empties the cache before every request to show the first request after a change.
It prints the CPU and wall time per request, the queries per request, and the functions
that took the most time. `--plans` prints instead each query of one warm request with the
time PostgreSQL took to run it (`EXPLAIN ANALYZE`), and the plans of the slowest: where a
request waits on the database rather than on Python.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

from bench import run

DEFAULT_TICKETS = 20_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", help="a scenario key (see --list)")
    parser.add_argument("--list", action="store_true", help="list the scenario keys")
    parser.add_argument("--tickets", type=int, default=DEFAULT_TICKETS)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--requests", type=int, default=50, help="profiled requests")
    parser.add_argument("--top", type=int, default=30, help="functions to print")
    parser.add_argument(
        "--sort", default="tottime", choices=("tottime", "cumulative"), help="profile order"
    )
    parser.add_argument("--cold", action="store_true", help="empty the cache before each request")
    parser.add_argument(
        "--plans", action="store_true", help="time each query in PostgreSQL; show the slow plans"
    )
    return parser.parse_args()


def client_for(scenario: run.Scenario, actors: dict):
    from django.test import Client

    user = actors["users"][scenario.as_user]
    accept = "text/html" if scenario.is_page else "application/json"
    client = Client(HTTP_AUTHORIZATION=f"Bearer {user['token']}", HTTP_ACCEPT=accept)
    client.cookies["sessionid"] = user["session"]
    return client


def one_request(client, scenario: run.Scenario, number: int):
    paths = scenario.rotate or [scenario.path]
    index = number % len(paths)
    extra = (
        {"HTTP_AUTHORIZATION": f"Bearer {scenario.rotate_tokens[index]}"}
        if scenario.rotate_tokens
        else {}
    )
    if scenario.method == "POST":
        return client.post(paths[index], scenario.body, content_type="application/json", **extra)
    return client.get(paths[index], **extra)


def profile(scenario: run.Scenario, actors: dict, *, requests: int, cold: bool) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(scenario, actors)
    for number in range(3):
        response = one_request(client, scenario, number)
        if response.status_code >= 300:
            raise SystemExit(f"{scenario.key}: {scenario.path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        one_request(client, scenario, 3)
    queries = len(captured.captured_queries)
    profiler = cProfile.Profile()
    cpu, wall = [], []
    for number in range(requests):
        if cold:
            cache.clear()
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        profiler.enable()
        one_request(client, scenario, number)
        profiler.disable()
        cpu.append(time.process_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
    return {"profiler": profiler, "cpu": cpu, "wall": wall, "queries": queries}


def query_plans(scenario: run.Scenario, actors: dict, *, top: int) -> str:
    """Each query of one warm request, timed by PostgreSQL, with the slowest plans."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(scenario, actors)
    for number in range(3):
        one_request(client, scenario, number)
    with CaptureQueriesContext(connection) as captured:
        one_request(client, scenario, 3)
    timed = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {query['sql']}")
            plan = cursor.fetchone()[0][0]
            timed.append((plan["Planning Time"] + plan["Execution Time"], query["sql"]))
    out = io.StringIO()
    out.write(f"{scenario.key} ({scenario.name}): {scenario.method} {scenario.path}\n")
    out.write(f"{len(captured.captured_queries)} queries, {len(timed)} reads timed\n\n")
    for elapsed, sql in timed:
        out.write(f"{elapsed:8.2f} ms  {sql[:150]}\n")
    with connection.cursor() as cursor:
        for elapsed, sql in sorted(timed, reverse=True)[: min(top, 3)]:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            out.write(f"\n--- {elapsed:.2f} ms\n{sql}\n{plan}\n")
    return out.getvalue()


def report(scenario: run.Scenario, result: dict, *, top: int, sort: str) -> str:
    out = io.StringIO()
    cpu_ms = statistics.median(result["cpu"]) * 1000
    wall_ms = statistics.median(result["wall"]) * 1000
    out.write(
        f"{scenario.key} ({scenario.name}): {scenario.method} {scenario.path}\n"
        f"median per request (with the profiler on): {cpu_ms:.1f} ms CPU, {wall_ms:.1f} ms "
        f"wall, {result['queries']} queries\n\n"
    )
    stats = pstats.Stats(result["profiler"], stream=out)
    stats.strip_dirs().sort_stats(sort).print_stats(top)
    return out.getvalue()


def main() -> None:
    args = parse_args()
    if args.list or not args.scenario:
        # Scenario keys need no database: build them from placeholder ids.
        placeholder = run.placeholder_actors()
        for scenario in run.scenarios(placeholder):
            print(f"{scenario.key:16} {scenario.name}")
        return
    url = args.database_url or f"{run.DEFAULT_URL}_{args.tickets}"
    run.ensure_database(url)
    run.setup_django(url, production=True)
    run.seed_if_needed(args.tickets)
    actors = run.prepare_actors()
    by_key = {scenario.key: scenario for scenario in run.scenarios(actors)}
    if args.scenario not in by_key:
        raise SystemExit(f"Unknown scenario {args.scenario!r}; one of: {', '.join(by_key)}")
    scenario = by_key[args.scenario]
    if args.plans:
        print(query_plans(scenario, actors, top=args.top))
        return
    result = profile(scenario, actors, requests=args.requests, cold=args.cold)
    print(report(scenario, result, top=args.top, sort=args.sort))


if __name__ == "__main__":
    main()

"""Concurrent writes against the running server, then a count of what landed.

Eight connections loop create (customer) -> reply (agent) -> reply (customer) -> resolve
(agent) for a fixed time. Afterwards the database must hold exactly what the server
acknowledged: every created ticket with a unique case number, every acknowledged message,
and every acknowledged resolution.
"""

import http.client
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

CONNECTIONS = 8
SUBJECT_PREFIX = "Soak run"


@dataclass
class Tally:
    acknowledged: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)
    ticket_ids: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Worker(threading.Thread):
    def __init__(self, *, port, customer_token, agent_token, deadline, tally, number):
        super().__init__(daemon=True)
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.customer = {"Authorization": f"Bearer {customer_token}"}
        self.agent = {"Authorization": f"Bearer {agent_token}"}
        self.deadline = deadline
        self.tally = tally
        self.number = number

    def post(self, path: str, headers: dict, payload: dict, step: str) -> dict | None:
        body = json.dumps(payload)
        self.connection.request(
            "POST",
            path,
            body=body,
            headers={**headers, "Content-Type": "application/json", "Accept": "application/json"},
        )
        response = self.connection.getresponse()
        data = response.read()
        with self.tally.lock:
            if 200 <= response.status < 300:
                self.tally.acknowledged[step] += 1
            else:
                self.tally.failures[f"{step} {response.status}"] += 1
                return None
        return json.loads(data) if data else {}

    def run(self) -> None:
        round_number = 0
        while time.monotonic() < self.deadline:
            round_number += 1
            created = self.post(
                "/api/v1/tickets/",
                self.customer,
                {"subject": f"{SUBJECT_PREFIX} {self.number}-{round_number}", "description": "x"},
                "create",
            )
            if created is None:
                continue
            ticket = created["id"]
            with self.tally.lock:
                self.tally.ticket_ids.append(ticket)
            messages = f"/api/v1/tickets/{ticket}/messages/"
            self.post(messages, self.agent, {"body": "Looking into it"}, "agent reply")
            self.post(messages, self.customer, {"body": "Thanks"}, "customer reply")
            self.post(f"/api/v1/tickets/{ticket}/resolve/", self.agent, {}, "resolve")


def run_soak(*, port: int, customer_tokens: list[str], agent_token: str, seconds: int) -> dict:
    from django.db.models import Count

    from tickets.models import Message, Status, Ticket

    tally = Tally()
    deadline = time.monotonic() + seconds
    workers = [
        Worker(
            port=port,
            customer_token=customer_tokens[n % len(customer_tokens)],
            agent_token=agent_token,
            deadline=deadline,
            tally=tally,
            number=n,
        )
        for n in range(CONNECTIONS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    tickets = Ticket.objects.filter(subject__startswith=SUBJECT_PREFIX, pk__in=tally.ticket_ids)
    stored_tickets = tickets.count()
    case_numbers = tickets.values("case_number").annotate(n=Count("id")).filter(n__gt=1).count()
    public_messages = Message.objects.filter(ticket__in=tickets, kind="reply").count()
    expected_messages = (
        stored_tickets + tally.acknowledged["agent reply"] + tally.acknowledged["customer reply"]
    )
    return {
        "seconds": seconds,
        "connections": CONNECTIONS,
        "acknowledged": dict(tally.acknowledged),
        "failures": dict(tally.failures),
        "tickets_stored": stored_tickets,
        "duplicate_case_numbers": case_numbers,
        "messages_stored": public_messages,
        "messages_expected": expected_messages,
        "resolved_stored": tickets.filter(status=Status.RESOLVED).count(),
        "ok": (
            not tally.failures
            and stored_tickets == tally.acknowledged["create"]
            and case_numbers == 0
            and public_messages == expected_messages
            and tickets.filter(status=Status.RESOLVED).count() == tally.acknowledged["resolve"]
        ),
    }

"""A real Celery worker against the real Redis (a database and a queue of the tests' own)."""

import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail
from kombu import Connection

from helpdesk.celery import app as celery_app
from tests.factories import TicketFactory
from tickets.notifications import delivery
from tickets.notifications.models import DeliveryStatus, Notification, NotificationEvent
from tickets.services.messages import message_post

REDIS = "redis://127.0.0.1:6379/9"
QUEUE_PREFIX = "helpdesk-tests-"
DEAD_REDIS = "redis://127.0.0.1:1/9"  # nothing listens on port 1


def _forget_routing() -> None:
    # Celery caches the queue declarations and router the first time it sends.
    for cached in ("queues", "default_queue", "router"):
        celery_app.amqp.__dict__.pop(cached, None)


@pytest.fixture
def broker(transactional_db):
    """Send tasks to Redis instead of running them in place; restore eager mode after."""
    saved = {
        key: celery_app.conf[key]
        for key in ("broker_url", "task_always_eager", "task_default_queue")
    }
    queue = f"{QUEUE_PREFIX}{uuid.uuid4().hex[:12]}"
    celery_app.conf.update(broker_url=REDIS, task_always_eager=False, task_default_queue=queue)
    _forget_routing()
    yield queue
    celery_app.conf.update(saved)
    _forget_routing()
    # A worker declares every queue the app has known, earlier tests' ones too.
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"*{QUEUE_PREFIX}*"):
        client.delete(key)


def run_worker(queue: str):
    return start_worker(
        celery_app,
        pool="solo",
        queues=[queue],
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=15,
    )


def wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting for the worker")
        time.sleep(0.05)


def sent(event: NotificationEvent) -> list:
    return list(Notification.objects.filter(event=event, status=DeliveryStatus.SENT))


def test_a_worker_against_redis_delivers_the_mail(broker, customer, agent):
    ticket = TicketFactory(customer=customer)
    message_post(ticket=ticket, actor=agent, body="Your parcel is on its way.")
    assert mail.outbox == []  # queued in Redis, waiting for a worker
    # SQLite (shared-cache, in memory) locks whole tables: while the worker writes, this
    # thread waits for the mails rather than reading the database.
    with run_worker(broker):
        wait_for(lambda: len(mail.outbox) == 3)
    replies = [m for m in mail.outbox if "Your parcel is on its way." in m.body]
    assert [m.to for m in replies] == [[customer.email]]
    assert len(sent(NotificationEvent.TICKET_OPENED)) == 1


def test_with_redis_down_the_reply_is_mailed_once_redis_is_back(broker, customer, agent):
    celery_app.conf.broker_url = DEAD_REDIS
    started = time.monotonic()
    ticket = TicketFactory(customer=customer)
    message_post(ticket=ticket, actor=agent, body="Sorry for the wait.")
    assert time.monotonic() - started < 5  # the reply did not hang on the dead broker
    pending = Notification.objects.filter(status=DeliveryStatus.PENDING)
    assert pending.count() == 3  # the ticket's acknowledgement, the agent's alert, the reply
    assert mail.outbox == []

    celery_app.conf.broker_url = REDIS
    assert delivery.outbox_sweep() == 3  # what beat runs every minute
    with run_worker(broker):
        wait_for(lambda: len(mail.outbox) == 3)
    assert not pending.exists()
    assert delivery.outbox_sweep() == 0
    assert redis.Redis.from_url(REDIS).llen(broker) == 0  # nothing else left queued
    replies = [m for m in mail.outbox if "Sorry for the wait." in m.body]
    assert len(replies) == 1


def test_hand_overs_reuse_one_broker_connection(broker, customer, agent, monkeypatch):
    opened = []
    connect = Connection._connection_factory

    def counting_connect(connection):
        opened.append(connection)
        return connect(connection)

    monkeypatch.setattr(Connection, "_connection_factory", counting_connect)
    for number in range(3):
        ticket = TicketFactory(customer=customer)
        message_post(ticket=ticket, actor=agent, body=f"Reply {number}.")
    assert redis.Redis.from_url(REDIS).llen(broker) >= 3  # every hand-over reached Redis
    assert len(opened) <= 1  # connected at most once, not once per hand-over


def test_hand_overs_reuse_one_redis_client(broker, customer, agent, monkeypatch):
    TicketFactory(customer=customer)  # the first hand-over opens the channel
    built = []
    build = redis.Redis.__init__

    def counting_build(client, *args, **kwargs):
        built.append(client)
        build(client, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_build)
    for number in range(3):
        ticket = TicketFactory(customer=customer)
        message_post(ticket=ticket, actor=agent, body=f"Reply {number}.")
    assert built == []  # no client built per hand-over
    assert redis.Redis.from_url(REDIS).llen(broker) >= 7  # every hand-over reached Redis

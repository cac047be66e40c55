"""Each process keeps the active SLA policies, read once per change: an act reads no policy
rows while nothing changed, and every committed change shows on the next act."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import AgentFactory, CategoryFactory, CustomerFactory
from tests.sla_support import make_policy
from tickets.models import Category, Priority, Ticket
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_create
from tickets.sla import policies
from tickets.sla.models import SlaPolicy, SlaTarget

pytestmark = pytest.mark.django_db


def _open(**fields) -> Ticket:
    return ticket_create(
        actor=AgentFactory(),
        customer=CustomerFactory(),
        subject="Parcel late",
        description="Tracking stuck.",
        **fields,
    )


def _policy_queries(act) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        act()
    return [q["sql"] for q in captured.captured_queries if 'FROM "sla_' in q["sql"]]


def test_acts_read_no_policy_rows_while_nothing_changed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_policy()
    _open()  # the first act reads them

    opened = []
    assert _policy_queries(lambda: opened.append(_open())) == []
    ticket = opened[0]
    assert ticket.sla_policy is not None
    assert (
        _policy_queries(
            lambda: message_post(ticket=ticket, actor=ticket.customer, body="Any news?")
        )
        == []
    )


def test_a_committed_change_shows_on_the_next_act(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        policy = make_policy()
    before = _open()
    with django_capture_on_commit_callbacks(execute=True):
        SlaTarget.objects.filter(policy=policy, priority=Priority.NORMAL).delete()
        SlaTarget.objects.create(policy=policy, priority=Priority.NORMAL, first_response_minutes=60)
    after = _open()
    assert before.sla_resolution_due_at is not None
    assert after.sla_resolution_due_at is None  # the new target has no resolution time

    with django_capture_on_commit_callbacks(execute=True):
        policy.is_active = False
        policy.save()
    assert _open().sla_policy is None


def test_a_change_inside_a_transaction_is_seen_there_and_not_kept_after_a_rollback(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        make_policy()
    assert _open().sla_policy is not None  # read and kept

    try:
        with transaction.atomic():
            SlaPolicy.objects.update(is_active=False)
            policies.policies_changed()
            assert _open().sla_policy is None  # this transaction sees its own change
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    policies._request_finished()  # the request that rolled back is over

    assert _open().sla_policy is not None


def test_a_category_policy_applies_below_its_category():
    top = CategoryFactory()
    leaf = CategoryFactory(parent=CategoryFactory(parent=top, depth=2), depth=3)
    make_policy("Top category", category=top)
    elsewhere = CategoryFactory()

    # With the parents loaded (no query), and without (one query for the line).
    assert _open(category=leaf).sla_policy.name == "Top category"
    assert _open(category=Category.objects.get(pk=leaf.pk)).sla_policy.name == "Top category"
    assert _open(category=elsewhere).sla_policy is None

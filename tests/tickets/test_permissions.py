import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import AgentFactory, TicketFactory, UserFactory, transferred_ticket
from tickets import permissions, selectors
from tickets.errors import TicketNotFoundError
from tickets.models import Message
from tickets.permissions import UserRole, role_of, visible_messages, visible_tickets
from tickets.services.messages import message_post, vendor_answer


@pytest.fixture
def world(
    customer,
    seller_account,
    seller_colleague,
    other_customer,
    agent,
    vendor,
    vendor_user,
    other_vendor_user,
):
    own = TicketFactory(customer=customer)
    shared = TicketFactory(customer=seller_colleague, seller_account_id=seller_account.pk)
    foreign = TicketFactory(customer=other_customer)
    transferred = transferred_ticket(agent=agent, vendor=vendor, customer=other_customer)
    return {"own": own, "shared": shared, "foreign": foreign, "transferred": transferred}


VISIBLE_PER_ROLE = [
    ("customer", {"own", "shared"}),
    ("seller_colleague", {"shared"}),
    ("other_customer", {"foreign", "transferred"}),
    ("agent", {"own", "shared", "foreign", "transferred"}),
    ("vendor_user", {"transferred"}),
    ("other_vendor_user", set()),
]


@pytest.mark.parametrize(("actor", "expected"), VISIBLE_PER_ROLE)
def test_visible_tickets_per_role(world, request, actor, expected):
    user = request.getfixturevalue(actor)
    names = {name for name, ticket in world.items() if ticket in visible_tickets(user)}
    assert names == expected
    for name, ticket in world.items():
        assert permissions.can_see(user, ticket) == (name in expected)


@pytest.mark.parametrize(("actor", "expected"), VISIBLE_PER_ROLE)
def test_ticket_page_read_applies_each_roles_rule(world, request, actor, expected):
    """A page's read starts from a queryset built once per process (ticket_page_read):
    each role's rule still narrows it, read after read, and it keeps no rows itself."""
    user = request.getfixturevalue(actor)
    names = set()
    for name, ticket in world.items():
        try:
            selectors.ticket_get_for(user=user, ticket_id=ticket.pk, follow_merge=False)
        except TicketNotFoundError:
            continue
        names.add(name)
    assert names == expected
    assert selectors.ticket_page_read()._result_cache is None


def test_seller_colleague_sees_only_the_accounts_tickets(world, seller_colleague):
    private = TicketFactory(customer=world["shared"].customer)
    assert private not in visible_tickets(world["own"].customer)


def test_roles(db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    staff = UserFactory(is_staff=True)
    assert role_of(admin) == UserRole.ADMIN
    assert role_of(staff) == UserRole.AGENT
    assert role_of(AgentFactory()) == UserRole.AGENT
    assert role_of(UserFactory()) == UserRole.CUSTOMER


def test_vendor_role(vendor_user):
    assert role_of(vendor_user) == UserRole.VENDOR


def test_anonymous_sees_nothing(world):
    assert not visible_tickets(AnonymousUser()).exists()


def test_notes_and_vendor_exchange_are_hidden_from_customers(
    agent, vendor, vendor_user, other_customer
):
    ticket = transferred_ticket(agent=agent, vendor=vendor, customer=other_customer)
    message_post(ticket=ticket, actor=agent, body="internal", is_internal=True)
    vendor_answer(ticket=ticket, actor=vendor_user, body="vendor says")
    message_post(ticket=ticket, actor=agent, body="public reply")
    thread = Message.objects.filter(ticket=ticket)

    def kinds(user):
        return sorted(thread.filter(pk__in=visible_messages(user)).values_list("kind", flat=True))

    assert kinds(agent) == ["note", "reply", "reply", "transfer", "vendor_answer"]
    assert kinds(vendor_user) == ["reply", "reply", "transfer", "vendor_answer"]
    assert kinds(other_customer) == ["reply", "reply"]

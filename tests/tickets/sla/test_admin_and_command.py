"""SLA policies are set up in Django admin; the sla_check command runs the check."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import AgentFactory, TicketFactory, UserFactory
from tests.sla_support import seoul
from tickets.models import Priority
from tickets.notifications.models import NotificationEvent, NotificationOptOut
from tickets.services.tickets import ticket_assign
from tickets.sla.models import SlaPolicy
from tickets.sla.tasks import sla_check_task


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def policy_form(**overrides) -> dict:
    return {
        "name": "Berlin office",
        "is_active": "on",
        "at_risk_minutes": "60",
        "time_zone": "Europe/Berlin",
        "holiday_country": "DE",
        "holiday_region": "BE",
        **inline(
            "targets",
            [
                {
                    "priority": Priority.NORMAL,
                    "first_response_minutes": "120",
                    "resolution_minutes": "",
                }
            ],
        ),
        **inline(
            "business_hours",
            [
                {"weekday": "0", "opens_at": "09:00", "closes_at": "12:00"},
                {"weekday": "0", "opens_at": "13:00", "closes_at": "17:00"},
            ],
        ),
        **inline("holidays", [{"day": "2026-12-24", "name": "Christmas Eve"}]),
        **overrides,
    }


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_creates_a_policy_with_targets_hours_and_holidays(admin_client):
    response = admin_client.post("/admin/sla/slapolicy/add/", policy_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = SlaPolicy.objects.get(name="Berlin office")
    assert policy.targets.get().first_response_minutes == 120
    assert policy.business_hours.count() == 2
    assert str(policy.holidays.get().day) == "2026-12-24"
    assert admin_client.get("/admin/sla/slapolicy/").status_code == 200


def test_a_policy_tickets_counted_by_cannot_be_deleted_only_deactivated(admin_client, policy):
    unused = SlaPolicy.objects.create(name="Never used")
    TicketFactory()
    assert admin_client.get(f"/admin/sla/slapolicy/{policy.pk}/delete/").status_code == 403
    assert (
        admin_client.post(f"/admin/sla/slapolicy/{unused.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert not SlaPolicy.objects.filter(pk=unused.pk).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_zone", "Mars/Olympus"), ("holiday_country", "XX"), ("holiday_region", "ZZ")],
)
def test_admin_refuses_an_unknown_zone_country_or_region(admin_client, field, value):
    response = admin_client.post("/admin/sla/slapolicy/add/", policy_form(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not SlaPolicy.objects.exists()


def test_admin_refuses_hours_that_close_before_they_open(admin_client):
    form = policy_form(
        **{"business_hours-1-opens_at": "18:00", "business_hours-1-closes_at": "08:00"}
    )
    response = admin_client.post("/admin/sla/slapolicy/add/", form)
    assert response.status_code == 200
    assert not SlaPolicy.objects.exists()


def test_sla_check_command_reports_what_it_did(policy, clock, mailoutbox):
    agent = AgentFactory()
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    clock.move_to(seoul(2026, 3, 9, 11, 45))
    out = StringIO()
    call_command("sla_check", stdout=out)
    assert out.getvalue().strip() == "Checked 1 tickets: 1 warned, 0 targets missed."


def test_beat_runs_the_check_every_minute(settings, policy, clock, mailoutbox):
    entry = settings.CELERY_BEAT_SCHEDULE["sla-check"]
    assert entry["task"] == sla_check_task.name
    assert entry["schedule"] == 60.0
    agent = AgentFactory()
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    clock.move_to(seoul(2026, 3, 9, 12, 1))
    sla_check_task.apply()
    ticket.refresh_from_db()
    assert ticket.sla_first_response_breached_at == seoul(2026, 3, 9, 12)


def test_an_agent_who_turned_sla_mail_off_gets_none(policy, clock, check, mailoutbox):
    agent = AgentFactory()
    NotificationOptOut.objects.create(user=agent, event=NotificationEvent.SLA_AT_RISK)
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    clock.move_to(seoul(2026, 3, 9, 11, 45))
    assert check().warned == 1
    assert mailoutbox == []

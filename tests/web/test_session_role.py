"""A signed-in user's role is read with the user on every request (SessionUserBackend):
joining or leaving the agents group takes effect on the next page, without signing in again."""

from django.contrib.auth.models import Group

from tickets.permissions import AGENTS_GROUP


def test_an_agent_taken_out_of_the_agents_group_loses_the_dashboard_at_once(agent, web_for):
    client = web_for(agent)
    assert client.get("/agent/").status_code == 200

    agent.groups.remove(Group.objects.get(name=AGENTS_GROUP))

    assert client.get("/agent/").status_code == 403


def test_a_customer_put_in_the_agents_group_gets_the_dashboard_on_the_next_page(
    customer, agent, web_for
):
    client = web_for(customer)
    assert client.get("/agent/").status_code == 403

    customer.groups.add(Group.objects.get(name=AGENTS_GROUP))

    assert client.get("/agent/").status_code == 200


def test_a_deactivated_user_is_signed_out(agent, web_for):
    client = web_for(agent)
    agent.is_active = False
    agent.save(update_fields=["is_active"])

    response = client.get("/agent/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

import pytest

from tests.factories import AgentFactory, TicketFactory
from tickets.agenttools.models import SavedView
from tickets.errors import ActionNotAllowedError, InvalidInputError
from tickets.models import Priority
from tickets.pagination import CappedCountPaginator
from tickets.services.saved_views import saved_view_delete, saved_view_save
from tickets.services.tickets import ticket_assign

pytestmark = pytest.mark.django_db


def test_saving_the_queue_keeps_its_filters_and_sort_but_not_the_page(agent, web_for):
    response = web_for(agent).post(
        "/agent/views/",
        {"name": "Urgent", "query": "priority=urgent&sort=created&page=3&csrf=x&status="},
    )
    view = SavedView.objects.get()
    assert (view.name, view.owner, view.is_shared) == ("Urgent", agent, False)
    assert view.query == "priority=urgent&sort=created"
    assert response["Location"] == "/agent/?priority=urgent&sort=created"


def test_sidebar_lists_views_with_live_counts(agent, web_for):
    TicketFactory(priority=Priority.URGENT)
    TicketFactory(priority=Priority.URGENT)
    TicketFactory()
    saved_view_save(actor=agent, name="Urgent", query="priority=urgent")
    page = web_for(agent).get("/agent/").content.decode()
    assert "Urgent" in page
    assert "data-view-count>2<" in page


def test_counts_are_capped_like_the_lists(agent, web_for, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "count_cap", 2)
    for _ in range(3):
        TicketFactory()
    saved_view_save(actor=agent, name="Everything", query="sort=created")
    page = web_for(agent).get("/agent/").content.decode()
    assert "data-view-count>2+<" in page


def test_mine_in_a_shared_view_counts_each_agents_own(agent, web_for):
    colleague = AgentFactory()
    saved_view_save(actor=agent, name="My work", query="assignee=mine", is_shared=True)
    TicketFactory()
    ticket_assign(ticket=TicketFactory(), actor=agent, assignee=agent)
    mine = web_for(agent).get("/agent/").content.decode()
    theirs = web_for(colleague).get("/agent/").content.decode()
    assert "data-view-count>1<" in mine
    assert "data-view-count>0<" in theirs


def test_personal_views_stay_personal_and_shared_ones_are_for_everyone(agent, web_for):
    colleague = AgentFactory()
    saved_view_save(actor=agent, name="Only mine", query="priority=low")
    saved_view_save(actor=agent, name="Team view", query="priority=high", is_shared=True)
    page = web_for(colleague).get("/agent/").content.decode()
    assert "Team view" in page
    assert "Only mine" not in page


def test_saving_under_the_same_name_replaces_the_filters(agent):
    saved_view_save(actor=agent, name="Mine", query="priority=low")
    saved_view_save(actor=agent, name="Mine", query="priority=high")
    assert SavedView.objects.get().query == "priority=high"


def test_only_the_owner_deletes_a_view(agent, web_for):
    view = saved_view_save(actor=agent, name="Team", query="", is_shared=True)
    colleague = AgentFactory()
    with pytest.raises(ActionNotAllowedError):
        saved_view_delete(actor=colleague, view=view)
    assert web_for(colleague).post(f"/agent/views/{view.pk}/delete/").status_code == 403
    web_for(agent).post(f"/agent/views/{view.pk}/delete/")
    assert not SavedView.objects.exists()


def test_views_need_a_name_and_an_agent(agent, customer, web_for):
    with pytest.raises(InvalidInputError):
        saved_view_save(actor=agent, name="  ", query="")
    with pytest.raises(ActionNotAllowedError):
        saved_view_save(actor=customer, name="x", query="")
    assert web_for(customer).post("/agent/views/", {"name": "x"}).status_code == 403
    assert not SavedView.objects.exists()

"""The category picker in a real browser: the top level (grouped by channel), then its
sub-categories; a heading alone is refused with the reason; the agent's triage and the
queue filter use the same two steps."""

import pytest
from playwright.sync_api import expect

from tickets.models import Category, Ticket

from .conftest import VIEWPORTS, axe_violations, screenshot

pytestmark = pytest.mark.browser


def node(code: str, parent: str | None = None) -> Category:
    return Category.objects.get(code=code, parent__code=parent, is_deleted=False)


def option_texts(select) -> list[str]:
    return [text.strip() for text in select.locator("option").all_inner_texts()]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_customer_picks_a_top_level_then_one_of_its_sub_categories(session_for, viewport):
    page = session_for("alice", viewport).page
    page.goto("/tickets/new/")
    top, sub = page.locator("#id_category"), page.locator("#id_category-sub")
    real = page.locator("#id_category-value")

    # Two steps: the top levels grouped by channel; no sub-category before a top level.
    expect(real).to_be_hidden()
    expect(sub).to_be_hidden()
    groups = top.locator("optgroup")
    assert [groups.nth(i).get_attribute("label") for i in range(groups.count())] == [
        "Storefront",
        "Fulfilment (3PL)",
    ]
    assert "Inbound" not in option_texts(top)

    top.select_option(label="Fulfilment")
    expect(sub).to_be_visible()
    leaves = option_texts(sub)
    assert leaves[0] == "Choose a sub-category"
    assert "Inbound" in leaves
    # The heading itself is not a choice, nor another topic's category.
    assert "Fulfilment" not in leaves
    assert "Surcharges" not in leaves
    sub.select_option(label="Inbound")
    assert real.input_value() == str(node("INBOUND", "FULFILMENT").pk)

    page.fill("#id_subject", "Pallet not booked in")
    page.fill("#id_description", "It arrived on Monday; stock still shows 0.")
    screenshot(page, f"category-picker-{viewport}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Open ticket").click()
    page.wait_for_url("**/tickets/*/")

    ticket = Ticket.objects.get(subject="Pallet not booked in")
    assert ticket.category == node("INBOUND", "FULFILMENT")


def test_a_top_level_without_sub_categories_is_one_step(session_for):
    page = session_for("alice").page
    page.goto("/tickets/new/")

    page.locator("#id_category").select_option(label="Payment")

    expect(page.locator("#id_category-sub")).to_be_hidden()
    assert page.locator("#id_category-value").input_value() == str(node("PAYMENT").pk)


def test_a_heading_alone_is_refused_with_the_reason(session_for):
    page = session_for("alice").page
    page.goto("/tickets/new/")
    page.fill("#id_subject", "Something about fulfilment")
    page.fill("#id_description", "Not sure which one.")

    page.locator("#id_category").select_option(label="Fulfilment")
    page.get_by_role("button", name="Open ticket").click()

    page.wait_for_load_state()
    expect(page.get_by_text("'Fulfilment' has sub-categories: choose one of them.")).to_be_visible()
    # The picker shows the heading again, waiting for its sub-category.
    expect(page.locator("#id_category option:checked")).to_have_text("Fulfilment")
    expect(page.locator("#id_category-sub")).to_have_value("")
    assert not Ticket.objects.filter(subject="Something about fulfilment").exists()
    screenshot(page, "category-picker-refused-desktop")
    assert axe_violations(page) == []


def test_agent_recategorises_in_two_steps_and_filters_by_a_subtree(session_for):
    session = session_for("sam")
    page = session.page
    ticket = Ticket.objects.filter(category=node("ORDER")).order_by("id").first()
    page.goto(f"/agent/tickets/{ticket.pk}/")

    page.locator("#triage-category").select_option(label="Accounting")
    page.locator("#triage-category-sub").select_option(label="Surcharges")
    page.locator("#triage").get_by_role("button", name="Save").click()
    page.wait_for_load_state()

    ticket.refresh_from_db()
    assert ticket.category == node("SURCHARGES", "ACCOUNTING")
    expect(page.locator("#triage-category option:checked")).to_have_text("Accounting")
    expect(page.locator("#triage-category-sub option:checked")).to_have_text("Surcharges")

    # A filter may take the whole subtree: "All of …" comes first.
    accounting = node("ACCOUNTING")
    page.goto(f"/agent/?category={accounting.pk}")
    expect(page.locator("#id_category option:checked")).to_have_text("Accounting")
    expect(page.locator("#id_category-sub option:checked")).to_have_text("All of Accounting")
    assert page.locator("#id_category-value").input_value() == str(accounting.pk)
    assert axe_violations(page) == []

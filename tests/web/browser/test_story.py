"""The helpdesk walked in a real browser by the demo people: alice, sam and vera."""

import json
import re
from email.message import EmailMessage

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from tests.factories import PNG_BYTES
from tests.mail_helpers import free_port, smtp_send
from tickets.models import (
    Channel,
    Message,
    MessageKind,
    Rating,
    Status,
    Ticket,
    TransferStatus,
    User,
)
from tickets.notifications.gateway import gateway_controller
from tickets.permissions import AGENTS_GROUP

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def thread(page):
    """The whole conversation: a long thread folds its middle rows into a nested list."""
    return page.locator(".thread").first


def test_alice_and_sam_work_a_ticket_from_opening_to_rating(session_for):
    alice = session_for("alice")
    page = alice.page
    expect(page).to_have_url(re.compile(r"/tickets/$"))
    page.get_by_role("link", name="New ticket").first.click()
    # The category picker replaces the select once the page has loaded; picking earlier
    # would hold on to the select it hides.
    expect(page).to_have_url(re.compile(r"/tickets/new/$"))
    page.wait_for_load_state()
    page.fill("#id_subject", "Blender arrived with a cracked jar")
    page.select_option("#id_category", label="Product")
    page.fill("#id_order_id", "1900000777")
    page.fill("#id_item_name", "Blender 600W")
    page.fill("#id_description", "The glass jar was cracked when I opened the box.")
    page.set_input_files(
        "#id_attachments", {"name": "jar.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    page.get_by_role("button", name="Open ticket").click()
    ticket = Ticket.objects.get(subject="Blender arrived with a cracked jar")
    expect(page.locator("h1")).to_contain_text(ticket.case_number)
    expect(page.get_by_role("link", name=re.compile("jar.png"))).to_be_visible()

    sam = session_for("sam")
    expect(sam.page).to_have_url(re.compile(r"/agent/$"))
    sam.page.fill("#id_q", "cracked jar")
    sam.page.get_by_role("button", name="Apply").click()
    sam.page.get_by_role("link", name="Blender arrived with a cracked jar").click()
    expect(sam.page.locator("h1")).to_contain_text(ticket.case_number)
    sam.page.fill("#id_body", "Customer sent a photo; the carrier is liable.")
    sam.page.check("#id_is_internal")
    sam.page.get_by_role("button", name="Add internal note").click()
    expect(sam.page.locator(".message.is-internal")).to_contain_text("carrier is liable")
    sam.page.fill("#id_body", "Sorry about that! A replacement jar is on its way.")
    sam.page.get_by_role("button", name="Send reply").click()
    expect(sam.page.get_by_text("Reply sent.")).to_be_visible()

    page.reload()
    expect(thread(page)).to_contain_text("A replacement jar is on its way.")
    expect(thread(page)).not_to_contain_text("carrier is liable")
    expect(page.locator(".is-internal")).to_have_count(0)
    page.fill("#id_body", "Thank you, I will keep the box.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply was sent.")).to_be_visible()

    sam.page.reload()
    expect(thread(sam.page)).to_contain_text("I will keep the box")
    sam.page.get_by_role("button", name="Resolve").click()
    expect(sam.page.get_by_text("The ticket is resolved.")).to_be_visible()

    page.reload()
    page.get_by_label("4 stars").check()
    page.fill("#id_comment", "Fast and friendly.")
    page.get_by_role("button", name="Send rating").click()
    expect(page.get_by_text("Thank you for your rating.")).to_be_visible()

    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.current_rating == 4
    assert Rating.objects.get(ticket=ticket).comment == "Fast and friendly."
    kinds = list(ticket.messages.order_by("id").values_list("kind", "is_internal"))
    assert kinds == [
        (MessageKind.REPLY, False),
        (MessageKind.NOTE, True),
        (MessageKind.REPLY, False),
        (MessageKind.REPLY, False),
        (MessageKind.RATING_COMMENT, False),
    ]


def test_sam_transfers_to_vendor_and_vera_answers(session_for):
    ticket = Ticket.objects.filter(vendor__isnull=True, status=Status.OPEN).first()
    sam = session_for("sam")
    sam.page.goto(f"/agent/tickets/{ticket.pk}/")
    sam.page.select_option("#id_vendor", "A00012345")
    sam.page.fill("#id_note", "Does this item ship with a spare jar?")
    sam.page.get_by_role("button", name="Transfer").click()
    expect(sam.page.get_by_text("Transferred to vendor A00012345.")).to_be_visible()

    vera = session_for("vera")
    expect(vera.page).to_have_url(re.compile(r"/vendor/$"))
    vera.page.get_by_role("link", name=ticket.subject).first.click()
    expect(thread(vera.page)).to_contain_text("spare jar")
    vera.page.fill("#id_body", "Yes, every blender ships with one spare jar.")
    vera.page.get_by_role("button", name="Send answer").click()
    expect(vera.page.get_by_text("Your answer was sent")).to_be_visible()

    sam.page.reload()
    expect(thread(sam.page)).to_contain_text("every blender ships with one spare jar")
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWERED
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.VENDOR_ANSWER).count() == 1


def main_pages() -> dict[str | None, list[tuple[str, str]]]:
    ticket = Ticket.objects.filter(customer__username="alice").order_by("id").first()
    transferred = Ticket.objects.filter(vendor__code="A00012345").order_by("id").first()
    return {
        None: [
            ("home", "/"),
            ("login", "/accounts/login/"),
            ("signup", "/accounts/signup/"),
            ("password-reset", "/accounts/password/reset/"),
            ("not-found", "/no-such-page/"),
        ],
        "alice": [
            ("portal-my-tickets", "/tickets/"),
            ("portal-new-ticket", "/tickets/new/"),
            ("portal-ticket", f"/tickets/{ticket.pk}/"),
            ("portal-api-token", "/accounts/token/"),
            ("portal-mail-settings", "/accounts/mail/"),
            ("portal-password-change", "/accounts/password/change/"),
            ("forbidden", "/agent/"),
        ],
        "sam": [
            ("agent-queue", "/agent/"),
            ("agent-ticket", f"/agent/tickets/{transferred.pk}/"),
            ("agent-overview", "/agent/overview/"),
            ("agent-macros", "/agent/macros/"),
        ],
        "vera": [
            ("vendor-list", "/vendor/?show=all"),
            ("vendor-ticket", f"/vendor/tickets/{transferred.pk}/"),
        ],
    }


def test_main_pages_screenshots_and_accessibility(session_for):
    problems = {}
    for username, pages in main_pages().items():
        for viewport in ("desktop", "phone"):
            session = session_for(username, viewport)
            for name, path in pages:
                session.page.goto(path)
                session.page.wait_for_load_state("networkidle")
                screenshot(session.page, f"{name}-{viewport}")
                violations = axe_violations(session.page)
                if violations:
                    problems[f"{name}-{viewport}"] = violations
            session.close()
    assert not problems, json.dumps(problems, indent=1)


def test_overview_draws_a_real_chart(session_for):
    sam = session_for("sam")
    sam.page.goto("/agent/overview/")
    canvas = sam.page.locator("#created-resolved-chart")
    expect(canvas).to_be_visible()
    has_chart = sam.page.evaluate(
        "() => Boolean(window.Chart && Chart.getChart('created-resolved-chart'))"
    )
    assert has_chart
    datasets = sam.page.evaluate(
        "() => Chart.getChart('created-resolved-chart').data.datasets.map(d => d.label)"
    )
    assert datasets == ["Created", "Resolved"]


def test_sam_applies_a_macro_bulk_assigns_and_merges_a_duplicate(session_for):
    alice_open = list(
        Ticket.objects.filter(
            customer__username="alice", status=Status.OPEN, vendor__isnull=True
        ).order_by("id")
    )
    ticket, target, into = alice_open[:3]
    for viewport in ("desktop", "phone"):
        sam = session_for("sam", viewport)
        sam.page.goto(f"/agent/tickets/{ticket.pk}/")
        screenshot(sam.page, f"agent-ticket-tools-{viewport}")
        sam.close()

    sam = session_for("sam")
    page = sam.page
    page.goto(f"/agent/tickets/{ticket.pk}/")
    page.select_option("#macro-macro", label="Tracking update")
    page.locator("#macro").get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Macro “Tracking update” applied.")).to_be_visible()
    expect(thread(page)).to_contain_text(f"order {ticket.order_id}")
    expect(page.locator(".tag-list")).to_contain_text("late-delivery")
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_ON_CUSTOMER

    page.goto("/agent/?status=open&assignee=unassigned&sort=created")
    boxes = page.locator("input[name=tickets]")
    picked = [int(boxes.nth(n).get_attribute("value")) for n in range(3)]
    for n in range(3):
        boxes.nth(n).check()
    expect(page.locator("[data-bulk-count]")).to_have_text("3 selected")
    page.fill("#bulk-assignee", "sam")
    screenshot(page, "agent-bulk-select-desktop")
    page.get_by_role("button", name="Change selected").click()
    expect(page.locator("h1")).to_contain_text("3 changed, 0 refused")
    screenshot(page, "agent-bulk-result-desktop")
    assert set(
        Ticket.objects.filter(pk__in=picked).values_list("assignee__username", flat=True)
    ) == {"sam"}

    page.goto(f"/agent/tickets/{target.pk}/")
    duplicate_subject = target.subject
    page.once("dialog", lambda dialog: dialog.accept())
    page.fill("#merge-target", into.case_number)
    page.get_by_role("button", name="Merge").click()
    expect(page.locator("#merged-notice")).to_contain_text("Merged into")
    screenshot(page, "agent-merged-desktop")
    merged = Ticket.objects.get(pk=target.pk)
    assert merged.status == Status.CANCELLED
    assert merged.merged_into_id == into.pk
    page.get_by_role("button", name="Undo merge").click()
    expect(page.get_by_text("The merge is undone.")).to_be_visible()
    assert Ticket.objects.get(pk=target.pk).merged_into_id is None
    assert Ticket.objects.get(pk=target.pk).subject == duplicate_subject

    phone = session_for("sam", "phone")
    phone.page.goto("/agent/?status=open")
    screenshot(phone.page, "agent-queue-bulk-phone")
    phone.page.goto(f"/agent/tickets/{target.pk}/")
    phone.page.once("dialog", lambda dialog: dialog.accept())
    phone.page.fill("#merge-target", into.case_number)
    phone.page.get_by_role("button", name="Merge").click()
    expect(phone.page.locator("#merged-notice")).to_be_visible()
    screenshot(phone.page, "agent-merged-phone")


def test_two_agents_see_each_other_on_a_ticket(session_for):
    kim = User.objects.create_user("kim", password="demo12345", first_name="Kim")
    kim.groups.add(Group.objects.get(name=AGENTS_GROUP))
    ticket = Ticket.objects.filter(status=Status.OPEN).order_by("id").first()
    sam = session_for("sam")
    sam.page.goto(f"/agent/tickets/{ticket.pk}/")
    other = session_for("kim")
    other.page.goto(f"/agent/tickets/{ticket.pk}/")
    other.page.fill("#id_body", "Drafting an answer")
    notice = sam.page.locator("#presence-notice")
    expect(notice).to_contain_text("Kim is typing a reply", timeout=15_000)
    screenshot(sam.page, "agent-collision-desktop")
    expect(other.page.locator("#presence-notice")).to_contain_text(
        "Sam Support has this ticket open"
    )


def test_alice_gets_sams_reply_by_mail_and_answers_it_by_mail(session_for):
    ticket = Ticket.objects.filter(customer__username="alice", status=Status.OPEN).first()
    sam = session_for("sam")
    sam.page.goto(f"/agent/tickets/{ticket.pk}/")
    sam.page.fill("#id_body", "Could you tell us the tracking number on the label?")
    sam.page.get_by_role("button", name="Send reply").click()
    expect(sam.page.get_by_text("Reply sent.")).to_be_visible()

    (reply,) = [m for m in mail.outbox if "tracking number on the label" in m.body]
    assert reply.to == ["alice@example.test"]
    assert reply.subject.startswith(f"[{ticket.case_number}] ")
    answer = EmailMessage()
    answer["From"] = "Alice Kim <alice@example.test>"
    answer["To"] = reply.extra_headers["Reply-To"]
    answer["Subject"] = f"Re: {reply.subject}"
    answer["In-Reply-To"] = reply.extra_headers["Message-ID"]
    answer.set_content(
        "The label says 00340434161094042557.\n\n"
        "On Thu, 26 Nov 2026, Helpdesk Support <support@example.test> wrote:\n"
        + "".join(f"> {line}\n" for line in reply.body.splitlines())
    )
    controller = gateway_controller(host="127.0.0.1", port=free_port())
    controller.start()
    try:
        smtp_send(controller.port, answer)
    finally:
        controller.stop()

    sam.page.reload()
    conversation = thread(sam.page)
    expect(conversation).to_contain_text("The label says 00340434161094042557.")
    expect(conversation).not_to_contain_text("wrote:")
    alice = session_for("alice")
    alice.page.goto(f"/tickets/{ticket.pk}/")
    expect(thread(alice.page)).to_contain_text("00340434161094042557")
    latest = ticket.messages.order_by("id").last()
    assert (latest.author.username, latest.channel) == ("alice", Channel.MAIL)


# Inline code the Content-Security-Policy would refuse: scripts without src (JSON data
# blocks are not run) and on* event-handler attributes.
INLINE_CODE = """() => {
  const scripts = [...document.querySelectorAll("script:not([src])")]
    .filter((s) => s.type !== "application/json")
    .map((s) => s.outerHTML.slice(0, 80));
  const handlers = [...document.querySelectorAll("*")].flatMap((el) =>
    [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => el.tagName + a.name));
  return [...scripts, ...handlers];
}"""


def directive(policy: str, name: str) -> list[str]:
    """The sources a Content-Security-Policy header lists for one directive."""
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"no {name} in {policy}")


def test_every_page_has_a_policy_without_inline_script(session_for):
    for username, pages in main_pages().items():
        session = session_for(username)
        for name, path in pages:
            response = session.page.goto(path)
            session.page.wait_for_load_state("networkidle")
            policy = response.headers["content-security-policy"]
            assert directive(policy, "script-src") == ["'self'"], (name, policy)
            assert directive(policy, "frame-ancestors") == ["'none'"]
            assert session.page.evaluate(INLINE_CODE) == [], name
        session.close()  # and no CSP violation was reported on any of them


def docs_pages() -> list[tuple[str, str]]:
    """Every API docs page the site routes ("swagger" or "redoc", path), whichever surface
    it documents: a page added later is walked too."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from drf_spectacular.views import (
        SpectacularRedocView,
        SpectacularSwaggerSplitView,
        SpectacularSwaggerView,
    )

    def walk(patterns, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                path = "/" + prefix + str(pattern.pattern)
                if view_class and issubclass(view_class, SpectacularRedocView):
                    yield ("redoc", path)
                elif view_class and issubclass(
                    view_class, (SpectacularSwaggerView, SpectacularSwaggerSplitView)
                ):
                    yield ("swagger", path)

    return sorted(set(walk(get_resolver().url_patterns, "")))


def test_api_docs_render_under_their_policy(session_for):
    pages = docs_pages()
    assert ("swagger", "/api/docs/") in pages
    assert ("redoc", "/api/redoc/") in pages
    for kind, path in pages:
        # A session per page: each one closes asserting that the page made no request to
        # another host and that its Content-Security-Policy refused nothing.
        session = session_for(None)
        page = session.page
        response = page.goto(path)
        assert directive(response.headers["content-security-policy"], "script-src") == ["'self'"]
        # Both pages fetch and render the whole schema first: give them time on a busy machine.
        if kind == "swagger":
            expect(page.locator(".swagger-ui .info .title")).to_contain_text(
                "Helpdesk API", timeout=60_000
            )
            # Swagger UI would fetch a badge from validator.swagger.io on a public host.
            assert page.evaluate("() => ui.getConfigs().validatorUrl") is None
        else:
            expect(page.locator("h1").first).to_contain_text("Helpdesk API", timeout=60_000)
            # ReDoc's sidebar logo is drawn from the local copy, not from cdn.redoc.ly.
            logo = page.get_by_role("img", name="redocly logo")
            expect(logo).to_be_attached()
            assert logo.get_attribute("src").startswith("data:image/svg+xml,")
            assert page.evaluate("(img) => img.naturalWidth > 0", logo.element_handle())
        page.wait_for_load_state("networkidle")
        assert page.evaluate(INLINE_CODE) == [], path
        session.close()


def test_alice_makes_a_token_sees_it_once_and_revokes_it(session_for):
    alice = session_for("alice")
    page = alice.page
    page.goto("/accounts/token/")
    page.fill("#id_name", "warehouse sync")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#api-token").input_value()
    assert len(token) == 64
    page.goto("/accounts/token/")
    expect(page.locator("#api-token")).to_have_count(0)
    expect(page.get_by_role("cell", name="warehouse sync", exact=True)).to_be_visible()
    # The confirmation comes from static/web/app.js, which the policy lets run.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke warehouse sync").click()
    expect(page.get_by_text("The token was revoked")).to_be_visible()
    expect(page.get_by_role("cell", name="warehouse sync", exact=True)).to_have_count(0)


def test_a_locked_login_says_how_long_to_wait(session_for, settings):
    settings.AXES_FAILURE_LIMIT = 3
    visitor = session_for(None)
    page = visitor.page
    for _ in range(3):
        page.goto("/accounts/login/")
        page.fill("#id_username", "alice")
        page.fill("#id_password", "not-her-password")
        page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_contain_text("Too many attempts")
    expect(page.get_by_role("status")).to_have_text("Try again in 15 minutes.")
    screenshot(page, "login-locked-desktop")
    assert axe_violations(page) == []

    visitor.login("alice")  # the right password, still refused
    expect(page.locator("h1")).to_contain_text("Too many attempts")


def test_django_admin_runs_under_the_policy(session_for):
    admin = session_for("admin")
    for path in (
        "/admin/",
        "/admin/tickets/category/",
        "/admin/tickets/category/add/",
        "/admin/tickets/vendor/",
        "/admin/tickets/user/",
        "/admin/axes/accessattempt/",
    ):
        response = admin.page.goto(path)
        admin.page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert admin.page.evaluate(INLINE_CODE) == [], path
    admin.close()  # and no CSP violation was reported on any of them

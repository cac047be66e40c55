"""User text renders as text on every page that shows it."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import CategoryFactory, TicketFactory, transferred_ticket, upload
from tickets.models import Attachment
from tickets.services.messages import message_post

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_escaped(html: str) -> None:
    assert SCRIPT not in html
    assert ESCAPED in html


def test_subject_message_file_name_and_category_render_as_text(
    customer, agent, vendor_user, web_for
):
    category = CategoryFactory(name=SCRIPT)
    attachment = upload(customer, name=f"{SCRIPT}.txt", content=b"plain text\n")
    ticket = TicketFactory(
        customer=customer,
        subject=SCRIPT,
        description=SCRIPT,
        category=category,
        order_id=SCRIPT[:64],
        attachment_uuids=[attachment.uuid],
    )
    message_post(ticket=ticket, actor=agent, body=SCRIPT, is_internal=True)
    pages = {
        customer: ["/tickets/", f"/tickets/{ticket.pk}/", "/tickets/new/"],
        agent: ["/agent/", f"/agent/tickets/{ticket.pk}/"],
    }
    for user, paths in pages.items():
        client = web_for(user)
        for path in paths:
            html = client.get(path).content.decode()
            assert SCRIPT not in html, path
            assert "&lt;script&gt;" in html, path


def test_file_name_renders_as_text_even_if_stored_raw(customer, agent, web_for):
    attachment = upload(customer, name="<img src=x onerror=alert(1)>.png")
    assert "<" not in attachment.original_name
    ticket = TicketFactory(customer=customer, attachment_uuids=[attachment.uuid])
    # Older rows or another writer may hold a raw name: the template must still escape it.
    Attachment.objects.filter(pk=attachment.pk).update(original_name=f"{SCRIPT}.png")
    assert_escaped(web_for(customer).get(f"/tickets/{ticket.pk}/").content.decode())
    assert_escaped(web_for(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode())


def test_vendor_page_escapes_subject_and_transfer_note(agent, customer, vendor_user, web_for):
    ticket = transferred_ticket(
        agent=agent, vendor=vendor_user.vendor, customer=customer, subject=SCRIPT
    )
    message_post(ticket=ticket, actor=customer, body=SCRIPT)
    for path in ("/vendor/?show=all", f"/vendor/tickets/{ticket.pk}/"):
        assert_escaped(web_for(vendor_user).get(path).content.decode())


def test_reply_typed_with_markup_is_shown_escaped_after_a_form_error(customer, web_for):
    ticket = TicketFactory(customer=customer)
    response = web_for(customer).post(
        f"/tickets/{ticket.pk}/",
        {"body": SCRIPT, "attachments": [SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 40)]},
    )
    assert response.status_code == 400
    assert_escaped(response.content.decode())


def test_user_name_in_navigation_is_escaped(web_for, customer):
    customer.first_name = SCRIPT
    customer.save()
    assert_escaped(web_for(customer).get("/tickets/").content.decode())

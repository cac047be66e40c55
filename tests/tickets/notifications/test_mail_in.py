"""Mail in through the SMTP gateway (real SMTP on a loopback port) and the same service."""

import smtplib

import pytest
from django.core import mail

from tests.factories import PNG_BYTES, CustomerFactory, TicketFactory, transferred_ticket
from tests.mail_helpers import make_mail, smtp_send
from tickets.models import Attachment, Channel, Message, MessageKind, Status, Ticket, User
from tickets.notifications.addresses import reply_address, ticket_token
from tickets.notifications.inbound import mail_receive
from tickets.notifications.models import InboundMail, InboundOutcome, Notification
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_cancel

SUPPORT = "support@example.test"
QUOTED_REPLY = """Thanks, that works!

Alice
--
Alice Kim, Alice's Shop

On Mon, 3 Nov 2026 at 10:00, Helpdesk Support <support@example.test> wrote:
> Sorry about that! A replacement jar is on its way.
"""


def counts() -> dict[str, int]:
    models = (Ticket, Message, Attachment, User, Notification)
    return {model.__name__: model.objects.count() for model in models}


def test_a_customer_mail_opens_a_ticket_through_the_gateway(gateway, customer):
    smtp_send(
        gateway,
        make_mail(
            sender=f"Kim <{customer.email}>",
            to=SUPPORT,
            subject="Blender jar cracked",
            text="The jar is cracked.",
        ),
    )
    ticket = Ticket.objects.get(subject="Blender jar cracked")
    assert ticket.customer == customer
    assert ticket.channel == Channel.MAIL
    first = ticket.messages.get()
    assert first.body == "The jar is cracked."
    assert first.channel == Channel.MAIL
    ack = next(m for m in mail.outbox if m.to == [customer.email])
    assert ack.subject == f"[{ticket.case_number}] Blender jar cracked"
    assert ack.extra_headers["Reply-To"] == reply_address(ticket.pk)


def test_a_reply_by_mail_lands_in_its_thread_with_the_quote_stripped(gateway, customer, agent):
    ticket = TicketFactory(customer=customer)
    message_post(ticket=ticket, actor=agent, body="Sorry about that!")
    other = TicketFactory(customer=customer)
    smtp_send(
        gateway,
        make_mail(
            sender=customer.email,
            to=reply_address(ticket.pk),
            subject=f"Re: [{ticket.case_number}] x",
            text=QUOTED_REPLY,
        ),
    )
    reply = ticket.messages.order_by("id").last()
    assert reply.body == "Thanks, that works!\n\nAlice"
    assert reply.author == customer
    assert reply.channel == Channel.MAIL
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN  # a customer's reply goes back to support
    assert other.messages.count() == 1


def test_a_forged_reply_token_is_refused_with_nothing_written(gateway, customer):
    ticket = TicketFactory(customer=customer)
    victim = TicketFactory()
    forged = reply_address(ticket.pk).replace(f"+t{ticket.pk}-", f"+t{victim.pk}-")
    before = counts()
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        smtp_send(gateway, make_mail(sender=customer.email, to=forged, text="Let me in"))
    assert refused.value.recipients[forged][0] == 550
    record = mail_receive(raw=make_mail(sender=customer.email, to=forged).as_bytes())
    assert record.outcome == InboundOutcome.REFUSED
    assert counts() == before


def test_a_token_with_an_altered_signature_is_refused(customer, db):
    ticket = TicketFactory(customer=customer)
    token = ticket_token(ticket.pk)
    altered = token[:-1] + ("a" if token[-1] != "a" else "b")
    address = f"support+{altered}@example.test"
    before = counts()
    record = mail_receive(raw=make_mail(sender=customer.email, to=address).as_bytes())
    assert record.outcome == InboundOutcome.REFUSED
    assert "not one this helpdesk gave out" in record.reason
    assert counts() == before


def test_a_strangers_reply_is_refused_with_nothing_written(gateway, customer):
    ticket = TicketFactory(customer=customer)
    stranger = CustomerFactory()
    before = counts()
    mail_from_stranger = make_mail(
        sender=stranger.email, to=reply_address(ticket.pk), text="I am the owner now"
    )
    mail_from_stranger.add_attachment(
        PNG_BYTES, maintype="image", subtype="png", filename="proof.png"
    )
    with pytest.raises(smtplib.SMTPDataError) as refused:
        smtp_send(gateway, mail_from_stranger)
    assert refused.value.smtp_code == 550
    assert counts() == before
    unknown = make_mail(sender="nobody@elsewhere.test", to=reply_address(ticket.pk))
    with pytest.raises(smtplib.SMTPDataError):
        smtp_send(gateway, unknown)
    assert counts() == before
    assert InboundMail.objects.filter(outcome=InboundOutcome.REFUSED).count() == 2


def test_mail_for_other_domains_is_not_relayed(gateway, customer):
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        smtp_send(gateway, make_mail(sender=customer.email, to="someone@elsewhere.test"))


def test_html_only_mail_becomes_clean_text(customer, db):
    html = (
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
        "<p>The <b>lid</b> is missing.</p><p onclick='x()'>Order <a href='javascript:x'>"
        "1900</a></p><blockquote>On Monday you wrote: old text</blockquote></body></html>"
    )
    record = mail_receive(
        raw=make_mail(sender=customer.email, to=SUPPORT, text=None, html=html).as_bytes()
    )
    body = record.message.body
    assert "The lid is missing." in body
    assert "Order 1900" in body
    for unwanted in ("<", "alert", "color:red", "old text", "javascript"):
        assert unwanted not in body
    assert record.message.attachments.count() == 0


def test_attachments_go_through_the_upload_checks(customer, db):
    good = make_mail(sender=customer.email, to=SUPPORT, text="Photo attached")
    good.add_attachment(PNG_BYTES, maintype="image", subtype="png", filename="jar.png")
    record = mail_receive(raw=good.as_bytes())
    (attachment,) = record.message.attachments.all()
    assert (attachment.original_name, attachment.content_type) == ("jar.png", "image/png")

    disguised = make_mail(sender=customer.email, to=SUPPORT, text="See file")
    disguised.add_attachment(
        b"MZ\x90\x00" + b"\x00" * 200, maintype="image", subtype="png", filename="invoice.png"
    )
    record = mail_receive(raw=disguised.as_bytes())
    assert record.outcome == InboundOutcome.ACCEPTED
    assert record.message.attachments.count() == 0
    assert record.message.body == (
        "See file\n\n[Attachments not accepted: invoice.png (This type of file is not accepted.)]"
    )
    assert Attachment.objects.filter(original_name="invoice.png").count() == 0


def test_more_files_than_a_message_takes_are_left_out_and_named(customer, db, settings):
    settings.HELPDESK_ATTACHMENT_MAX_FILES = 1
    message = make_mail(sender=customer.email, to=SUPPORT, text="Two photos")
    for name in ("one.png", "two.png"):
        message.add_attachment(PNG_BYTES, maintype="image", subtype="png", filename=name)
    record = mail_receive(raw=message.as_bytes())
    assert [a.original_name for a in record.message.attachments.all()] == ["one.png"]
    assert "two.png (too many files)" in record.message.body


def test_a_refused_mail_leaves_no_stored_file(customer, db, settings):
    ticket = TicketFactory(customer=customer)
    ticket_cancel(ticket=ticket, actor=customer)
    reply = make_mail(sender=customer.email, to=reply_address(ticket.pk), text="Late photo")
    reply.add_attachment(PNG_BYTES, maintype="image", subtype="png", filename="late.png")
    before = counts()
    assert mail_receive(raw=reply.as_bytes()).outcome == InboundOutcome.REFUSED
    assert counts() == before
    stored = settings.MEDIA_ROOT / "attachments"
    assert not stored.exists() or not any(path.is_file() for path in stored.rglob("*"))


def test_an_unknown_sender_becomes_a_customer_when_signup_by_mail_is_on(db, settings):
    settings.HELPDESK_MAIL_SIGNUP = True
    record = mail_receive(
        raw=make_mail(
            sender="Dana Park <dana@shop.test>", to=SUPPORT, text="Where is my parcel?"
        ).as_bytes()
    )
    assert record.outcome == InboundOutcome.ACCEPTED
    dana = User.objects.get(email="dana@shop.test")
    assert (dana.first_name, dana.last_name, dana.has_usable_password()) == ("Dana", "Park", False)
    assert record.ticket.customer == dana


def test_an_unknown_sender_is_refused_when_signup_by_mail_is_off(db, settings):
    settings.HELPDESK_MAIL_SIGNUP = False
    before = counts()
    record = mail_receive(raw=make_mail(sender="dana@shop.test", to=SUPPORT).as_bytes())
    assert record.outcome == InboundOutcome.REFUSED
    assert counts() == before


def test_automatic_mail_is_never_answered(customer, db):
    before = counts()
    auto = make_mail(sender=customer.email, to=SUPPORT, Auto_Submitted="auto-replied")
    assert mail_receive(raw=auto.as_bytes()).outcome == InboundOutcome.REFUSED
    assert counts() == before


def test_the_same_mail_fetched_twice_is_one_reply(customer, db):
    ticket = TicketFactory(customer=customer)
    reply = make_mail(
        sender=customer.email,
        to=reply_address(ticket.pk),
        text="Once",
        Message_ID="<once@mail.test>",
    )
    first = mail_receive(raw=reply.as_bytes())
    second = mail_receive(raw=reply.as_bytes())
    assert first.pk == second.pk
    assert ticket.messages.filter(body="Once").count() == 1
    assert first.message.metadata == {"mail": {"message_id": "<once@mail.test>"}}


def test_a_vendor_answers_a_transfer_by_mail(agent, vendor, vendor_user, db):
    ticket = transferred_ticket(agent=agent, vendor=vendor)
    record = mail_receive(
        raw=make_mail(
            sender=vendor_user.email, to=reply_address(ticket.pk), text="In stock again."
        ).as_bytes()
    )
    assert record.outcome == InboundOutcome.ACCEPTED
    assert record.message.kind == MessageKind.VENDOR_ANSWER
    assert record.message.channel == Channel.MAIL
    again = mail_receive(
        raw=make_mail(
            sender=vendor_user.email, to=reply_address(ticket.pk), text="Second answer"
        ).as_bytes()
    )
    assert again.outcome == InboundOutcome.REFUSED


def test_a_reply_to_a_cancelled_ticket_is_refused(customer, db):
    ticket = ticket_cancel(ticket=TicketFactory(customer=customer), actor=customer)
    before = counts()
    record = mail_receive(
        raw=make_mail(sender=customer.email, to=reply_address(ticket.pk)).as_bytes()
    )
    assert record.outcome == InboundOutcome.REFUSED
    assert counts() == before


def test_admins_read_the_outbox_and_the_mail_that_came_in(client, customer):
    admin = User.objects.create_superuser("root", "root@example.test", "pw-for-tests-123")
    mail_receive(raw=make_mail(sender=customer.email, to=SUPPORT, subject="Via admin").as_bytes())
    mail_receive(
        raw=make_mail(sender="nobody@elsewhere.test", to="support+t1-x@example.test").as_bytes()
    )
    client.force_login(admin)
    inbound = client.get("/admin/notifications/inboundmail/").content.decode()
    assert "Via admin" in inbound
    assert "not one this helpdesk gave out" in inbound
    outbox = client.get("/admin/notifications/notification/").content.decode()
    assert customer.email in outbox


MALFORMED = {
    "no headers": b"\x00\xff\xfe garbage",
    "empty": b"",
    "unknown charset": b"From: {sender}\r\nTo: support@example.test\r\nSubject: x\r\n"
    b"Content-Type: text/plain; charset=x-unknown-42\r\n\r\nhello\r\n",
    "html in an unknown charset": b"From: {sender}\r\nTo: support@example.test\r\n"
    b"Content-Type: text/html; charset=foo\r\n\r\n<p>hello</p>\r\n",
    "broken base64": b"From: {sender}\r\nTo: support@example.test\r\nContent-Type: text/plain"
    b"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notbase64@@@\r\n",
    "a NUL in the text": b"From: {sender}\r\nTo: support@example.test\r\nSubject: a\x00b"
    b"\r\n\r\nhel\x00lo\r\n",
}


@pytest.mark.parametrize("raw", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_mail_is_refused_or_kept_never_an_error(raw, customer, db):
    record = mail_receive(raw=raw.replace(b"{sender}", customer.email.encode()))
    assert record.outcome in (InboundOutcome.ACCEPTED, InboundOutcome.REFUSED)
    if record.outcome == InboundOutcome.ACCEPTED:
        assert "\x00" not in record.message.body
        assert record.ticket.customer == customer


def test_a_reply_sent_to_the_support_address_joins_the_thread_it_answers(
    customer, agent, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        message_post(ticket=ticket, actor=agent, body="Which colour?")
    (ours,) = [m for m in mail.outbox if "Which colour?" in m.body]
    reply = make_mail(
        sender=customer.email,
        to=SUPPORT,
        text="Blue, please.",
        In_Reply_To=ours.extra_headers["Message-ID"],
    )
    record = mail_receive(raw=reply.as_bytes())
    assert record.ticket == ticket
    assert ticket.messages.order_by("id").last().body == "Blue, please."


def test_a_guessed_case_number_or_made_up_reference_opens_a_new_ticket(customer, db):
    ticket = TicketFactory(customer=customer)
    guess = make_mail(
        sender=customer.email,
        to=SUPPORT,
        subject=f"Re: [{ticket.case_number}]",
        References="<0e3b2a58-55a4-4e4e-9c0c-1b1b1b1b1b1b@example.test>",
    )
    record = mail_receive(raw=guess.as_bytes())
    assert record.outcome == InboundOutcome.ACCEPTED
    assert record.ticket != ticket
    assert ticket.messages.count() == 1


def test_a_forwarded_mail_sent_to_support_by_someone_else_opens_their_own_ticket(
    customer, other_customer, agent, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        message_post(ticket=ticket, actor=agent, body="Which colour?")
    (ours,) = [m for m in mail.outbox if "Which colour?" in m.body]
    forwarded = make_mail(
        sender=other_customer.email,
        to=SUPPORT,
        text="I have the same problem.",
        References=ours.extra_headers["Message-ID"],
    )
    record = mail_receive(raw=forwarded.as_bytes())
    assert record.outcome == InboundOutcome.ACCEPTED
    assert record.ticket.customer == other_customer
    assert not ticket.messages.filter(body__contains="same problem").exists()

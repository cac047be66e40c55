"""Mail in: a mail to the support address opens a ticket, a mail to a ticket's reply
address is a reply by its sender. Both go through the same services as every surface.

The SMTP gateway and the IMAP fetcher hand raw mail to `mail_receive`; it answers what
became of it. A refused mail changes nothing in the helpdesk: only the refusal is logged
(InboundMail), so an admin can tell a customer why their mail did not arrive.
"""

import email
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

import nh3
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from inscriptis import get_text
from mailparser_reply import EmailReplyParser

from tickets import permissions
from tickets.errors import (
    ActionNotAllowedError,
    AttachmentRejectedError,
    ConflictError,
    HelpdeskError,
    InvalidInputError,
    NotFoundError,
)
from tickets.models import Channel, Message, Ticket, User
from tickets.permissions import Action
from tickets.services.accounts import customer_register_by_mail
from tickets.services.attachments import (
    attachment_upload,
    attachments_discard,
    sanitize_file_name,
)
from tickets.services.messages import message_post, vendor_answer
from tickets.services.tickets import ticket_create

from .addresses import AddressKind, Destination, destination_of, mail_domain
from .models import InboundMail, InboundOutcome, Notification

logger = logging.getLogger(__name__)

RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "To", "Cc")
# Tags kept while an HTML-only mail is turned into text; quoted history goes with its text.
TEXT_TAGS = {"p", "br", "div", "span", "ul", "ol", "li", "b", "strong", "i", "em", "a",
             "h1", "h2", "h3", "h4", "pre", "code", "table", "tr", "td", "th"}  # fmt: skip
DROPPED_WITH_CONTENT = {"script", "style", "head", "title", "blockquote"}
MAIL_ID = re.compile(r"<([^<>\s]+)>")
UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
REPLY_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "sv", "da", "pl", "cs"]


class MailRefusedError(HelpdeskError):
    """A mail the helpdesk does not act on; its message says why, for the sender."""


@dataclass(frozen=True)
class ParsedMail:
    mail_id: str
    sender: str
    sender_name: str
    subject: str
    text: str
    files: list[SimpleUploadedFile]
    is_automatic: bool
    replied_ids: list[str]


def mail_receive(
    *, raw: bytes, recipients: Sequence[str] = (), is_support_mailbox: bool = False
) -> InboundMail:
    """Act on one raw mail. `recipients` are the envelope's (SMTP); without them the
    mail's own headers say whom it was for (IMAP). Mail in the support mailbox that names
    none of our addresses (a Bcc, a list) is for support all the same. Never raises for a
    bad mail: the returned record says whether it was accepted, and why not."""
    message = email.message_from_bytes(raw, policy=policy.default)
    parsed = parse_mail(message)
    recipients = list(recipients) or _header_recipients(message)
    destination, recipient = _destination(recipients)
    if destination.kind == AddressKind.FOREIGN and is_support_mailbox:
        destination = Destination(AddressKind.SUPPORT)
    if destination.kind == AddressKind.SUPPORT:
        destination = _thread_replied_to(parsed) or destination
    already = _already_accepted(parsed.mail_id)
    if already is not None:
        return already
    try:
        ticket, posted = _act(parsed, destination)
        outcome, reason = InboundOutcome.ACCEPTED, ""
    except MailRefusedError as error:
        logger.info("Refused mail from %s to %s: %s", parsed.sender, recipient, error.message)
        ticket = posted = None
        outcome, reason = InboundOutcome.REFUSED, error.message
    return InboundMail.objects.create(
        mail_id=parsed.mail_id,
        sender=parsed.sender[:254],
        recipient=recipient[:254],
        subject=parsed.subject[:255],
        outcome=outcome,
        reason=reason[:255],
        ticket=ticket,
        message=posted,
    )


def parse_mail(message: EmailMessage) -> ParsedMail:
    name, sender = parseaddr(str(message.get("From", "")))
    auto_submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return ParsedMail(
        mail_id=str(message.get("Message-ID", "")).strip()[:255],
        sender=sender.strip(),
        sender_name=name.strip(),
        subject=" ".join(str(message.get("Subject", "")).replace("\x00", "").split()),
        text=reply_text(message),
        files=_attachments(message),
        is_automatic=auto_submitted != "no" or precedence in ("bulk", "junk", "auto_reply"),
        replied_ids=MAIL_ID.findall(
            " ".join(str(message.get(header, "")) for header in ("In-Reply-To", "References"))
        ),
    )


def reply_text(message: EmailMessage) -> str:
    """The new text of the mail: plain text preferred, HTML only when there is nothing
    else (sanitised, then turned into text), quoted history and signature cut off."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = _decoded(part).replace("\x00", "")
    if part.get_content_type() == "text/html":
        content = html_to_text(content)
    reply = EmailReplyParser(languages=REPLY_LANGUAGES).read(content)
    newest = reply.replies[0].body if reply.replies else content
    return newest.strip() or content.strip()


def _decoded(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError):
        # An unknown or lying charset: keep what can be read rather than lose the mail.
        return (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")


def html_to_text(html: str) -> str:
    cleaned = nh3.clean(
        html,
        tags=TEXT_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
    )
    return get_text(cleaned).strip()


def _attachments(message: EmailMessage) -> list[SimpleUploadedFile]:
    files = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True)
        if not data:
            continue
        files.append(
            SimpleUploadedFile(
                part.get_filename() or "attachment", data, content_type=part.get_content_type()
            )
        )
    return files


def _header_recipients(message: EmailMessage) -> list[str]:
    values = [str(value) for header in RECIPIENT_HEADERS for value in message.get_all(header, [])]
    return [address for _name, address in getaddresses(values) if address]


def _destination(recipients: Sequence[str]) -> tuple[Destination, str]:
    """A ticket's reply address wins over the support address (a reply with support in
    Cc); an altered token wins over the support address too, so it is refused."""
    found = [(destination_of(address), address) for address in recipients]
    for kind in (AddressKind.TICKET, AddressKind.FORGED, AddressKind.SUPPORT):
        for destination, address in found:
            if destination.kind == kind:
                return destination, address
    return Destination(AddressKind.FOREIGN), recipients[0] if recipients else ""


def _thread_replied_to(parsed: ParsedMail) -> Destination | None:
    """A reply sent to the support address itself (a client that ignored Reply-To) still
    belongs to its thread when it answers one of our mails: their Message-IDs are random,
    so, like the reply token, only someone who got the mail knows them. A case number in
    the subject is not enough: anyone can guess one. Only a sender who can see the ticket
    joins its thread."""
    ours = [
        mail_id.split("@")[0]
        for mail_id in parsed.replied_ids
        if mail_id.endswith(f"@{mail_domain()}")
    ]
    uuids = [value for value in ours if UUID_PATTERN.match(value)]
    notification = (
        Notification.objects.filter(uuid__in=uuids, ticket__isnull=False)
        .select_related("ticket")
        .first()
    )
    actor = _sender_user(parsed.sender) if notification else None
    if actor is None or not permissions.can_see(actor, notification.ticket):
        # Someone the mail was forwarded to: their own question, in a ticket of their own.
        return None
    return Destination(AddressKind.TICKET, notification.ticket_id)


def _already_accepted(mail_id: str) -> InboundMail | None:
    if not mail_id:
        return None
    return (
        InboundMail.objects.filter(mail_id=mail_id, outcome=InboundOutcome.ACCEPTED)
        .order_by("id")
        .first()
    )


def _sender_user(address: str) -> User | None:
    """The one active user with this address; of several, the one who confirmed it."""
    users = list(User.objects.filter(email__iexact=address, is_active=True)[:10])
    if len(users) == 1:
        return users[0]
    confirmed = [user for user in users if user.email_confirmed_at is not None]
    return confirmed[0] if len(confirmed) == 1 else None


def _act(parsed: ParsedMail, destination: Destination) -> tuple[Ticket, Message]:
    if parsed.is_automatic:
        raise MailRefusedError(_("Automatic mail (auto-replies, bounces) is not answered."))
    if not parsed.sender:
        raise MailRefusedError(_("The mail has no sender address."))
    if destination.kind == AddressKind.FORGED:
        raise MailRefusedError(_("The reply address is not one this helpdesk gave out."))
    if destination.kind == AddressKind.TICKET:
        return _reply(parsed, destination.ticket_id)
    if destination.kind == AddressKind.SUPPORT:
        return _open(parsed)
    raise MailRefusedError(_("The mail is not addressed to this helpdesk."))


def _reply(parsed: ParsedMail, ticket_id: int) -> tuple[Ticket, Message]:
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    actor = _sender_user(parsed.sender)
    if ticket is None or actor is None:
        raise MailRefusedError(_("The sender may not reply to this ticket."))
    metadata = {"mail": {"message_id": parsed.mail_id}}
    if permissions.is_vendor(actor):
        _require(actor, Action.VENDOR_ANSWER, ticket)
        if parsed.files:
            raise MailRefusedError(_("A vendor's answer by mail cannot carry attachments."))
        answer = _refusing_errors(
            lambda: vendor_answer(
                ticket=ticket, actor=actor, body=parsed.text, channel=Channel.MAIL
            )
        )
        return ticket, answer
    _require(actor, Action.REPLY, ticket)
    message = _with_uploads(
        actor,
        parsed,
        lambda body, uuids: message_post(
            ticket=ticket,
            actor=actor,
            body=body,
            attachment_uuids=uuids,
            metadata=metadata,
            channel=Channel.MAIL,
        ),
    )
    return ticket, message


def _open(parsed: ParsedMail) -> tuple[Ticket, Message]:
    actor = _sender_user(parsed.sender)
    if actor is None:
        if not settings.HELPDESK_MAIL_SIGNUP:
            raise MailRefusedError(_("Only customers with an account can open tickets by mail."))
        if not parsed.text and not parsed.files:
            raise MailRefusedError(_("The mail is empty."))
        actor = _refusing_errors(
            lambda: customer_register_by_mail(address=parsed.sender, name=parsed.sender_name)
        )
    ticket = _with_uploads(
        actor,
        parsed,
        lambda body, uuids: ticket_create(
            actor=actor,
            subject=parsed.subject or _("(no subject)"),
            description=body,
            attachment_uuids=uuids,
            message_metadata={"mail": {"message_id": parsed.mail_id}},
            channel=Channel.MAIL,
        ),
    )
    return ticket, ticket.messages.order_by("id").first()


def _require(actor: User, action: Action, ticket: Ticket) -> None:
    """The service checks again; asking first keeps a stranger's files from being stored."""
    if not (permissions.can_see(actor, ticket) and permissions.can(actor, action, ticket)):
        raise MailRefusedError(_("The sender may not reply to this ticket."))


def _refusing_errors(act: Callable):
    """Run a service call; what it refuses (bad input, a closed ticket, a forbidden act)
    becomes the mail's refusal, and the service's transaction has written nothing."""
    try:
        return act()
    except (InvalidInputError, ConflictError, NotFoundError, ActionNotAllowedError) as error:
        raise MailRefusedError(error.message) from None


def _with_uploads(actor: User, parsed: ParsedMail, act: Callable):
    """Store the mail's files as the actor's uploads, then make the one service call with
    the text and them; on refusal the stored uploads are discarded, so no row and no stored
    file is left, as a web form does after a refused post."""
    stored: list = []
    try:
        return _refusing_errors(lambda: _upload_then_act(actor, parsed, stored, act))
    except MailRefusedError:
        attachments_discard(actor=actor, attachments=stored)
        raise


def _upload_then_act(actor: User, parsed: ParsedMail, stored: list, act: Callable):
    """Files go through the same limits and sniffing as uploads on the web. One they refuse
    (a vCard, an oversized scan) is left out and named at the end of the text, so the
    sender's words still arrive and support knows what is missing."""
    left_out: list[str] = []
    for uploaded in parsed.files:
        name = sanitize_file_name(uploaded.name)
        if len(stored) == settings.HELPDESK_ATTACHMENT_MAX_FILES:
            left_out.append(_("%(name)s (too many files)") % {"name": name})
            continue
        try:
            stored.append(attachment_upload(actor=actor, uploaded=uploaded))
        except AttachmentRejectedError as error:
            left_out.append(f"{name} ({error.message})")
    body = parsed.text
    if left_out:
        note = _("Attachments not accepted: %(files)s") % {"files": "; ".join(left_out)}
        body = f"{body}\n\n[{note}]".strip()
    return act(body, [attachment.uuid for attachment in stored])

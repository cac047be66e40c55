"""Turning an outbox row into a mail: subject, text and HTML bodies, threading headers."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tickets import permissions
from tickets.models import Message, Ticket
from tickets.services.accounts import address_confirmation_token

from .addresses import mail_domain, reply_address
from .models import Notification, NotificationEvent

SUBJECTS = {
    NotificationEvent.TICKET_OPENED: "{subject}",
    NotificationEvent.PUBLIC_REPLY: gettext_lazy("Re: {subject}"),
    NotificationEvent.RESOLVED: gettext_lazy("Resolved: {subject}"),
    NotificationEvent.CUSTOMER_REPLY: gettext_lazy("Customer replied: {subject}"),
    NotificationEvent.NEW_TICKET: gettext_lazy("New ticket: {subject}"),
    NotificationEvent.TRANSFERRED: gettext_lazy("Transferred to you: {subject}"),
    NotificationEvent.VENDOR_ANSWERED: gettext_lazy("Vendor answered: {subject}"),
    NotificationEvent.SLA_AT_RISK: gettext_lazy("SLA at risk: {subject}"),
}


def site_url(path: str) -> str:
    return f"{settings.HELPDESK_SITE_URL}{path}"


def thread_id(ticket: Ticket) -> str:
    """The Message-ID every mail about the ticket refers to, so mail clients thread them."""
    return f"<{ticket.case_number}@{mail_domain()}>"


def inbound_id(message: Message | None) -> str:
    """The Message-ID of the mail a message came in by, if it did."""
    if message is None:
        return ""
    return (message.metadata or {}).get("mail", {}).get("message_id", "")


def ticket_link(notification: Notification) -> str:
    ticket, recipient = notification.ticket, notification.recipient
    if permissions.is_agent(recipient):
        return site_url(reverse("agent:ticket", args=[ticket.pk]))
    if permissions.is_vendor(recipient):
        return site_url(reverse("vendor:ticket", args=[ticket.pk]))
    return site_url(reverse("portal:detail", args=[ticket.pk]))


def build_mail(notification: Notification) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        if notification.event == NotificationEvent.ADDRESS_CONFIRMATION:
            return _address_confirmation_mail(notification)
        return _ticket_mail(notification)


def _ticket_mail(notification: Notification) -> EmailMultiAlternatives:
    ticket, message = notification.ticket, notification.message
    link = ticket_link(notification)
    context = {
        "notification": notification,
        "ticket": ticket,
        "message": message,
        "recipient": notification.recipient,
        "link": link,
        "rating_link": f"{link}#rate",
        "preferences_link": site_url(reverse("mail-settings")),
    }
    subject = str(SUBJECTS[notification.event]).format(subject=ticket.subject)
    references = [thread_id(ticket)]
    first_id = inbound_id(ticket.messages.order_by("created_at", "id").first())
    references += [mail_id for mail_id in (first_id, inbound_id(message)) if mail_id]
    references = list(dict.fromkeys(references))
    return _mail(
        notification,
        subject=f"[{ticket.case_number}] {subject}",
        template=f"notifications/mail/{notification.event}",
        context=context,
        headers={
            "References": " ".join(references),
            "In-Reply-To": references[-1],
            "Reply-To": reply_address(ticket.pk),
        },
    )


def _address_confirmation_mail(notification: Notification) -> EmailMultiAlternatives:
    token = address_confirmation_token(user=notification.recipient, address=notification.address)
    context = {
        "recipient": notification.recipient,
        "address": notification.address,
        "link": site_url(reverse("mail-address-confirm", args=[token])),
    }
    return _mail(
        notification,
        subject=_("Confirm your mail address"),
        template="notifications/mail/address_confirmation",
        context=context,
        headers={},
    )


def _mail(notification, *, subject, template, context, headers) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[notification.address],
        headers={
            # Our own id, so a reply's References lead back here and a resend is one mail.
            "Message-ID": f"<{notification.uuid}@{mail_domain()}>",
            # Out-of-office replies to a robot only make mail loops.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            **headers,
        },
    )
    mail.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return mail

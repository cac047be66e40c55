import factory
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from tickets.models import Category, SellerAccount, Ticket, User, Vendor
from tickets.permissions import AGENTS_GROUP
from tickets.services.attachments import attachment_upload
from tickets.services.tickets import ticket_create, ticket_transfer

PASSWORD = "pass-for-tests-123"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class CustomerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"customer{n}")


class AgentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"agent{n}")

    @factory.post_generation
    def agent_group(self, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=AGENTS_GROUP)
            self.groups.add(group)


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    code = factory.Sequence(lambda n: f"A{n + 10000000:08d}")
    name = factory.Faker("company")
    access_key = factory.Sequence(lambda n: f"access-{n:08d}")
    secret_key = factory.Sequence(lambda n: f"secret-{n:08d}")


class VendorUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"vendoruser{n}")
    vendor = factory.SubFactory(VendorFactory)


class SellerAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SellerAccount

    id = factory.Sequence(lambda n: 5000 + n)
    name = factory.Faker("company")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    code = factory.Sequence(lambda n: f"CAT_{n}")


class TicketFactory(factory.Factory):
    """Tickets are opened through the service, as every surface does."""

    class Meta:
        model = Ticket

    customer = factory.SubFactory(CustomerFactory)
    subject = factory.Sequence(lambda n: f"Parcel {n} has not arrived")
    description = "The tracking page has not changed for five days."
    category = None
    order_id = factory.Sequence(lambda n: f"19000{n:08d}")

    @classmethod
    def _create(cls, model_class, *, customer, **kwargs):
        actor = kwargs.pop("actor", None) or customer
        priority = kwargs.pop("priority", None)
        # A ticket filed under a heading is valid data: the dialect contracts file there.
        kwargs.setdefault("allow_parent_category", True)
        ticket = ticket_create(actor=actor, customer=customer, **kwargs)
        if priority is not None:
            # Only agents set priorities; a fixture states it without an agent's event.
            Ticket.objects.filter(pk=ticket.pk).update(priority=priority)
            ticket.refresh_from_db()
        return ticket


def upload(user: User, name: str = "photo.png", content: bytes = PNG_BYTES, claimed: str = ""):
    return attachment_upload(
        actor=user,
        uploaded=SimpleUploadedFile(name, content, claimed or "application/octet-stream"),
        claimed_type=claimed,
    )


def transferred_ticket(*, agent: User, vendor: Vendor, needs_answer: bool = True, **kwargs):
    ticket = TicketFactory(**kwargs)
    return ticket_transfer(
        ticket=ticket, actor=agent, vendor=vendor, note="Please check.", needs_answer=needs_answer
    )

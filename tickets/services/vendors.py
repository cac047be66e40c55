import secrets

from ..models import Vendor
from . import use_case


@use_case
def vendor_issue_keys(*, vendor: Vendor) -> Vendor:
    """Give the vendor a fresh access key and secret key; the previous pair stops working."""
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    vendor.access_key = secrets.token_hex(16)
    vendor.secret_key = secrets.token_hex(32)
    vendor.save(update_fields=["access_key", "secret_key"])
    return vendor

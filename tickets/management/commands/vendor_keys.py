from django.core.management.base import BaseCommand, CommandError

from tickets.models import Vendor
from tickets.services.vendors import vendor_issue_keys


class Command(BaseCommand):
    help = "Print a vendor's API access key and secret key (issuing them if missing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("vendor_code")
        parser.add_argument(
            "--rotate", action="store_true", help="Issue a new pair; the old one stops working."
        )

    def handle(self, *args, vendor_code: str, rotate: bool, **options) -> None:
        vendor = Vendor.objects.filter(code=vendor_code).first()
        if vendor is None:
            raise CommandError(f"No vendor with code '{vendor_code}'.")
        if rotate or not vendor.access_key or not vendor.secret_key:
            vendor = vendor_issue_keys(vendor=vendor)
        self.stdout.write(f"access key: {vendor.access_key}")
        self.stdout.write(f"secret key: {vendor.secret_key}")

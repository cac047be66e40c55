from django.db import transaction

# A public use case: it cannot run inside another one (or inside any transaction a caller
# opened), so nobody glues two use cases together; a compound act is a use case of its
# own that combines private helpers.
use_case = transaction.atomic(durable=True)

"""The native REST API, one module per resource: each view parses input, calls one selector
or service, renders. Who may see and do what is decided by tickets.permissions (through
the selectors and services); errors become HTTP answers in helpdesk.errors; the OpenAPI
documentation of each operation is in tickets/api/apidocs.py."""

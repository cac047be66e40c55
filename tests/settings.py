"""The test suite's settings: the local-development defaults (DEBUG on while the settings
load, as `make run` has them), which pytest-django then runs with DEBUG off."""

import os

os.environ.setdefault("DEBUG", "True")

from helpdesk.settings import *  # noqa: F403

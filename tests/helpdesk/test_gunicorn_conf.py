"""The server's settings file: what a worker does once it has loaded the app."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a process of its own: freezing the test process would hide its garbage.
WORKER = """
import gc, json, runpy, sys
import django
django.setup()
settings = runpy.run_path("helpdesk/gunicorn.conf.py")
before = gc.get_freeze_count()
settings["post_worker_init"](None)
print(json.dumps({
    "before": before,
    "after": gc.get_freeze_count(),
    "agent_views_loaded": "tickets.web.agent" in sys.modules,
}))
"""


def test_a_worker_freezes_the_loaded_app_out_of_the_collectors_sight():
    result = subprocess.run(
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    state = json.loads(result.stdout.strip().splitlines()[-1])

    assert state["before"] == 0
    # Django, the models and every view module: far more than a bare interpreter holds.
    assert state["after"] > 50_000
    assert state["agent_views_loaded"]

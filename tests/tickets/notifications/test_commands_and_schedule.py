"""The mail gateway command runs and stops cleanly; beat's schedule holds the sweep."""

import os
import signal
import smtplib
import subprocess
import sys
from pathlib import Path

from helpdesk.celery import app as celery_app
from tests.mail_helpers import free_port

ROOT = Path(__file__).resolve().parents[3]


def test_the_mail_gateway_command_serves_smtp_and_stops_on_sigterm():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "mail_gateway", "--host=127.0.0.1", f"--port={port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "helpdesk.settings"},
    )
    try:
        assert b"Mail gateway listening" in process.stdout.readline()
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            assert client.ehlo()[0] == 250
            client.mail("someone@elsewhere.test")
            code, _ = client.rcpt("someone@elsewhere.test")
            assert code == 550  # never an open relay
            code, _ = client.rcpt("support+t1-forged@example.test")
            assert code == 550
            code, _ = client.rcpt("support@example.test")
            assert code == 250
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    assert process.returncode == 0
    assert b"Mail gateway stopped." in output


def test_beat_runs_the_outbox_sweep_and_the_tasks_exist():
    schedule = celery_app.conf.beat_schedule
    assert schedule["outbox-sweep"]["task"] == "tickets.notifications.tasks.outbox_sweep"
    celery_app.loader.import_default_modules()
    for entry in schedule.values():
        assert entry["task"] in celery_app.tasks

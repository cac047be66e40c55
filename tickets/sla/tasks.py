"""Celery task: a thin wrapper; the work is in check.py."""

from celery import shared_task

from .check import sla_check


@shared_task(name="tickets.sla.tasks.sla_check", ignore_result=True)
def sla_check_task() -> None:
    sla_check()

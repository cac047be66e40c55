# Loaded with Django so that `shared_task`s bind to this app and on-commit hand-overs find it.
from .celery import app as celery_app

__all__ = ["celery_app"]

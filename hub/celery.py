"""The Celery application.

Tasks run eagerly in-process by default (CELERY_TASK_ALWAYS_EAGER when no broker is set) and on
Redis when REDIS_URL or CELERY_BROKER_URL is configured. Code enqueues only through
``hub.tasks.enqueue``, which waits for the surrounding transaction to commit.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")

app = Celery("agora")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each app's tasks module is found by itself; a package inside an app is named here.
app.autodiscover_tasks(["moderation.listening"])

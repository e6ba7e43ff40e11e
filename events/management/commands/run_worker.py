"""`manage.py run_worker`: the task worker that runs the imports queued from the admin.

django-tasks-db's `db_worker` with its options, made to stay up (events.services.worker): a
locked database is waited out, a heartbeat in DJANGO_IMPORTS_DIR tells /healthz and the other
workers it is alive, and jobs whose worker vanished are marked failed. `make run` and `make
serve` restart it if it stops all the same (scripts/supervise_worker.sh); under systemd, see
the README."""

from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from events.services.worker import SteadyWorker


class Command(DatabaseWorkerCommand):
    help = "Run the task worker (the queued imports), surviving a busy database."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SteadyWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()

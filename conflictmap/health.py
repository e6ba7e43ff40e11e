"""/healthz for load balancers: 200 when the database answers and every migration is applied,
503 with the reason otherwise; and whether the task worker has been seen lately (a worker gone
is reported, not a 503: the web server itself is fine and should stay in rotation). Cheap enough
to be asked every few seconds, whatever else the server is doing: once every migration is
applied, a process stops asking (a new migration comes with new code, hence new processes)."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from events.services.worker import worker_health

_migrated = False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    global _migrated
    try:
        if _migrated:
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        else:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if pending:
                names = [f"{migration.app_label}.{migration.name}" for migration, _ in pending]
                return JsonResponse({"status": "down", "pending_migrations": names}, status=503)
            _migrated = True
    except DatabaseError as error:
        return JsonResponse({"status": "down", "database": str(error).strip()}, status=503)
    return JsonResponse({"status": "ok", "worker": worker_health()})

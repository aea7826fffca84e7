from django.db import DatabaseError, connection
from django.http import JsonResponse


def healthz(request):
    """Liveness for load balancers: 200 when the database answers, 503 if not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})

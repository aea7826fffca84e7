from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def public_cache_is_shared(app_configs, **kwargs):
    """The public cache's invalidation reaches every process only through a
    shared cache; a per-process memory cache keeps other workers stale."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PUBLIC_CACHE_SECONDS and backend.endswith("LocMemCache"):
        return [
            Warning(
                "The public page cache is on with a per-process memory cache: "
                "with several app processes, a publish reaches the others only "
                "after PUBLIC_CACHE_SECONDS.",
                hint="Set REDIS_URL (or CACHE_URL), or PUBLIC_CACHE_SECONDS=0.",
                id="docket.W001",
            )
        ]
    return []

"""Framing rules for Wagtail's previews.

The public site may not be framed (`frame-ancestors 'none'`, X-Frame-Options
DENY). Wagtail renders a preview by running a dummy request for the record's
public URL through this same middleware chain (`make_preview_request`), so the
preview would carry those headers too and the admin's preview panel, an
iframe on the admin's own origin, would be refused. These two middlewares let
the admin's own origin frame preview responses, and nothing else: the rest of
the public policy (no inline script, no third-party code) still applies to
the preview, so an editor sees the page as the public will.
"""

from functools import cached_property

from csp.constants import HEADER, SELF
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy

from django.conf import settings

PREVIEW_FRAME_ANCESTORS = {"frame-ancestors": [SELF]}
# What a view or decorator of django-csp's sets on a response to change its policy.
PER_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


def is_preview(request):
    """True for the dummy request Wagtail builds to render a preview."""
    return getattr(request, "is_preview", False) is True


class PreviewCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with `frame-ancestors 'self'` on previews.

    Extends `get_policy_parts`, the extension point django-csp 4 documents.
    The policy of every other response is the same header, so it is built
    once, not for each response (about 0.1 ms, a third of a cache hit)."""

    def process_response(self, request, response):
        if not self.has_standard_policy(request, response):
            return super().process_response(request, response)
        excluded = settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES", ())
        if HEADER not in response and not request.path_info.startswith(tuple(excluded)):
            response[HEADER] = self.standard_policy
        # As django-csp does: a nonce asked for after this point is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def has_standard_policy(self, request, response):
        return not (
            settings.DEBUG
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or is_preview(request)
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE_POLICY)
        )

    @cached_property
    def standard_policy(self):
        return build_policy()

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if is_preview(request):
            parts.replace = {**(parts.replace or {}), **PREVIEW_FRAME_ANCESTORS}
        return parts


def preview_x_frame_options(get_response):
    """X-Frame-Options SAMEORIGIN on previews; listed after Django's
    XFrameOptionsMiddleware, so that it runs first on the response and
    Django's, finding the header set, keeps it (and DENY everywhere else).

    Wagtail's preview-in-panel view sets SAMEORIGIN on its own response, but
    not every preview view does (the revision preview, for one)."""

    def middleware(request):
        response = get_response(request)
        if is_preview(request):
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    return middleware


def permissions_policy(get_response):
    """Permissions-Policy (settings.PERMISSIONS_POLICY) on every response;
    Django's SecurityMiddleware sends no such header. A view that needs a
    feature may set its own header, which is kept."""

    def middleware(request):
        response = get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault(
                "Permissions-Policy", settings.PERMISSIONS_POLICY
            )
        return response

    return middleware

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

from csp.constants import SELF
from csp.middleware import CSPMiddleware

from django.conf import settings

PREVIEW_FRAME_ANCESTORS = {"frame-ancestors": [SELF]}


def is_preview(request):
    """True for the dummy request Wagtail builds to render a preview."""
    return getattr(request, "is_preview", False) is True


class PreviewCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with `frame-ancestors 'self'` on previews.

    Extends `get_policy_parts`, the extension point django-csp 4 documents."""

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

from django_otp import user_has_device

from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse

from cms.twofactor.rule import required_for

# Admin URLs open before the second step: signing in and out, and what the
# two-factor pages themselves load.
OPEN = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}


def waits_for_second_step(request):
    """A signed-in admin request from someone who must use two-factor
    authentication and has not confirmed a code in this session."""
    if not request.path.startswith(reverse("wagtailadmin_home")):
        return False
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if match and (match.namespace == "twofactor" or match.url_name in OPEN):
        return False
    return required_for(user)


def require_two_factor(get_response):
    """Every admin URL (pages, listings, the admin API, exports) redirects to
    the set-up page, or to the code form once a device is set up, until the
    session is verified. After django-otp's OTPMiddleware."""

    def middleware(request):
        if waits_for_second_step(request):
            step = "verify" if user_has_device(request.user) else "setup"
            return redirect_to_login(
                request.get_full_path(), reverse(f"twofactor:{step}")
            )
        return get_response(request)

    return middleware

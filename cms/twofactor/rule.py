"""Who must use two-factor authentication: the one rule."""

from django.conf import settings

from wagtail.permissions import page_permission_policy

GROUPS = ["Editors", "Administrators", "Petition team"]
RESEARCHERS = "Researchers"
SEE_SIGNERS = "petition.view_signature"


def required_for(user):
    """True for everyone who can publish or see petition signers: superusers,
    members of Editors, Administrators and Petition team, and anyone else
    granted a publish permission (on records or pages) or
    petition.view_signature. OTP_REQUIRED_FOR_RESEARCHERS adds Researchers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    groups = GROUPS + ([RESEARCHERS] if settings.OTP_REQUIRED_FOR_RESEARCHERS else [])
    if user.groups.filter(name__in=groups).exists():
        return True
    permissions = user.get_all_permissions()
    return (
        SEE_SIGNERS in permissions
        or any(name.split(".", 1)[1].startswith("publish_") for name in permissions)
        or page_permission_policy.user_has_permission(user, "publish")
    )

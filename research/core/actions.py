from django.utils.translation import gettext_lazy as _

from research.core import permissions


class InvalidTransition(Exception):
    """A status move the lifecycle does not allow; `str()` is the translated reason.
    (Re-exported by research.topics.models.topics, where the lifecycles' rules are.)"""


class ActionRefused(Exception):
    """The action may not run; `str()` is the translated reason."""


# What a workspace view turns into a message instead of a change.
REFUSALS = (ActionRefused, InvalidTransition)


def authorise(user, rule, obj=None):
    """Raise ActionRefused with the permission module's reason when `user` may not."""
    decision = permissions.check(user, rule, obj)
    if not decision:
        raise ActionRefused(decision.reason)


def require_reason(reason):
    if not (reason or "").strip():
        raise InvalidTransition(_("Give the reason for this change."))
    return reason.strip()

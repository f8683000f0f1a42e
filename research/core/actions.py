from research.core import permissions


class ActionRefused(Exception):
    """The action may not run; `str()` is the translated reason."""


def authorise(user, rule, obj=None):
    """Raise ActionRefused with the permission module's reason when `user` may not."""
    decision = permissions.check(user, rule, obj)
    if not decision:
        raise ActionRefused(decision.reason)

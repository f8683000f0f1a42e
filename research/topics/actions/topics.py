from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.core.actions import authorise
from research.core.choices import TopicGrade, TopicStatus
from research.deadlines.models import regenerate_deadlines
from research.topics.models.topics import (
    MOVES_WITH_AN_ACTION,
    TRANSITIONS_NEEDING_REASON,
    InvalidTransition,
    Topic,
)

# Starting a topic lays out its deadlines; accepting it adds those counted from acceptance.
REGENERATE_ON = {TopicStatus.IN_PROGRESS, TopicStatus.ACCEPTED}


def locked_topic(topic):
    return Topic.objects.select_for_update().get(pk=topic.pk)


def require_reason_for(to_status, reason):
    if to_status in TRANSITIONS_NEEDING_REASON and not reason:
        raise InvalidTransition(_("Give the reason for this change."))


class ChangeTopicStatus:
    """The research office's generic move of a topic along its lifecycle (ALLOWED_TRANSITIONS),
    for the moves that have no step of their own; recording who, when, from, to and why."""

    log_action = "research.topic.status"

    def __init__(self, topic, to_status, *, user, reason=""):
        self.topic = topic
        self.to_status = to_status
        self.user = user
        self.reason = (reason or "").strip()

    def check(self, topic=None):
        topic = topic or self.topic
        authorise(self.user, "change_topic_status", topic)
        topic.check_transition(self.to_status)
        if self.to_status in MOVES_WITH_AN_ACTION:
            raise InvalidTransition(
                _("A topic becomes “%(target)s” only through its own step, not by a status change.")
                % {"target": TopicStatus(self.to_status).label}
            )
        require_reason_for(self.to_status, self.reason)

    def execute(self):
        with transaction.atomic():
            topic = locked_topic(self.topic)
            self.check(topic)
            move_topic(topic, self.to_status, self.user, self.reason)
        self.topic.status = topic.status
        return topic


class TerminateTopic:
    """End a topic before its evaluation (chấm dứt), with the reason: on the office's own decision
    or on the principal investigator's approved request. What it still owed is waived."""

    def __init__(self, topic, *, user, reason):
        self.topic, self.user, self.reason = topic, user, (reason or "").strip()

    def execute(self):
        with transaction.atomic():
            topic = locked_topic(self.topic)
            authorise(self.user, "change_topic_status", topic)
            topic.check_transition(TopicStatus.TERMINATED)
            require_reason_for(TopicStatus.TERMINATED, self.reason)
            topic.deadlines.open().update(waived_on=timezone.localdate(), waive_reason=self.reason)
            move_topic(topic, TopicStatus.TERMINATED, self.user, self.reason)
        self.topic.status = topic.status
        return topic


def move_topic(topic, to_status, user, reason="", grade=""):
    """Apply one lifecycle move to a locked topic and log it; callers have checked who may."""
    topic.check_transition(to_status)
    from_status = topic.status
    topic.status = to_status
    if to_status == TopicStatus.ACCEPTED:
        topic.grade = grade
        topic.accepted_on = timezone.localdate()
    elif to_status == TopicStatus.FAILED:
        topic.grade = TopicGrade.FAIL
    elif to_status == TopicStatus.CLOSED:
        topic.closed_from = from_status  # a closed topic keeps its outcome (and grade)
    topic.save(update_fields=["status", "grade", "accepted_on", "closed_from", "updated_at"])
    if to_status in REGENERATE_ON:
        regenerate_deadlines(topic)
    log(
        instance=topic,
        action=ChangeTopicStatus.log_action,
        user=user,
        data={"from": from_status, "to": to_status, "reason": reason, "grade": topic.grade},
    )

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.models import (
    TRANSITIONS_NEEDING_REASON,
    InvalidTransition,
    Topic,
    TopicGrade,
    TopicStatus,
    regenerate_deadlines,
)
from research.models.topics import PASSING_GRADES

from .base import authorise

# Starting a topic lays out its deadlines; accepting it adds those counted from acceptance.
REGENERATE_ON = {TopicStatus.IN_PROGRESS, TopicStatus.ACCEPTED}


class ChangeTopicStatus:
    """Move a topic along its lifecycle (ALLOWED_TRANSITIONS), recording who, when, from, to and why."""

    log_action = "research.topic.status"

    def __init__(self, topic, to_status, *, user, reason="", grade=""):
        self.topic = topic
        self.to_status = to_status
        self.user = user
        self.reason = (reason or "").strip()
        self.grade = grade

    def check(self, topic=None):
        topic = topic or self.topic
        authorise(self.user, "change_topic_status", topic)
        topic.check_transition(self.to_status)
        if self.to_status == TopicStatus.CLOSED:
            raise InvalidTransition(_("A topic is closed from its closing records."))
        if self.to_status in TRANSITIONS_NEEDING_REASON and not self.reason:
            raise InvalidTransition(_("Give the reason for this change."))
        if self.to_status == TopicStatus.ACCEPTED and self.grade not in PASSING_GRADES:
            raise InvalidTransition(_("An accepted topic needs a passing grade."))
        if self.to_status != TopicStatus.ACCEPTED and self.grade:
            raise InvalidTransition(_("A grade is given only when the topic is accepted."))

    def execute(self):
        with transaction.atomic():
            topic = Topic.objects.select_for_update().get(pk=self.topic.pk)
            self.check(topic)
            move_topic(topic, self.to_status, self.user, self.reason, self.grade)
        self.topic.status, self.topic.grade = topic.status, topic.grade
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

"""Acceptance (nghiệm thu / đánh giá kết quả): the team's self-evaluation, the acceptance council
(the same councils, rubrics and score sheets as proposal selection) and its graded decision."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from research.core import blind
from research.core.actions import ActionRefused, authorise, require_reason
from research.core.choices import DeadlineKind, RubricKind, TopicGrade, TopicStatus
from research.councils.actions.councils import require_meeting_day
from research.councils.models.councils import check_council_composition, grade_for
from research.councils.models.reviews import AcceptanceDecision, Review, likely_conflicts
from research.councils.scoring import aggregate
from research.inbox.notifications import notify, people_emails
from research.topics.actions.topics import locked_topic, move_topic
from research.topics.models.running import SelfEvaluation


class SubmitSelfEvaluation:
    """The team's own evaluation ends the running phase and discharges its deadline."""

    def __init__(self, topic, *, user, text, file=None):
        self.topic, self.user, self.text, self.file = topic, user, text, file

    def execute(self):
        with transaction.atomic():
            topic = locked_topic(self.topic)
            authorise(self.user, "report_on_topic", topic)
            topic.check_transition(TopicStatus.SELF_EVALUATED)
            evaluation, _created = SelfEvaluation.objects.update_or_create(
                topic=topic, defaults={"text": require_reason(self.text), "submitted_by": self.user}
            )
            if self.file:
                evaluation.file = self.file
                evaluation.save()
            topic.deadlines.open().filter(kind=DeadlineKind.SELF_EVALUATION).update(
                done_on=timezone.localdate()
            )
            move_topic(topic, TopicStatus.SELF_EVALUATED, self.user)
        return evaluation


class AssignAcceptanceCouncil:
    """Put a self-evaluated topic before an acceptance council; conflicts are flagged per member."""

    def __init__(self, topic, council, *, user, today=None):
        self.topic, self.council, self.user = topic, council, user
        self.today = today or timezone.localdate()

    def execute(self):
        with transaction.atomic():
            topic = locked_topic(self.topic)
            authorise(self.user, "decide_topic_requests", topic)
            rubric = self.council.rubric
            unfit = self.council.unfit_for(topic, RubricKind.ACCEPTANCE)
            if unfit:
                raise ActionRefused(unfit)
            members = list(self.council.members.select_related("person"))
            try:
                check_council_composition([(m.person, m.role) for m in members], rubric)
            except Exception as error:
                raise ActionRefused(" ".join(error.messages)) from error
            # A topic put under evaluation before it had a council (older data) gets one now.
            awaiting_council = (
                topic.status == TopicStatus.UNDER_EVALUATION and topic.council_id is None
            )
            if not awaiting_council:
                topic.check_transition(TopicStatus.UNDER_EVALUATION)
            topic.council = self.council
            topic.acceptance_round += 1
            topic.save(update_fields=["council", "acceptance_round", "updated_at"])
            reviews = [
                Review.objects.create(
                    topic=topic,
                    round=topic.acceptance_round,
                    member=member,
                    conflict_flags=likely_conflicts(
                        topic, member.person, rubric.coauthor_years, self.today
                    ),
                )
                for member in members
            ]
            if not awaiting_council:
                move_topic(topic, TopicStatus.UNDER_EVALUATION, self.user)
            # A flagged member is not asked to score; they hear once the flag is resolved.
            notify(
                "acceptance_assigned",
                people_emails(r.member.person for r in reviews if not r.is_conflicted),
                {"topic": blind.for_reviewers(topic)},
            )
        return topic


class RecordAcceptance:
    """Record the acceptance council's verdict once per round: quorum first, then the grade from
    the rubric's bands decides between accepted and failed."""

    def __init__(self, topic, *, user, note=""):
        self.topic, self.user, self.note = topic, user, note

    def execute(self):
        with transaction.atomic():
            topic = locked_topic(self.topic)
            authorise(self.user, "run_meeting", topic)
            if not topic.review_open or topic.review_rubric is None:
                raise ActionRefused(_("The topic is not before its acceptance council."))
            if topic.acceptance_decisions.filter(round=topic.acceptance_round).exists():
                raise ActionRefused(_("The decision for this round is already recorded."))
            require_meeting_day(topic)
            rubric = topic.review_rubric
            result = aggregate(rubric, list(Review.objects.for_round(topic)))
            if not result.quorum_met:
                raise ActionRefused(" ".join(result.quorum_problems))
            if result.mean is None:
                raise ActionRefused(_("No score sheet counts yet."))
            grade = grade_for(rubric, result.mean)
            if grade is None:
                raise ActionRefused(
                    _("The rubric has no grade band for a score of %(score)s.")
                    % {"score": result.mean}
                )
            AcceptanceDecision.objects.create(
                topic=topic,
                round=topic.acceptance_round,
                grade=grade,
                note=self.note,
                summary=result.as_summary(),
                recorded_by=self.user,
            )
            if grade == TopicGrade.FAIL:
                move_topic(
                    topic, TopicStatus.FAILED, self.user, self.note or str(TopicGrade.FAIL.label)
                )
            else:
                move_topic(topic, TopicStatus.ACCEPTED, self.user, self.note, grade=grade)
            notify(
                "acceptance_decided",
                people_emails([topic.principal]),
                {"topic": topic, "grade": TopicGrade(grade).label},
            )
        return topic

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from research.core import blind, permissions
from research.core.actions import InvalidTransition
from research.core.bilingual import Bilingual, EnglishKeywords
from research.core.bounds import plausible_date
from research.core.choices import (
    ChangeKind,
    LegalBasis,
    ReportStatus,
    RequestStatus,
    SchoolRole,
    TeamRole,
    TopicGrade,
    TopicLevel,
    TopicOrigin,
)
from research.core.choices import TopicStatus as S
from research.core.codes import CodePrefix, next_code
from research.core.collation import sort_people
from research.core.keywords import KeywordsMixin
from research.core.people import Person, Unit
from research.core.reference import OrderingBody, ResearchField
from research.deadlines.models import Deadline
from research.outputs.models.outputs import ExpectedOutput
from research.topics.models.running import ChangePolicy

# The topic lifecycle (domain.md §5). docs/workflows.md shows the same table; a test keeps them equal.
ALLOWED_TRANSITIONS = {
    S.APPROVED: [S.IN_PROGRESS, S.WITHDRAWN, S.TERMINATED],
    S.IN_PROGRESS: [S.EXTENDED, S.SELF_EVALUATED, S.TERMINATED],
    S.EXTENDED: [S.SELF_EVALUATED, S.TERMINATED],
    S.SELF_EVALUATED: [S.UNDER_EVALUATION, S.TERMINATED],
    S.UNDER_EVALUATION: [S.ACCEPTED, S.FAILED],
    S.ACCEPTED: [S.CLOSED],
    S.FAILED: [S.CLOSED],
    S.TERMINATED: [S.CLOSED],
    S.WITHDRAWN: [],
    S.CLOSED: [],
}
# Moves that end a topic badly must say why.
TRANSITIONS_NEEDING_REASON = {S.WITHDRAWN, S.TERMINATED, S.FAILED}
# Moves that belong to a step of their own (the `actions` module of its capability), which checks what the move needs:
# the self-evaluation, the acceptance council and its graded decision, an approved extension, a
# termination with its reason. The generic status change offers only the other moves.
MOVES_WITH_AN_ACTION = {
    S.EXTENDED: "DecideChangeRequest",
    S.SELF_EVALUATED: "SubmitSelfEvaluation",
    S.UNDER_EVALUATION: "AssignAcceptanceCouncil",
    S.ACCEPTED: "RecordAcceptance",
    S.FAILED: "RecordAcceptance",
    S.TERMINATED: "TerminateTopic",
    S.CLOSED: "CloseTopic",
}
RUNNING_STATUSES = [S.IN_PROGRESS, S.EXTENDED]
# The statuses of a topic that has run and stopped (a withdrawn one may never have started).
RAN_STATUSES = [
    S.SELF_EVALUATED,
    S.UNDER_EVALUATION,
    S.ACCEPTED,
    S.FAILED,
    S.TERMINATED,
    S.CLOSED,
]
EVALUATED_STATUSES = [S.ACCEPTED, S.FAILED]
PASSING_GRADES = [TopicGrade.EXCELLENT, TopicGrade.GOOD, TopicGrade.PASS]
# The outcomes a topic is closed after, once its closing records are done.
CLOSED_FROM = [S.ACCEPTED, S.FAILED, S.TERMINATED]


def running_during(start, end):
    """A filter (on `TopicQuerySet.with_ran_until()`) for the topics that were running at any time
    between `start` and `end`: begun by `end`, and still running or stopped running on or after
    `start` — from the record's history, not today's status."""
    return Q(planned_start__lte=end) & (
        Q(status__in=RUNNING_STATUSES)
        | Q(status__in=RAN_STATUSES, ran_until__gte=start)
        | Q(status=S.WITHDRAWN, left_running_on__gte=start)
    )


class TopicQuerySet(models.QuerySet):
    def hidden_from(self, user):
        """Topics a blind acceptance council hides from `user`, its member (leadership may sit
        on one): out of the admin lists, pages and documents they may otherwise open."""
        if not user.is_authenticated or permissions.is_research_office(user):
            return self.none()
        person = permissions.person_of(user)
        if person is None:
            return self.none()
        hidden = self.filter(council__blind_review=True, reviews__member__person=person)
        return hidden.exclude(members__person=person).distinct()

    def with_ran_until(self):
        """`left_running_on`: the day the audit log saw the topic leave its running statuses
        (self-evaluated, terminated, withdrawn…); `ran_until`: that day, or for a record without
        that history (an imported archive) the day it was accepted, else its planned end."""
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import ModelLogEntry

        left = (
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Topic),
                object_id=Cast(OuterRef("pk"), models.CharField()),
                action="research.topic.status",
                data__from__in=RUNNING_STATUSES,
            )
            .exclude(data__to__in=RUNNING_STATUSES)
            .order_by("-timestamp")
            .values("timestamp")[:1]
        )
        return self.annotate(
            left_running_on=TruncDate(Subquery(left)),
        ).annotate(
            ran_until=Coalesce(F("left_running_on"), F("accepted_on"), F("planned_end")),
        )

    def not_evaluated(self):
        return self.exclude(status__in=[*EVALUATED_STATUSES, S.TERMINATED, S.WITHDRAWN, S.CLOSED])

    def in_statuses(self, statuses):
        """Topics in any of `statuses`; a closed topic still counts under the outcome it was
        closed after (an accepted topic stays accepted in every count once it is closed)."""
        outcomes = [status for status in statuses if status in CLOSED_FROM]
        return self.filter(Q(status__in=statuses) | Q(status=S.CLOSED, closed_from__in=outcomes))

    def with_overdue(self, today=None):
        return self.annotate(
            has_overdue_deadline=Exists(
                Deadline.objects.overdue(today).filter(topic=OuterRef("pk"))
            )
        )

    def overdue(self, today=None):
        return self.with_overdue(today).filter(has_overdue_deadline=True)

    def led_by(self, person):
        return self.filter(members__person=person, members__role=TeamRole.PRINCIPAL)

    def for_listing(self):
        return (
            self.select_related("unit", "field", "ordering_body")
            .prefetch_related("members__person")
            .with_overdue()
        )


class Topic(Bilingual, EnglishKeywords, KeywordsMixin, index.Indexed, ClusterableModel):
    code = models.CharField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("English summary"), blank=True)
    field = models.ForeignKey(
        ResearchField,
        verbose_name=_("research field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topics",
    )
    level = models.CharField(_("level"), max_length=20, choices=TopicLevel.choices)
    origin = models.CharField(_("origin"), max_length=20, choices=TopicOrigin.choices)
    ordering_body = models.ForeignKey(
        OrderingBody,
        verbose_name=_("ordering body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topics",
        help_text=_("The provincial body that ordered or assigned the topic."),
    )
    school_role = models.CharField(
        _("role of the school"), max_length=10, choices=SchoolRole.choices, default=SchoolRole.LEAD
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=4, choices=LegalBasis.choices, default=LegalBasis.REGIME_2025
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="topics"
    )
    planned_start = models.DateField(_("planned start"), validators=[plausible_date])
    planned_end = models.DateField(_("planned end"), validators=[plausible_date])
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)
    contract_date = models.DateField(
        _("contract date"), null=True, blank=True, validators=[plausible_date]
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, editable=False)
    # An archive may record only the year of acceptance: `accepted_on` is then 1 January of that
    # year (so year-based windows count it in the right year) and is shown as the year alone.
    accepted_year_only = models.BooleanField(default=False, editable=False)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Untick to keep the topic off the public site (it gets no public page)."),
    )
    council = models.ForeignKey(
        "research.Council",
        verbose_name=_("acceptance council"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accepted_topics",
        editable=False,
    )
    acceptance_round = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=S.choices, default=S.APPROVED, editable=False
    )
    grade = models.CharField(
        _("final grade"), max_length=10, choices=TopicGrade.choices, blank=True, editable=False
    )
    closed_from = models.CharField(
        _("closed after"),
        max_length=20,
        choices=[(status, S(status).label) for status in CLOSED_FROM],
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TopicQuerySet.as_manager()

    search_fields = [
        index.SearchField("code"),
        index.SearchField("title"),
        index.SearchField("summary"),
        index.SearchField("keywords"),
        index.AutocompleteField("title"),
        index.FilterField("level"),
        index.FilterField("status"),
        index.FilterField("unit"),
        index.FilterField(
            "id"
        ),  # the admin's list leaves out a blind council's topics (hidden_from)
    ]

    class Meta:
        ordering = ["-planned_start", "code"]
        # the criterion counts and the public listings select topics by their start
        indexes = [models.Index(fields=["planned_start"], name="research_topic_started")]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="research_topic_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(origin=TopicOrigin.ORDERED) | Q(ordering_body__isnull=False),
                name="research_topic_ordered_has_body",
                violation_error_message=_(
                    "A topic ordered by the province needs its ordering body."
                ),
            ),
            models.CheckConstraint(
                condition=Q(grade="")
                | Q(status__in=EVALUATED_STATUSES)
                | Q(status=S.CLOSED, closed_from__in=EVALUATED_STATUSES),
                name="research_topic_grade_only_when_evaluated",
                violation_error_message=_("Only an evaluated topic has a grade."),
            ),
            models.CheckConstraint(
                condition=~Q(status=S.ACCEPTED) | Q(grade__in=PASSING_GRADES),
                name="research_topic_accepted_has_passing_grade",
                violation_error_message=_("An accepted topic needs a passing grade."),
            ),
            models.CheckConstraint(
                condition=Q(status=S.CLOSED, closed_from__in=CLOSED_FROM)
                | (~Q(status=S.CLOSED) & Q(closed_from="")),
                name="research_topic_closed_from_an_outcome",
                violation_error_message=_("A closed topic keeps the outcome it was closed after."),
            ),
        ]

    @property
    def accepted_on_display(self):
        """dd/mm/yyyy, or the year alone when only the year is known."""
        if self.accepted_on is None:
            return ""
        return (
            str(self.accepted_on.year)
            if self.accepted_year_only
            else f"{self.accepted_on:%d/%m/%Y}"
        )

    def __str__(self):
        return f"{self.code} — {self.title}"

    def clean(self):
        super().clean()
        if self.planned_start and self.planned_end and self.level:
            self.check_duration()

    def check_duration(self):
        """Refuse dates longer than the rules allow (ChangePolicy), extensions granted included."""
        policy = ChangePolicy.objects.for_scope(self.level, self.legal_basis)
        if policy is None:
            return
        extended = 0
        if self.pk:
            extended = (
                self.change_requests.filter(
                    kind=ChangeKind.EXTENSION, status=RequestStatus.APPROVED
                ).aggregate(months=Sum("months"))["months"]
                or 0
            )
        latest = policy.latest_end(self.planned_start, extended)
        if self.planned_end > latest:
            raise ValidationError(
                {
                    "planned_end": _(
                        "A topic runs at most %(months)d months (%(extended)d more by extension): "
                        "it must end by %(date)s."
                    )
                    % {
                        "months": policy.max_duration_months,
                        "extended": extended,
                        "date": latest.strftime("%d/%m/%Y"),
                    }
                }
            )

    @staticmethod
    def next_code(level, year):
        """“<the level's prefix>-<year>-<number>”: numbered through the year across all levels, so
        that no two topics of a year share a number. Call inside the creating transaction."""
        return next_code(Topic, f"topic-{year}", CodePrefix.of(level), year, width=2)

    def get_admin_url(self):
        return reverse("research_topic:inspect", args=[self.pk])

    @property
    def principal(self):
        return next((m.person for m in self.members.all() if m.role == TeamRole.PRINCIPAL), None)

    @property
    def is_overdue(self):
        """Whether any deadline is past and not done; uses the listing's annotation when present."""
        if hasattr(self, "has_overdue_deadline"):
            return self.has_overdue_deadline
        return self.deadlines.overdue().exists()

    @property
    def allowed_transitions(self):
        return ALLOWED_TRANSITIONS[self.status]

    @property
    def generic_transitions(self):
        """The moves from here that have no step of their own."""
        return [s for s in self.allowed_transitions if s not in MOVES_WITH_AN_ACTION]

    @property
    def awaits_acceptance_council(self):
        """Self-evaluated, or under evaluation without a council (older data): the office assigns
        the acceptance council."""
        return self.status == S.SELF_EVALUATED or (
            self.status == S.UNDER_EVALUATION and self.council_id is None
        )

    @property
    def may_terminate(self):
        return S.TERMINATED in self.allowed_transitions

    @property
    def outcome(self):
        """The status, or for a closed topic the outcome it was closed after."""
        return self.closed_from if self.status == S.CLOSED else self.status

    @property
    def is_running(self):
        return self.status in RUNNING_STATUSES

    # What the acceptance council needs (a proposal offers the same to the selection council).
    @property
    def current_round(self):
        return self.acceptance_round

    @property
    def review_rubric(self):
        return self.council.rubric if self.council_id else None

    @property
    def has_decision(self):
        return self.acceptance_decisions.exists()

    @property
    def review_open(self):
        return self.status == S.UNDER_EVALUATION

    @property
    def is_blind(self):
        """Whether the acceptance council reviews blind: a setting of the council (see
        `Council.blind_review`), as a selection round's is a setting of its call."""
        return bool(self.council_id and self.council.blind_review)

    def blind_copy(self, source=None):
        """This topic as a member of its blind acceptance council reads it."""
        return blind.redacted_topic(self)

    def team_people(self):
        """The principal investigator, then the rest of the team in Vietnamese name order."""
        principal = self.principal
        rest = [m.person for m in self.members.all() if m.person != principal]
        return [principal, *sort_people(rest)]

    @property
    def acceptance_label(self):
        """“Nghiệm thu” under the 2013 regime, “đánh giá kết quả” under the 2025 one."""
        if self.legal_basis == LegalBasis.REGIME_2013:
            return _("Acceptance evaluation")
        return _("Evaluation of results")

    def check_transition(self, to_status):
        """The one guard of the lifecycle: raise `InvalidTransition` with the reason."""
        if to_status not in S.values:
            raise InvalidTransition(
                _("“%(status)s” is not a topic status.") % {"status": to_status}
            )
        if to_status not in ALLOWED_TRANSITIONS[self.status]:
            raise InvalidTransition(
                _("A topic that is “%(current)s” cannot become “%(target)s”.")
                % {"current": self.get_status_display(), "target": S(to_status).label}
            )

    def report_accepted_days(self):
        """Days on which a progress report of this topic was accepted (for tranches that wait on one)."""
        if not self.pk:
            return []
        accepted = self.progress_reports.filter(status=ReportStatus.ACCEPTED)
        return [
            timezone.localdate(moment) for moment in accepted.values_list("decided_at", flat=True)
        ]

    # Funding totals are derived from the lines and tranches, never stored.
    @property
    def approved_total(self):
        return sum(line.approved_amount for line in self.funding_lines.all())

    @property
    def approved_by_source(self):
        """[(source, approved amount)] in the sources' order, from the (prefetched) lines."""
        totals = {}
        for line in self.funding_lines.all():
            totals[line.source] = totals.get(line.source, 0) + line.approved_amount
        return sorted(totals.items(), key=lambda item: item[0].sort_order)

    @property
    def disbursed_total(self):
        return sum(t.paid_amount or 0 for t in self.tranches.all())

    @property
    def settled_total(self):
        return sum(line.settled_amount or 0 for line in self.funding_lines.all())


class TopicMember(Orderable):
    topic = ParentalKey(Topic, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="topic_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)

    class Meta(Orderable.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "person"],
                name="research_topicmember_person_once",
                violation_error_message=_("A person appears only once in a team."),
            ),
            models.UniqueConstraint(
                fields=["topic"],
                condition=Q(role=TeamRole.PRINCIPAL),
                name="research_topicmember_one_principal",
                violation_error_message=_("A topic has one principal investigator."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class TopicExpectedOutput(ExpectedOutput):
    topic = ParentalKey(Topic, on_delete=models.CASCADE, related_name="expected_outputs")

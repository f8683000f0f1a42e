"""“Is it new?” for a proposal: the similar work the portal finds (research.core.similarity) for
the lecturer writing it, the office at eligibility and the council at scoring — each seeing only
what they may — and the office's judgement of an overlap, which goes into the council's papers.

Who sees what:
- everyone: the public records (the public search index: topics, outputs, news, other schools'
  records) and the titles and codes of the school's own accepted and running topics;
- the office and the council: also the other proposals of the same call (two lecturers proposing
  the same thing) — a lecturer never sees another lecturer's proposal;
- a blind reviewer: no name, anywhere — the other proposals' titles are redacted of their teams,
  and a hit that is the team's own earlier work (which would name them) is shown by its score and
  shared phrases only.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from research.core import blind, permissions
from research.core.choices import ProposalStatus, TopicStatus
from research.core.similarity import LIMIT, Draft, Record, SimilarityRequest, find_similar
from research.outputs.models.outputs import Output
from research.proposals.models import Proposal
from research.topics.models.topics import Topic

# the school's topics compared with a draft: accepted, running or closed after acceptance
TOPIC_STATUSES = [
    TopicStatus.APPROVED,
    TopicStatus.IN_PROGRESS,
    TopicStatus.EXTENDED,
    TopicStatus.SELF_EVALUATED,
    TopicStatus.UNDER_EVALUATION,
    TopicStatus.ACCEPTED,
    TopicStatus.CLOSED,
]
MAX_TOPICS = 3000  # the most recent topics compared (bounded work per request)
# the other proposals of a call that count: submitted and later, not withdrawn
PROPOSAL_STATUSES = [
    ProposalStatus.SUBMITTED,
    ProposalStatus.ELIGIBLE,
    ProposalStatus.IN_REVIEW,
    ProposalStatus.REVISION_REQUESTED,
    ProposalStatus.APPROVED,
]
SHOWN = 8  # hits on the office's and the council's pages


class OverlapJudgement(models.Model):
    """The office's judgement of one similar piece of work found for a proposal: a real overlap
    or not, and why. Recorded by `RecordOverlapJudgement` (research/proposals/actions.py)."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="overlap_judgements",
    )
    round = models.PositiveSmallIntegerField(_("version"))
    ref = models.CharField(_("similar work"), max_length=40)
    # the school's record the work is ("topic:12"; "" for another school's): blind review hides
    # the team's own
    record = models.CharField(max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=500)
    kind_label = models.CharField(_("type"), max_length=100, blank=True)
    score = models.PositiveSmallIntegerField(_("similarity"))
    overlap = models.BooleanField(_("real overlap"))
    reason = models.TextField(_("reason"))
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    judged_at = models.DateTimeField(_("judged on"))

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("overlap judgement")
        verbose_name_plural = _("overlap judgements")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "round", "ref"], name="research_overlapjudgement_one_per_work"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="research_overlapjudgement_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.proposal.code}: {self.title}"


def draft_of(proposal):
    """A proposal as a draft to compare: its title, keywords and objectives (its summary)."""
    return Draft.of(proposal.title, proposal.keyword_list or (), proposal.objectives)


def topic_records(user, exclude_topic=None):
    """The school's accepted and running topics: title and code for everyone, the office's page
    for the office."""
    office = permissions.is_research_office(user)
    topics = (
        Topic.objects.filter(status__in=TOPIC_STATUSES)
        .exclude(pk=exclude_topic or 0)
        .exclude(pk__in=Topic.objects.hidden_from(user).values("pk"))
        .order_by("-pk")
        .only("pk", "code", "title", "summary", "keyword_list")[:MAX_TOPICS]
    )
    label = _("Topic of the school")
    return [
        Record(
            ref=f"topic:{topic.pk}",
            kind="topic",
            kind_label=label,
            title=topic.title,
            text=" ".join([topic.summary or "", *(topic.keyword_list or [])]),
            code=topic.code,
            url=topic.get_admin_url() if office else "",
        )
        for topic in topics
    ]


def proposal_records(user, proposal):
    """The other proposals of the proposal's call, for the office and the council; as a blind
    reviewer may read them."""
    if proposal.call_id is None:
        return []
    others = (
        Proposal.objects.filter(call=proposal.call_id, status__in=PROPOSAL_STATUSES)
        .exclude(pk=proposal.pk)
        .select_related("call")
        .order_by("pk")
    )
    office = permissions.is_research_office(user)
    label = _("Proposal in the same call")
    return [
        Record(
            ref=f"proposal:{other.pk}",
            kind="proposal",
            kind_label=label,
            title=blind.title_as_seen_by(user, other) if proposal.is_blind else other.title,
            text=" ".join([other.objectives or "", *(other.keyword_list or [])]),
            code=other.code,
            url=reverse("research_proposal:inspect", args=[other.pk]) if office else "",
        )
        for other in others
    ]


def similar_for_draft(user, draft, proposal=None, limit=LIMIT):
    """What a lecturer writing `draft` sees: public records and the school's topics, never
    another proposal (nor the lecturer's own proposal or topic)."""
    exclude = set()
    if proposal is not None:
        exclude.add(f"proposal:{proposal.pk}")
        if proposal.topic_id:
            exclude.add(f"topic:{proposal.topic_id}")
    request = SimilarityRequest(
        draft=draft,
        records=topic_records(user, proposal.topic_id if proposal else None),
        exclude=frozenset(exclude),
        limit=limit,
    )
    return find_similar(request)


def similar_for_review(user, proposal, limit=SHOWN):
    """What the office (eligibility) and the council (score sheet, meeting) see for a submitted
    proposal: the same list, plus the other proposals of the call; blind-safe."""
    request = SimilarityRequest(
        draft=draft_of(proposal),
        records=topic_records(user, proposal.topic_id) + proposal_records(user, proposal),
        exclude=frozenset({f"proposal:{proposal.pk}", f"topic:{proposal.topic_id or 0}"}),
        limit=limit,
    )
    hits = find_similar(request)
    if blind.hides_team_from(user, proposal):
        hits = blind_safe(hits, proposal)
    return hits


def team_records(proposal):
    """The refs of the team's own topics and outputs ("topic:12", "output:7")."""
    people = list(proposal.team_people())
    topics = Topic.objects.filter(members__person__in=people).values_list("pk", flat=True)
    outputs = Output.objects.filter(authors__person__in=people).values_list("pk", flat=True)
    return {f"topic:{pk}" for pk in topics} | {f"output:{pk}" for pk in outputs}


def blind_safe(hits, proposal):
    """The hits as a blind reviewer may read them: the team's own work (its page names them)
    without title, code nor address; every title with the team's names struck out."""
    own = team_records(proposal)
    redact = blind.team_redactor(list(proposal.team_people()))
    for hit in hits:
        if hit.record in own:
            hit.title = str(_("An earlier work of the team (hidden in blind review)"))
            hit.url = hit.code = ""
            hit.kind_label = ""
        else:
            hit.title = redact(hit.title)
        hit.shared = [redact(phrase) for phrase in hit.shared]
    return hits


def warnings(proposal, hits):
    """The hits at or above the call's threshold, which the office judges before the council."""
    threshold = proposal.call.similarity_threshold if proposal.call_id else None
    if threshold is None:
        return []
    return [hit for hit in hits if hit.score >= threshold]


def judgements(user, proposal):
    """The office's judgements of the current version, by score; as `user` may read them."""
    found = list(proposal.overlap_judgements.filter(round=proposal.version))
    if found and blind.hides_team_from(user, proposal):
        own = team_records(proposal)
        redact = blind.team_redactor(list(proposal.team_people()))
        for judgement in found:
            if judgement.record in own:
                judgement.title = str(_("An earlier work of the team (hidden in blind review)"))
            else:
                judgement.title = redact(judgement.title)
            judgement.reason = redact(judgement.reason)
    return found


def council_papers(user, subject):
    """What a proposal's score sheet and meeting page show of its novelty: the similar work and
    the office's judgements, as `user` may read them (research.councils.views.SHEET_PANELS)."""
    if not isinstance(subject, Proposal):
        return None
    similar = similar_for_review(user, subject)
    return {
        "template": "research/workspace/_similar_papers.html",
        "similar": similar,
        "judgements": judgements(user, subject),
        "threshold": subject.call.similarity_threshold if subject.call_id else None,
    }

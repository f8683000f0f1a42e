"""Council arithmetic: score-sheet totals, the outlier rule, quorum and the vote.

Pure functions over reviews with their scores loaded; every threshold comes from the rubric.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from research.core.choices import CouncilRole, RubricKind
from research.core.formatting import name_of

TWO_PLACES = Decimal("0.01")


def sheet_points(scores, criteria):
    """(points, maximum) of one sheet; criteria marked not applicable leave both."""
    by_criterion = {score.criterion_id: score for score in scores}
    points = maximum = 0
    for criterion in criteria:
        score = by_criterion.get(criterion.pk)
        if score is not None and score.not_applicable and criterion.allow_not_applicable:
            continue
        maximum += criterion.max_points
        points += (score.points or 0) if score else 0
    return points, maximum


@dataclass
class Sheet:
    review: object
    points: int
    maximum: int
    score: Decimal | None
    counted: bool
    sits: bool
    discarded: bool = False

    @property
    def vote(self):
        """The member's vote as it counts: none for a member who does not sit."""
        return self.review.recommend if self.sits else None


@dataclass
class Aggregate:
    sheets: list[Sheet]
    mean_all: Decimal | None
    mean: Decimal | None
    threshold: int
    members: int
    present: int
    quorum_met: bool
    kind: str = RubricKind.SELECTION
    attending: int = 0
    quorum_problems: list[str] = field(default_factory=list)
    voters: int = 0
    votes_for: int = 0
    vote_passes: bool = False

    @property
    def counted_sheets(self):
        return [sheet for sheet in self.sheets if sheet.counted]

    def as_summary(self):
        """A plain record of the aggregate, frozen into the council's decision and its minutes."""
        return {
            "kind": self.kind,
            "mean": str(self.mean) if self.mean is not None else None,
            "mean_all": str(self.mean_all) if self.mean_all is not None else None,
            "threshold": self.threshold,
            "members": self.members,
            "attending": self.attending,
            "present": self.present,
            "quorum_met": self.quorum_met,
            "quorum_problems": self.quorum_problems,
            "voters": self.voters,
            "votes_for": self.votes_for,
            "vote_passes": self.vote_passes,
            "sheets": [
                {
                    "name": sheet.review.member.person.display_name,
                    "role": sheet.review.member.get_role_display(),
                    "role_code": sheet.review.member.role,  # shown in the reader's language
                    "present": sheet.review.present,
                    "conflicted": sheet.review.is_conflicted,
                    "points": sheet.points,
                    "maximum": sheet.maximum,
                    "score": str(sheet.score) if sheet.score is not None else None,
                    "counted": sheet.counted,
                    "discarded": sheet.discarded,
                    "recommend": sheet.vote,
                    "submitted": bool(sheet.review.submitted_at),
                }
                for sheet in self.sheets
            ],
            "conflicts": [
                record
                for sheet in self.sheets
                if (record := conflict_record(sheet.review)) is not None
            ],
        }


def conflict_record(review):
    """What the minutes keep of a member's conflict of interest: declared or flagged, and how a
    flag was resolved, by whom; None when there was none."""
    if not (review.conflict_declared or review.conflict_flags):
        return None
    resolver = review.conflict_resolved_by
    return {
        "name": review.member.person.display_name,
        "declared": review.conflict_declared,
        "note": review.conflict_note,
        "flags": [str(label) for label in review.conflict_flag_labels],
        "resolution": review.conflict_resolution,
        "resolved_by": name_of(resolver),
    }


def mean(values):
    values = list(values)
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP)


def aggregate(rubric, reviews):
    """Totals on the rubric's scale, the outlier rule, quorum and the vote for one round.

    A sheet counts when its member was present, is not conflicted and submitted it. Its score is
    scaled to the rubric's full total so that criteria marked not applicable do not lower it.
    """
    criteria = list(rubric.criteria.all())
    full = rubric.max_total
    voters = sitting(reviews)
    sheets = []
    for review in reviews:
        points, maximum = sheet_points(review.scores.all(), criteria)
        sits = review in voters
        counted = bool(sits and review.submitted_at and maximum)
        score = (
            (Decimal(points) * full / maximum).quantize(TWO_PLACES, ROUND_HALF_UP)
            if counted
            else None
        )
        sheets.append(Sheet(review, points, maximum, score, counted, sits))
    counted = [sheet for sheet in sheets if sheet.counted]
    mean_all = mean(sheet.score for sheet in counted)
    for sheet in counted:
        sheet.discarded = abs(sheet.score - mean_all) > rubric.outlier_threshold
    result = Aggregate(
        sheets=sheets,
        mean_all=mean_all,
        mean=mean(sheet.score for sheet in counted if not sheet.discarded),
        threshold=rubric.outlier_threshold,
        members=len(sheets),
        present=len(voters),
        quorum_met=False,
        kind=rubric.kind,
        attending=sum(1 for review in reviews if review.present),
    )
    result.quorum_problems = quorum_problems(rubric, reviews)
    result.quorum_met = not result.quorum_problems
    result.voters = len(voters)
    result.votes_for = sum(1 for sheet in sheets if sheet.vote)
    result.vote_passes = (
        bool(voters) and Fraction(result.votes_for, result.voters) >= rubric.approval_share
    )
    return result


def sitting(reviews):
    """The members who sit in the decision: present, and without an unresolved conflict of
    interest. Only they count toward quorum, vote and score."""
    return [review for review in reviews if review.present and not review.is_conflicted]


def quorum_problems(rubric, reviews):
    """Why the meeting is not quorate (empty when it is). Only members who sit count: a member
    present with an unresolved conflict of interest is named as such."""
    present = sitting(reviews)
    problems = []
    if not reviews or Fraction(len(present), len(reviews)) < rubric.quorum_share:
        problems.append(
            _(
                "Only %(present)d of %(members)d members sit (present, without an unresolved "
                "conflict of interest); at least %(share)s are needed."
            )
            % {
                "present": len(present),
                "members": len(reviews),
                "share": f"{rubric.quorum_numerator}/{rubric.quorum_denominator}",
            }
        )
    for roles, absent, conflicted in (
        (
            {CouncilRole.CHAIR, CouncilRole.VICE_CHAIR},
            _("Neither the chair nor the vice-chair is present."),
            _("The chair or vice-chair present has an unresolved conflict of interest."),
        ),
        (
            {CouncilRole.REVIEWER},
            _("Both reviewers must be present."),
            _("A reviewer has an unresolved conflict of interest."),
        ),
        (
            {CouncilRole.SECRETARY},
            _("The scientific secretary is not present."),
            _("The scientific secretary has an unresolved conflict of interest."),
        ),
    ):
        holders = [r for r in reviews if r.member.role in roles]
        if roles == {CouncilRole.REVIEWER}:
            missing = not holders or any(not r.present for r in holders)
            barred = not missing and any(r not in present for r in holders)
        else:
            missing = not any(r.present for r in holders)
            barred = not missing and not any(r in present for r in holders)
        if missing:
            problems.append(absent)
        elif barred:
            problems.append(conflicted)
    return problems

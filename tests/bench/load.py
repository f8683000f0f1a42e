"""The bounded load test of the production stack (.ci/stack): anonymous visitors read the public
site while logged-in lecturers write proposal drafts and council members save score sheets, for
a fixed time; then every acknowledged write is looked up in the database.

    .ci/stack run -- .venv/bin/python tests/bench/load.py --output load.json

Runs with the stack's environment (its DATABASE_URL and production settings): it prepares its
accounts and the score sheets to fill through the ORM and the portal's own actions, and reads the
database at the end. Requests go to PORTAL_STACK_URL only (loopback). It stops by itself.

Two phases: first anonymous visitors alone, many of them with short pauses (a province reading
the public site: what the page cache serves), then the mixed test with the writers.

Figures: requests/s, p50/p95/p99 per page kind, the error rate (any answer ≥ 400 or no answer),
and lost writes (a save the portal acknowledged whose value is not in the database at the end).
Exit status 1 when there are errors or lost writes above the allowed numbers.
"""

import argparse
import json
import os
import random
import re
import secrets
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.stack.client import Visitor, parse  # noqa: E402

SEARCHES = ["nghien cuu", "chuyển đổi số", "dang vien", "xây dựng Đảng", "kinh te", "co so"]
LISTINGS = ["/de-tai/", "/thu-vien/", "/giang-vien/", "/tin-tuc/", "/de-tai/?page=2"]


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples = defaultdict(list)  # kind → [seconds]
        self.errors = defaultdict(int)  # kind → count
        self.statuses = defaultdict(int)

    def __call__(self, kind, seconds, status, ok):
        with self.lock:
            self.samples[kind].append(seconds)
            self.statuses[status] += 1
            if not ok:
                self.errors[kind] += 1


class Writes:
    """What each writer sent and what the portal acknowledged, per object."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = defaultdict(list)  # (kind, pk) → [values in the order sent]
        self.acked = {}  # (kind, pk) → last acknowledged value
        self.created = defaultdict(int)  # username → proposals acknowledged as created
        self.acks = 0

    def send(self, key, value):
        with self.lock:
            self.sent[key].append(value)

    def ack(self, key, value):
        with self.lock:
            self.acked[key] = value
            self.acks += 1


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# --- preparation through the ORM -----------------------------------------------------------


def prepare(lecturers, council_members, password):
    """Accounts for the writers and one proposal in review whose score sheets they fill."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test.utils import override_settings
    from django.utils import timezone

    from research.core.permissions import Roles
    from research.models import (
        Call,
        Person,
        Proposal,
        ProposalAttachment,
        ProposalBudgetItem,
        ProposalMember,
        ProposalOutput,
        Review,
        Unit,
    )
    from research.proposals.actions import AssignCouncil, RunEligibilityCheck, SubmitProposal

    User = get_user_model()
    call = Call.objects.open().select_related("council").first()
    if call is None or call.council is None:
        raise SystemExit("load: the demo's open call with its council is missing")
    council_units = call.council.members.values_list("person__unit", flat=True)
    unit = Unit.objects.exclude(pk__in=council_units).order_by("pk").first() or Unit.objects.first()
    lecturer_role = Group.objects.get(name=Roles.LECTURER)
    writers = []
    for number in range(1, lecturers + 1):
        username = f"tai-gv-{number}"
        user, _ = User.objects.update_or_create(
            username=username, defaults={"email": f"{username}@example.vn", "is_active": True}
        )
        user.set_password(password)
        user.save()
        user.groups.add(lecturer_role)
        Person.objects.update_or_create(
            user=user,
            defaults={
                "full_name": f"Giảng viên thử tải {number}",
                "unit": unit,
                "email": f"{username}@example.vn",
            },
        )
        writers.append({"role": "lecturer", "username": username, "call": call.pk})

    # One proposal in review, built by the real actions, gives every council member a sheet.
    model = Proposal.objects.filter(call=call).order_by("pk").first()
    principal = Person.objects.get(user__username="tai-gv-1")
    proposal = Proposal.objects.create(
        call=call,
        level=call.level,
        origin=model.origin,
        principal=principal,
        unit=principal.unit,
        title=f"Đề tài thử tải {timezone.now():%d/%m/%Y %H:%M:%S}",
        keyword_list=model.keyword_list,
        urgency=model.urgency,
        objectives=model.objectives,
        content_methods=model.content_methods,
        schedule=model.schedule,
        duration_months=model.duration_months,
    )
    ProposalMember.objects.create(proposal=proposal, person=principal, role="principal")
    for row in model.expected_outputs.all():
        ProposalOutput.objects.create(proposal=proposal, kind=row.kind, count=row.count)
    for row in model.budget_items.all():
        ProposalBudgetItem.objects.create(
            proposal=proposal, item=row.item, source=row.source, amount=row.amount
        )
    source = model.attachments.first()
    attachment = ProposalAttachment(proposal=proposal, title=source.title)
    attachment.file.save("thuyet-minh.pdf", source.file.open("rb"), save=True)
    office = User.objects.filter(groups__name=Roles.RESEARCH_OFFICE).first()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        SubmitProposal(proposal, user=principal.user).execute()
        RunEligibilityCheck(proposal, user=office).execute()
        AssignCouncil(proposal, call.council, user=office).execute()
    reviews = Review.objects.filter(proposal=proposal, submitted_at__isnull=True).select_related(
        "member__person__user"
    )
    chosen = [r for r in reviews if not r.is_conflicted and r.member.person.user_id]
    for review in chosen[:council_members]:
        user = review.member.person.user
        user.set_password(password)
        user.is_active = True
        user.save()
        writers.append({"role": "council", "username": user.username, "review": review.pk})
    counts = {
        w["username"]: Proposal.objects.filter(principal__user__username=w["username"]).count()
        for w in writers
        if w["role"] == "lecturer"
    }
    return writers, counts


def verify(writes, counts_before):
    """Lost writes: acknowledged values the database does not hold (nor a later value sent)."""
    from research.models import Proposal, Review

    lost = []
    for (kind, pk), value in writes.acked.items():
        if kind == "proposal":
            stored = Proposal.objects.get(pk=pk).objectives
        else:
            stored = Review.objects.get(pk=pk).comments
        if stored == value:
            continue
        later = writes.sent[(kind, pk)][writes.sent[(kind, pk)].index(value) + 1 :]
        if stored not in later:
            lost.append({"object": f"{kind} {pk}", "acknowledged": value, "stored": stored})
    for username, created in writes.created.items():
        stored = Proposal.objects.filter(principal__user__username=username).count()
        if stored - counts_before[username] < created:
            lost.append(
                {
                    "object": f"proposals of {username}",
                    "acknowledged": created,
                    "stored": stored - counts_before[username],
                }
            )
    return lost


# --- the visitors --------------------------------------------------------------------------


def anonymous(url, deadline, record, think, topics):
    visitor = Visitor(url, record=record)
    while time.monotonic() < deadline:
        roll = random.random()
        try:
            if roll < 0.2:
                visitor.get("/", "home")
            elif roll < 0.5:
                visitor.get(random.choice(LISTINGS), "listing")
            elif roll < 0.8:
                visitor.get(random.choice(topics), "topic")
            else:
                visitor.get(f"/tim-kiem/?q={random.choice(SEARCHES)}", "search")
        except Exception:  # recorded as an error by the visitor
            pass
        time.sleep(random.uniform(*think))


def lecturer(url, deadline, record, think, writer, password, writes):
    visitor = Visitor(url, record=record)
    if visitor.login(writer["username"], password, "login").status_code != 302:
        return
    drafts, number = [], 0
    while time.monotonic() < deadline:
        number += 1
        marker = f"Mục tiêu thử tải {writer['username']} #{number} {secrets.token_hex(4)}"
        try:
            if len(drafts) < 2 or random.random() < 0.2:
                create = f"/workspace/proposals/new/?call={writer['call']}"
                action, form = visitor.form(create, "workspace_form", containing="title")
                fields = {
                    **form["fields"],
                    "title": f"Đề tài thử tải của {writer['username']} số {number}",
                    "objectives": marker,
                    "duration_months": "12",
                }
                response = visitor.post(action, fields, "proposal_create")
                match = re.search(
                    r"/workspace/proposals/(\d+)/$", response.headers.get("Location", "")
                )
                if response.status_code == 302 and match:
                    pk = int(match.group(1))
                    writes.send(("proposal", pk), marker)
                    writes.ack(("proposal", pk), marker)
                    with writes.lock:
                        writes.created[writer["username"]] += 1
                    drafts.append(pk)
            else:
                pk = random.choice(drafts)
                action, form = visitor.form(
                    f"/workspace/proposals/{pk}/edit/", "workspace_form", containing="title"
                )
                writes.send(("proposal", pk), marker)
                response = visitor.post(
                    action, {**form["fields"], "objectives": marker}, "proposal_save"
                )
                if response.status_code == 302:
                    writes.ack(("proposal", pk), marker)
        except Exception:
            pass
        time.sleep(random.uniform(*think))


def council_member(url, deadline, record, think, writer, password, writes):
    visitor = Visitor(url, record=record)
    if visitor.login(writer["username"], password, "login").status_code != 302:
        return
    path, number = f"/workspace/reviews/{writer['review']}/", 0
    while time.monotonic() < deadline:
        number += 1
        marker = f"Nhận xét thử tải {writer['username']} #{number} {secrets.token_hex(4)}"
        try:
            action, form = visitor.form(path, "workspace_form", containing="comments")
            fields = {**form["fields"], "comments": marker, "recommend": "yes"}
            for name, maximum in form["max"].items():
                fields[name] = str(random.randint(0, int(maximum)))
            writes.send(("review", writer["review"]), marker)
            response = visitor.post(action, fields, "score_sheet_save")
            if response.status_code == 302:
                writes.ack(("review", writer["review"]), marker)
        except Exception:
            pass
        time.sleep(random.uniform(*think))


# --- the run -------------------------------------------------------------------------------


def summary(report):
    lines = [
        f"{'page kind':<18}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}",
        *(
            f"{kind:<18}{row['requests']:>9}{row['errors']:>8}{row['p50_ms']:>8}{row['p95_ms']:>8}{row['p99_ms']:>8}"
            for kind, row in report["kinds"].items()
        ),
        f"{report['database']}: {report['requests']} requests in {report['duration_s']} s "
        f"({report['requests_per_s']}/s), {report['errors']} errors "
        f"(rate {report['error_rate']}), {report['writes_acknowledged']} writes acknowledged, "
        f"{report['lost_writes']} lost; load average {report['load_average']['before'][0]:.1f} "
        f"→ {report['load_average']['after'][0]:.1f}",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", default=os.environ.get("PORTAL_STACK_URL", "https://localhost:8085")
    )
    # 90 anonymous visitors and 10 writers pausing 1.25 s on average ask up to 80 requests/s of
    # an idle server (50 could ask 48 at most, under the 60 the mixed test must show)
    parser.add_argument("--anonymous", type=int, default=90)
    parser.add_argument("--lecturers", type=int, default=6)
    parser.add_argument("--council", type=int, default=4)
    parser.add_argument("--duration", type=float, default=120, help="seconds")
    parser.add_argument(
        "--think", type=float, nargs=2, default=(0.5, 2.0), help="seconds between requests"
    )
    parser.add_argument(
        "--anonymous-phase",
        type=float,
        default=60,
        help="seconds of anonymous visitors alone before the mixed test (0: none)",
    )
    parser.add_argument("--anonymous-phase-visitors", type=int, default=40)
    parser.add_argument(
        "--anonymous-phase-think",
        type=float,
        nargs=2,
        default=(0.05, 0.25),
        help="seconds between one anonymous visitor's requests in that phase",
    )
    parser.add_argument("--output", help="write the figures as JSON here")
    parser.add_argument("--max-errors", type=int, default=0)
    parser.add_argument("--max-lost", type=int, default=0)
    options = parser.parse_args()

    password = secrets.token_urlsafe(16)
    writers, counts_before = prepare(options.lecturers, options.council, password)
    topics = [
        link
        for link in parse(Visitor(options.url).get("/de-tai/").text).links
        if re.fullmatch(r"/de-tai/[^/?]+/", link)
    ] or ["/de-tai/"]

    phase = None
    if options.anonymous_phase > 0:
        phase = anonymous_phase(options, topics)
        print(summary(phase))

    record, writes = Recorder(), Writes()
    loadavg_before = os.getloadavg()
    started = time.monotonic()
    deadline = started + options.duration
    threads = [
        threading.Thread(
            target=anonymous, args=(options.url, deadline, record, options.think, topics)
        )
        for _ in range(options.anonymous)
    ]
    for writer in writers:
        target = lecturer if writer["role"] == "lecturer" else council_member
        threads.append(
            threading.Thread(
                target=target,
                args=(options.url, deadline, record, options.think, writer, password, writes),
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=options.duration + 120)
    elapsed = time.monotonic() - started
    loadavg_after = os.getloadavg()

    lost = verify(writes, counts_before)
    total = sum(len(v) for v in record.samples.values())
    errors = sum(record.errors.values())
    from django.db import connection

    report = {
        "database": connection.vendor,
        "duration_s": round(elapsed, 1),
        "visitors": {"anonymous": options.anonymous, "writers": len(writers)},
        "think_s": list(options.think),
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "errors": errors,
        "error_rate": round(errors / total, 4) if total else None,
        "statuses": dict(sorted(record.statuses.items())),
        "writes_sent": sum(len(v) for v in writes.sent.values()),
        "writes_acknowledged": writes.acks,
        "objects_written": len(writes.acked),
        "lost_writes": len(lost),
        "lost": lost[:20],
        "load_average": {"before": loadavg_before, "after": loadavg_after},
        "kinds": kinds(record),
        "anonymous_phase": phase,
    }
    if options.output:
        Path(options.output).write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print(summary(report))
    errors += phase["errors"] if phase else 0
    return 1 if errors > options.max_errors or len(lost) > options.max_lost else 0


def kinds(record):
    return {
        kind: {
            "requests": len(values),
            "errors": record.errors[kind],
            "p50_ms": round(statistics.median(values) * 1000),
            "p95_ms": round(percentile(values, 0.95) * 1000),
            "p99_ms": round(percentile(values, 0.99) * 1000),
        }
        for kind, values in sorted(record.samples.items())
    }


def anonymous_phase(options, topics):
    """Anonymous visitors alone: the public site's throughput (no writer holds a lock)."""
    from django.db import connection

    record = Recorder()
    loadavg_before = os.getloadavg()
    started = time.monotonic()
    deadline = started + options.anonymous_phase
    think = options.anonymous_phase_think
    threads = [
        threading.Thread(target=anonymous, args=(options.url, deadline, record, think, topics))
        for _ in range(options.anonymous_phase_visitors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=options.anonymous_phase + 120)
    elapsed = time.monotonic() - started
    total = sum(len(v) for v in record.samples.values())
    errors = sum(record.errors.values())
    everything = [value for values in record.samples.values() for value in values]
    return {
        "database": f"{connection.vendor}, anonymous visitors only",
        "duration_s": round(elapsed, 1),
        "visitors": {"anonymous": options.anonymous_phase_visitors, "writers": 0},
        "think_s": list(think),
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "errors": errors,
        "error_rate": round(errors / total, 4) if total else None,
        "p95_ms": round(percentile(everything, 0.95) * 1000) if everything else None,
        "statuses": dict(sorted(record.statuses.items())),
        "writes_acknowledged": 0,
        "lost_writes": 0,
        "load_average": {"before": loadavg_before, "after": os.getloadavg()},
        "kinds": kinds(record),
    }


if __name__ == "__main__":
    sys.exit(main())

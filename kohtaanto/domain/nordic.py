"""The Nordic labour market service model timetable (in force since 2 May 2022).

The rules, as the law (HE 167/2021, Act 1379/2021) and Työmarkkinatori describe them:

1. **Initial interview** (``initial_interview``) within 5 working days of registration.
2. **Initial phase**: for the first 3 months of the job search a job-search conversation
   every 2 weeks, counted from the previous held meeting.
3. **Follow-up**: after that a job-search conversation whenever 3 months have passed since
   the initial interview or the previous job-search conversation.
4. **Intensive periods**: every 6 months of job search (6, 12, 18, ... months) a one-month
   period with two supplementary conversations (``supplementary``): the first due 2 weeks
   into the period, the second by the end of the month. Supplementary conversations do not
   reset the 3-month cadence of rule 3 (a simplification; the law allows either reading).

Clients registered before the model (or before the history we hold) have no initial
interview; their first held job-search conversation anchors the cadence instead. An
intensive period that was missed lapses after ``SUPPLEMENTARY_GRACE_MONTHS``: holding the
meeting later no longer serves its purpose, so it leaves the worklist (it still counts as
a broken service promise in reporting).

Everything here is pure: pass dates and held meetings in, get due dates out. The case
worker's worklist orders clients by `next_due(...).due_date`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta

from kohtaanto.domain.workdays import add_working_days

INITIAL_INTERVIEW = "initial_interview"
JOB_SEARCH_CONVERSATION = "job_search_conversation"
SUPPLEMENTARY = "supplementary"
MEETING_KINDS = (INITIAL_INTERVIEW, JOB_SEARCH_CONVERSATION, SUPPLEMENTARY)

INITIAL_INTERVIEW_WORKING_DAYS = 5
INITIAL_PHASE_MONTHS = 3
INITIAL_PHASE_INTERVAL_DAYS = 14
FOLLOW_UP_INTERVAL_MONTHS = 3
INTENSIVE_EVERY_MONTHS = 6
SUPPLEMENTARY_FIRST_DAYS = 14  # first supplementary conversation: 2 weeks into the period
SUPPLEMENTARY_SECOND_MONTHS = 1  # second: by the end of the intensive month
SUPPLEMENTARY_GRACE_MONTHS = 3
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Due:
    """One obligation of the timetable and the held meeting (if any) that fulfilled it."""

    kind: str
    due_date: dt.date
    held_date: dt.date | None = None
    period: int = 0  # intensive period number (1 = at 6 months) for supplementary ones
    lapses_on: dt.date | None = None  # after this date an unheld obligation leaves the worklist

    @property
    def fulfilled(self) -> bool:
        return self.held_date is not None

    @property
    def on_time(self) -> bool | None:
        """Whether the promise was kept; None while it is still open."""
        return None if self.held_date is None else self.held_date <= self.due_date


@dataclass(frozen=True)
class NextDue:
    kind: str
    due_date: dt.date
    status: str  # "overdue" (due_date < as_of), "due" (within DUE_SOON_DAYS) or "upcoming"
    days_overdue: int  # negative while still in the future


def add_months(d: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic, clipping to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    return d + relativedelta(months=months)


def initial_interview_due(registration_date: dt.date) -> dt.date:
    return add_working_days(registration_date, INITIAL_INTERVIEW_WORKING_DAYS)


def next_conversation_due(registration_date: dt.date, anchor: dt.date) -> dt.date:
    """Due date of the job-search conversation following one held (or the interview) on `anchor`."""
    biweekly = anchor + dt.timedelta(days=INITIAL_PHASE_INTERVAL_DAYS)
    if biweekly <= add_months(registration_date, INITIAL_PHASE_MONTHS):
        return biweekly
    return add_months(anchor, FOLLOW_UP_INTERVAL_MONTHS)


def intensive_period_start(registration_date: dt.date, period: int) -> dt.date:
    return add_months(registration_date, INTENSIVE_EVERY_MONTHS * period)


def supplementary_due_dates(registration_date: dt.date, period: int) -> tuple[dt.date, dt.date]:
    start = intensive_period_start(registration_date, period)
    return (
        start + dt.timedelta(days=SUPPLEMENTARY_FIRST_DAYS),
        add_months(start, SUPPLEMENTARY_SECOND_MONTHS),
    )


def _held(meetings: Iterable[Any], since: dt.date) -> dict[str, list[dt.date]]:
    """Accept (kind, held_date) pairs or objects with `kind` and `held_date` attributes."""
    out: dict[str, list[dt.date]] = {k: [] for k in MEETING_KINDS}
    for m in meetings:
        kind, held = (m[0], m[1]) if isinstance(m, tuple) else (m.kind, m.held_date)
        if held is not None and kind in out and held >= since:
            out[kind].append(held)
    for dates in out.values():
        dates.sort()
    return out


def due_dates(registration_date: dt.date, held_meetings: Iterable[Any], until: dt.date) -> list[Due]:
    """The client's obligations in date order: fulfilled ones, then the open ones.

    The conversation chain is listed up to its first open obligation (the next one depends
    on when that is held); intensive periods are listed if they start on or before `until`.
    Meetings held before `registration_date` belong to an earlier job search and are ignored.
    """
    held = _held(held_meetings, registration_date)
    items: list[Due] = []
    conversations = held[JOB_SEARCH_CONVERSATION]
    if held[INITIAL_INTERVIEW]:
        anchor = held[INITIAL_INTERVIEW][0]
        items.append(Due(INITIAL_INTERVIEW, initial_interview_due(registration_date), anchor))
    elif conversations:  # registered before the model: the first conversation anchors the cadence
        anchor = conversations[0]
    else:
        anchor = None
        items.append(Due(INITIAL_INTERVIEW, initial_interview_due(registration_date)))
    if anchor is not None:
        later = iter(c for c in conversations if c > anchor)
        while True:
            due = next_conversation_due(registration_date, anchor)
            fulfilled_by = next(later, None)
            items.append(Due(JOB_SEARCH_CONVERSATION, due, fulfilled_by))
            if fulfilled_by is None:
                break
            anchor = fulfilled_by
    supplementary = held[SUPPLEMENTARY]
    period = 1
    while (start := intensive_period_start(registration_date, period)) <= until:
        end = intensive_period_start(registration_date, period + 1)
        in_period = [s for s in supplementary if start <= s < end]
        lapses = add_months(start, SUPPLEMENTARY_GRACE_MONTHS)
        for i, due in enumerate(supplementary_due_dates(registration_date, period)):
            held_date = in_period[i] if i < len(in_period) else None
            items.append(Due(SUPPLEMENTARY, due, held_date, period, lapses))
        period += 1
    items.sort(key=lambda d: (d.due_date, MEETING_KINDS.index(d.kind)))
    return items


def next_due(registration_date: dt.date, held_meetings: Iterable[Any], as_of: dt.date) -> NextDue | None:
    """The most urgent open obligation at `as_of`, or None before the job search started.

    Lapsed intensive-period meetings are skipped. The result always exists for an active
    client because the conversation chain never ends.
    """
    if as_of < registration_date:
        return None
    horizon = add_months(as_of, INTENSIVE_EVERY_MONTHS)
    open_items = [
        d
        for d in due_dates(registration_date, held_meetings, horizon)
        if not d.fulfilled and (d.lapses_on is None or as_of <= d.lapses_on)
    ]
    if not open_items:
        return None
    first = min(open_items, key=lambda d: (d.due_date, MEETING_KINDS.index(d.kind)))
    days = (as_of - first.due_date).days
    if days > 0:
        status = "overdue"
    elif -days <= DUE_SOON_DAYS:
        status = "due"
    else:
        status = "upcoming"
    return NextDue(first.kind, first.due_date, status, days)

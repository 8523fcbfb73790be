"""Meetings on the Nordic timetable, vectorised over clients.

The rules are those of `kohtaanto.domain.nordic`; this module replays them for all clients
at once, one "round" (the next meeting of every client) per loop iteration, so 50,000
clients x 24 months take a few dozen numpy passes instead of a million Python steps.

Each obligation is booked around its due date (most a few days early, some late, a few
weeks late when the calendar is full). A booked meeting is held, or the client does not
show up, or it is cancelled (by either side); then it is rebooked a few working days later
until held (the fourth attempt is always held).

The book runs to a horizon past the snapshot date and `censor` then cuts it at the
snapshot: rows after it become ``planned`` (the first booking of each chain only), chains
started by something after it vanish, and bookings on or after the day the job search
ended vanish once that day has passed. Every snapshot of one population is a cut of the
same book, so a later snapshot continues an earlier one (issue 12).
"""

from __future__ import annotations

import numpy as np

from kohtaanto.domain import nordic
from kohtaanto.synthetic.vdates import NEVER, WorkCalendar, add_months

KINDS = ("initial_interview", "job_search_conversation", "supplementary")
STATUSES = ("held", "no_show", "cancelled", "planned")
II, JSC, SUP = 0, 1, 2
HELD, NO_SHOW, CANCELLED, PLANNED = 0, 1, 2, 3
DROPPED = 4  # booked on or after the end of the job search: exists only until that end
NONE = np.int32(-(2**31))  # "no previous booking"
P_NO_SHOW, P_CANCELLED = 0.07, 0.07
MAX_ATTEMPTS = 4


class MeetingBook:
    """Accumulates meeting rows as arrays (client index, kind, due, planned, held, status,
    origin: the day of what triggered the booking, prev: the chain's previous booking)."""

    def __init__(self, rng: np.random.Generator, cal: WorkCalendar, as_of: int) -> None:
        self.rng, self.cal, self.as_of = rng, cal, as_of
        self.parts: list[tuple[np.ndarray, ...]] = []

    def emit(
        self,
        client: np.ndarray,
        kind: int,
        due: np.ndarray,
        planned: np.ndarray,
        held: np.ndarray,
        status: int | np.ndarray,
        origin: np.ndarray,
        prev: np.ndarray | None = None,
    ) -> None:
        n = len(client)
        self.parts.append(
            (
                client.astype(np.int64),
                np.full(n, kind, np.int8),
                due.astype(np.int32),
                planned.astype(np.int32),
                held.astype(np.int32),
                np.broadcast_to(np.asarray(status, np.int8), (n,)).copy(),
                np.asarray(origin, np.int32),
                np.full(n, NONE, np.int32) if prev is None else np.asarray(prev, np.int32),
            )
        )

    def book(self, due: np.ndarray, lower: np.ndarray) -> np.ndarray:
        """Booking date for each due date: 55 % early, 30 % up to 3 days late, 15 % 4-30 days late."""
        n = len(due)
        r = self.rng.random(n)
        offset = np.where(
            r < 0.55,
            -self.rng.integers(0, 6, n),
            np.where(r < 0.85, self.rng.integers(0, 4, n), self.rng.integers(4, 31, n)),
        )
        return self.cal.on_or_after(np.maximum(due + offset, lower))

    def attempts(
        self,
        client: np.ndarray,
        kind: int,
        due: np.ndarray,
        planned: np.ndarray,
        stop: np.ndarray,
        origin: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Book until held. Returns (held day or -1, latent day: held, or planned if after the
        horizon). `origin` is the day of what triggered the chain (see `censor`)."""
        held = np.full(len(client), -1, np.int32)
        latent = np.full(len(client), -1, np.int32)
        alive = np.arange(len(client))
        prev = np.full(len(client), NONE, np.int32)
        origin = np.asarray(origin, np.int32)
        for attempt in range(MAX_ATTEMPTS):
            p = planned[alive]
            dropped = (p >= stop[alive]) & (stop[alive] <= self.as_of)
            gone = alive[dropped]
            self.emit(client[gone], kind, due[gone], planned[gone], np.full(len(gone), -1), DROPPED,
                      origin[gone], prev[gone])  # fmt: skip
            future = ~dropped & (p > self.as_of)
            fut = alive[future]
            self.emit(client[fut], kind, due[fut], planned[fut], np.full(len(fut), -1), PLANNED,
                      origin[fut], prev[fut])  # fmt: skip
            latent[fut] = planned[fut]
            alive = alive[~dropped & ~future]
            if not len(alive):
                break
            r = self.rng.random(len(alive))
            status = np.where(r < P_NO_SHOW, NO_SHOW, np.where(r < P_NO_SHOW + P_CANCELLED, CANCELLED, HELD))
            if attempt == MAX_ATTEMPTS - 1:
                status[:] = HELD
            ok = status == HELD
            held_days = np.where(ok, planned[alive], -1)
            self.emit(
                client[alive], kind, due[alive], planned[alive], held_days, status, origin[alive], prev[alive]
            )
            held[alive[ok]] = planned[alive[ok]]
            latent[alive[ok]] = planned[alive[ok]]
            alive = alive[~ok]
            prev = prev.copy()
            prev[alive] = planned[alive]
            planned = planned.copy()
            planned[alive] = self.cal.add(planned[alive], self.rng.integers(2, 8, len(alive)))
        return held, latent

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(np.concatenate(cols) for cols in zip(*self.parts, strict=True))


def censor(rows: tuple[np.ndarray, ...], as_of: int, exit_day: np.ndarray) -> tuple[np.ndarray, ...]:
    """The book as known on `as_of`: (mask over the rows, status, held day).

    A chain exists once what triggered it has happened; of its bookings after `as_of` only
    the first is known, as ``planned``; a booking on or after the end of the job search
    exists only while that end is still ahead."""
    client, _kind, _due, planned, held, status, origin, prev = rows
    future = planned > as_of
    keep = (origin <= as_of) & (~future | (prev <= as_of))
    keep &= (status != DROPPED) | (future & (exit_day[client] > as_of))
    return (
        keep,
        np.where(future, PLANNED, status).astype(np.int8),
        np.where(future, -1, held).astype(np.int32),
    )


def conversation_due(reg: np.ndarray, anchor: np.ndarray) -> np.ndarray:
    """Vectorised `nordic.next_conversation_due`."""
    biweekly = anchor + nordic.INITIAL_PHASE_INTERVAL_DAYS
    in_phase = biweekly <= add_months(reg, nordic.INITIAL_PHASE_MONTHS)
    return np.where(in_phase, biweekly, add_months(anchor, nordic.FOLLOW_UP_INTERVAL_MONTHS))


def decision_meetings(book: MeetingBook, reg: np.ndarray, old: np.ndarray, window_start: int) -> np.ndarray:
    """Initial interviews (new clients) or the first in-window conversation (older clients).

    Older clients also get their last conversation before the window, which anchors the
    3-month cadence. Returns each client's latent decision day D (held, or booked after as_of).
    """
    rng, cal = book.rng, book.cal
    n = len(reg)
    idx = np.arange(n)
    new = idx[~old]
    due = cal.add(reg[new], nordic.INITIAL_INTERVIEW_WORKING_DAYS)
    _, d_new = book.attempts(new, II, due, book.book(due, reg[new]), np.full(len(new), NEVER), reg[new])
    olds = idx[old]
    anchor = cal.on_or_after(window_start - rng.integers(5, 92, len(olds)))
    book.emit(olds, JSC, anchor, anchor, anchor, HELD, anchor)
    due = conversation_due(reg[olds], anchor)
    planned = book.book(due, np.maximum(anchor + 1, window_start))  # the decision falls in the window
    _, d_old = book.attempts(olds, JSC, due, planned, np.full(len(olds), NEVER), anchor)
    decision = np.empty(n, np.int32)
    decision[new], decision[olds] = d_new, d_old
    return decision


def follow_up_meetings(
    book: MeetingBook, reg: np.ndarray, decision: np.ndarray, exit_day: np.ndarray
) -> None:
    """The chain of job-search conversations after the decision meeting, until exit."""
    alive = np.flatnonzero(decision <= book.as_of)
    anchor = decision[alive]
    while len(alive):
        due = conversation_due(reg[alive], anchor)
        held, _ = book.attempts(alive, JSC, due, book.book(due, anchor + 1), exit_day[alive], anchor)
        ok = held >= 0
        alive, anchor = alive[ok], held[ok]


def supplementary_meetings(
    book: MeetingBook, reg: np.ndarray, exit_day: np.ndarray, window_start: int
) -> None:
    """Two supplementary conversations in each intensive month that starts in the window."""
    period = 1
    while True:
        start = add_months(reg, nordic.INTENSIVE_EVERY_MONTHS * period)
        if start.min() > book.as_of:
            break
        sel = np.flatnonzero((start >= window_start) & (start <= book.as_of) & (start < exit_day))
        s = start[sel]
        due1 = s + nordic.SUPPLEMENTARY_FIRST_DAYS
        held1, _ = book.attempts(sel, SUP, due1, book.book(due1, s), exit_day[sel], s)
        ok = held1 >= 0
        sel2, s2, h1 = sel[ok], s[ok], held1[ok]
        due2 = add_months(s2, nordic.SUPPLEMENTARY_SECOND_MONTHS)
        book.attempts(sel2, SUP, due2, book.book(due2, h1 + 1), exit_day[sel2], h1)
        period += 1

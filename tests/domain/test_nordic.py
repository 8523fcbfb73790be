import datetime as dt
from types import SimpleNamespace

from kohtaanto.domain import nordic
from kohtaanto.domain.nordic import (
    INITIAL_INTERVIEW,
    JOB_SEARCH_CONVERSATION,
    SUPPLEMENTARY,
    add_months,
    due_dates,
    next_due,
)
from kohtaanto.domain.workdays import add_working_days

D = dt.date
REG = D(2025, 3, 3)  # a Monday


def test_add_months_clips_to_month_end():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)
    assert add_months(D(2025, 3, 31), -1) == D(2025, 2, 28)


def test_new_client_is_due_an_initial_interview_in_five_working_days():
    nd = next_due(REG, [], REG)
    assert nd.kind == INITIAL_INTERVIEW
    assert nd.due_date == D(2025, 3, 10)
    assert nd.status == "due"
    assert next_due(REG, [], D(2025, 3, 12)).status == "overdue"
    assert next_due(REG, [], D(2025, 3, 12)).days_overdue == 2
    assert next_due(REG, [], D(2025, 3, 1)) is None  # not registered yet


def test_initial_interview_deadline_skips_easter():
    reg = D(2025, 4, 16)  # Wednesday before Easter
    assert nordic.initial_interview_due(reg) == D(2025, 4, 25)


def test_biweekly_conversations_count_from_the_previous_held_meeting():
    held = [(INITIAL_INTERVIEW, D(2025, 3, 7))]
    nd = next_due(REG, held, D(2025, 3, 10))
    assert (nd.kind, nd.due_date, nd.status) == (JOB_SEARCH_CONVERSATION, D(2025, 3, 21), "upcoming")
    held.append((JOB_SEARCH_CONVERSATION, D(2025, 3, 24)))  # three days late
    assert next_due(REG, held, D(2025, 3, 25)).due_date == D(2025, 4, 7)


def test_cadence_becomes_quarterly_after_three_months():
    held = [(INITIAL_INTERVIEW, D(2025, 3, 7))]
    day = D(2025, 3, 7)
    while True:
        due = next_due(REG, held, day).due_date
        if due > add_months(REG, 3):
            break
        held.append((JOB_SEARCH_CONVERSATION, due))
        day = due
    last = held[-1][1]
    assert last <= add_months(REG, 3)
    assert len(held) == 1 + 6  # initial interview plus six biweekly conversations
    nd = next_due(REG, held, last)
    assert nd.due_date == add_months(last, 3)


def test_intensive_period_after_six_months():
    held = [(INITIAL_INTERVIEW, D(2025, 3, 7)), (JOB_SEARCH_CONVERSATION, D(2025, 8, 20))]
    items = [d for d in due_dates(REG, held, D(2025, 10, 1)) if d.kind == SUPPLEMENTARY]
    assert [d.due_date for d in items] == [D(2025, 9, 17), D(2025, 10, 3)]
    nd = next_due(REG, held, D(2025, 9, 10))
    assert (nd.kind, nd.due_date, nd.status) == (SUPPLEMENTARY, D(2025, 9, 17), "due")
    held.append((SUPPLEMENTARY, D(2025, 9, 15)))
    assert next_due(REG, held, D(2025, 9, 16)).due_date == D(2025, 10, 3)
    held.append((SUPPLEMENTARY, D(2025, 9, 30)))
    # Both held: the next thing is the quarterly conversation (3 months from 20 Aug).
    nd = next_due(REG, held, D(2025, 10, 1))
    assert (nd.kind, nd.due_date) == (JOB_SEARCH_CONVERSATION, D(2025, 11, 20))


def test_missed_intensive_period_lapses_from_the_worklist():
    held = [(INITIAL_INTERVIEW, D(2025, 3, 7)), (JOB_SEARCH_CONVERSATION, D(2025, 10, 1))]
    assert next_due(REG, held, D(2025, 10, 15)).kind == SUPPLEMENTARY
    nd = next_due(REG, held, D(2025, 12, 15))  # period began 3 Sep; lapsed 3 Dec
    assert (nd.kind, nd.due_date) == (JOB_SEARCH_CONVERSATION, D(2026, 1, 1))


def test_legacy_client_without_initial_interview_is_anchored_on_first_conversation():
    reg = D(2019, 5, 14)
    held = [SimpleNamespace(kind=JOB_SEARCH_CONVERSATION, held_date=D(2024, 9, 2))]
    items = due_dates(reg, held, D(2024, 10, 1))
    assert not any(d.kind == INITIAL_INTERVIEW for d in items)
    assert [d.due_date for d in items if d.kind == JOB_SEARCH_CONVERSATION] == [D(2024, 12, 2)]
    # The intensive period that began 14 May 2024 has lapsed; the next one (14 Nov) comes first.
    nd = next_due(reg, held, D(2024, 10, 1))
    assert (nd.kind, nd.due_date, nd.status) == (SUPPLEMENTARY, D(2024, 11, 28), "upcoming")


def test_meetings_before_registration_and_unheld_ones_are_ignored():
    held = [(INITIAL_INTERVIEW, D(2024, 1, 5)), SimpleNamespace(kind=INITIAL_INTERVIEW, held_date=None)]
    assert next_due(REG, held, REG).kind == INITIAL_INTERVIEW


def test_due_items_report_on_time():
    held = [(INITIAL_INTERVIEW, add_working_days(REG, 7))]
    first = due_dates(REG, held, REG)[0]
    assert first.kind == INITIAL_INTERVIEW and first.fulfilled and first.on_time is False


def test_worklist_order_is_by_due_date():
    as_of = D(2025, 4, 1)
    clients = {
        "new": (D(2025, 3, 28), []),
        "late_interview": (D(2025, 3, 17), []),
        "in_phase": (REG, [(INITIAL_INTERVIEW, D(2025, 3, 5)), (JOB_SEARCH_CONVERSATION, D(2025, 3, 27))]),
    }
    order = sorted(clients, key=lambda c: next_due(*clients[c], as_of).due_date)
    assert order == ["late_interview", "new", "in_phase"]

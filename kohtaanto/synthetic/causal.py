"""Simulate referrals, service spells and job-search ends; compute the true effects.

See `kohtaanto.synthetic.service_model` for the model. The estimand written to
ground_truth.json, per service X and horizon h (182 or 365 days):

- population: clients eligible for X at their decision date D who started X or no service
  at all (the pairwise comparison of X with "none" of Lechner 2001; clients who started
  another service are in neither group), who are still job seekers on the day X would start,
  ``S_X = first working day on or after D + wait_days(X)``, and whose outcome is fully
  observed (S_X + h on or before `as_of`);
- outcome Y_h: an ``employment`` event in (S_X, S_X + h];
- ATE_h = mean of Y_h(X) - Y_h(none) over the population; ATT_h = the same over those in
  the population who started X. "none" means no service at all from the decision.
"""

from __future__ import annotations

import numpy as np

from kohtaanto.synthetic.service_model import (
    DECLINE_RATE,
    HORIZONS,
    SERVICES,
    choose,
    eligible,
    employment_time,
    hazards,
    individual_effect,
    outcome,
)
from kohtaanto.synthetic.vdates import NEVER, WorkCalendar

MAX_DAYS = 100_000  # latent times beyond this are "never" for any practical purpose


def _day(base: np.ndarray, t: np.ndarray) -> np.ndarray:
    return (base + np.ceil(np.minimum(t, MAX_DAYS))).astype(np.int64)


def simulate(
    rng: np.random.Generator,
    c: dict,
    x: dict,
    decision: np.ndarray,
    cal: WorkCalendar,
    as_of: int,
    employment_ratio: float = 1.0,
) -> dict:
    """Realised service spells and job-search ends, and the ground truth per service.
    `employment_ratio`: the area's employment hazard relative to Helsinki's (profile.py)."""
    n = len(decision)
    lam, mu = hazards(x, c["education"], c["finnish_level"])
    if employment_ratio != 1.0:
        lam = lam * employment_ratio
    e = rng.exponential(1.0, n)  # the same draw in every arm: common random numbers
    other_day = _day(decision, rng.exponential(1.0, n) / mu)
    r = rng.random(n)
    young = x["young"] == 1
    other_reason = np.where(
        young,
        np.where(r < 0.55, "education", np.where(r < 0.75, "moved", "other")),
        np.where(r < 0.12, "education", np.where(r < 0.45, "moved", "other")),
    ).astype(object)
    emp0 = _day(decision, e / lam)
    dur_noise = rng.lognormal(0.0, 0.2, n)
    u_cut, frac = rng.random(n), rng.uniform(0.2, 0.8, n)
    elig = np.column_stack([eligible(s, x, c["finnish_level"]) for s in SERVICES])
    choice = choose(rng, x, elig)
    declined = rng.random(n) < DECLINE_RATE

    emp_day = emp0.copy()
    started = np.zeros(n, bool)
    start = np.full(n, NEVER, np.int64)  # would-be start of the chosen service
    end = np.full(n, NEVER, np.int64)
    interrupted = np.zeros(n, bool)
    per_service = []
    for k, spec in enumerate(SERVICES):
        s_k = cal.on_or_after(decision + spec.wait_days).astype(np.int64)
        dur = np.maximum(7, np.rint(spec.duration_days * dur_noise))
        cut = u_cut < spec.interrupt_rate
        dur_eff = np.where(cut, np.maximum(1, np.rint(dur * frac)), dur)
        emp_k = _day(
            decision,
            employment_time(e, lam, s_k - decision, dur_eff, spec.lock_in, individual_effect(spec, x)),
        )
        at_risk = (emp0 > s_k) & (other_day > s_k)
        chosen = choice == k
        mine = chosen & ~declined & at_risk
        start[chosen] = s_k[chosen]
        started[mine] = True
        emp_day[mine] = emp_k[mine]
        planned_end = s_k + dur_eff.astype(np.int64)
        exit_k = np.minimum(emp_k, other_day)
        end[mine] = np.minimum(planned_end, exit_k)[mine]
        interrupted[mine] = (cut | (exit_k < planned_end))[mine]
        per_service.append((s_k, emp_k, at_risk & elig[:, k], mine))

    truth = {}
    for spec, (s_k, emp_k, pop_k, mine) in zip(SERVICES, per_service, strict=True):
        horizons = {}
        for label, h in HORIZONS.items():
            pop = pop_k & (mine | ~started) & (s_k + h <= as_of)
            y1 = outcome(emp_k, other_day, s_k, h)
            y0 = outcome(emp0, other_day, s_k, h)
            treated = pop & mine
            control = pop & ~started
            horizons[label] = _summary(pop, treated, control, y1, y0)
        truth[spec.service_id] = horizons
    exit_day = np.minimum(emp_day, other_day)
    reason = np.where(emp_day <= other_day, "employed", other_reason).astype(object)
    return {
        "choice": choice,
        "declined": declined,
        "started": started,
        "start": start,
        "end": end,
        "interrupted": interrupted,
        "exit_day": exit_day,
        "exit_reason": reason,
        "truth": truth,
    }


def _mean(a: np.ndarray) -> float | None:
    return round(float(a.mean()), 5) if len(a) else None


def _summary(pop, treated, control, y1, y0) -> dict:
    """True effects plus the naive treated-vs-no-service comparison, for reference."""
    y1p, y0p = y1[pop].astype(float), y0[pop].astype(float)
    y1t, y0t = y1[treated].astype(float), y0[treated].astype(float)
    naive = None
    if treated.any() and control.any():
        naive = round(float(y1t.mean() - y0[control].mean()), 5)
    return {
        "ate": _mean(y1p - y0p),
        "att": _mean(y1t - y0t),
        "n_population": int(pop.sum()),
        "n_treated": int(treated.sum()),
        "n_no_service": int(control.sum()),
        "mean_y_none_population": _mean(y0p),
        "mean_y_none_treated": _mean(y0t),
        "mean_y_treated_observed": _mean(y1t),
        "mean_y_no_service_observed": _mean(y0[control].astype(float)),
        "naive_difference": naive,
    }

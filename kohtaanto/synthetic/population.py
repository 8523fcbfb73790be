"""Synthetic clients: who they are, and which team serves them.

Teams are filled by quota (unit shares from the organisation, under-30s from the
calibration), and each client's attributes are then drawn *conditional on the team* so that
Helsinki's segmentation rules (`kohtaanto.domain.segmentation.DEFAULT_RULES`) hold exactly
for every client; the tests apply the rules back to the generated clients:

1. under 30 at registration -> youth team (the multi-professional youth team if they
   need multi-professional support);
2. foreign-language speaker within the integration period (arrived at most 3 years before
   registration) -> KOTO (Koto+1 if multi-professional support is needed, else Koto+2);
3. needs multi-professional support -> TKP multi-professional teams;
4. otherwise an adult team by education level, except that the light-service teams take a
   share of adult clients of any education level (the more employable ones).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from kohtaanto.domain.hetu import CHECK_CHARS
from kohtaanto.domain.organisation import Organisation
from kohtaanto.synthetic import calibration as cal
from kohtaanto.synthetic.names import NAMES
from kohtaanto.synthetic.vdates import as_datetime64, to_day, ymd

INTEGRATION_PERIOD_DAYS = 3 * 365
EDUCATION = ("none", "basic", "upper_secondary", "tertiary")
LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2", "native")
YOUTH_SEGMENTS = ("youth", "multiprofessional_youth")
MP_SEGMENTS = ("multiprofessional", "multiprofessional_youth", "integration_rehab")
KOTO_SEGMENTS = ("integration_rehab", "integration_career")
# Education distribution (none, basic, upper secondary, tertiary) by segment: assumption.
EDUCATION_BY_SEGMENT = {
    "youth": (0.04, 0.42, 0.44, 0.10),
    "multiprofessional_youth": (0.06, 0.62, 0.30, 0.02),
    "multiprofessional": (0.04, 0.48, 0.38, 0.10),
    "integration_rehab": (0.30, 0.35, 0.20, 0.15),
    "integration_career": (0.10, 0.25, 0.30, 0.35),
    "adult_basic": (0.08, 0.92, 0.0, 0.0),
    "adult_upper_secondary": (0.0, 0.0, 1.0, 0.0),
    "adult_tertiary": (0.0, 0.0, 0.0, 1.0),
    "light": (0.0, 0.15, 0.45, 0.40),
}
# Share registered before the 24-month window (the long-term stock), and the shift of the
# latent employability, by segment: tuned so that about half of the active stock is
# long-term unemployed (see tests/synthetic).
OLD_SHARE = {
    "youth": 0.15,
    "multiprofessional_youth": 0.35,
    "multiprofessional": 0.65,
    "integration_rehab": 0.40,
    "integration_career": 0.25,
    "adult_basic": 0.47,
    "adult_upper_secondary": 0.38,
    "adult_tertiary": 0.33,
    "light": 0.23,
}
Z_SHIFT = {
    "youth": 0.0,
    "multiprofessional_youth": -0.6,
    "multiprofessional": -0.7,
    "integration_rehab": -0.8,
    "integration_career": -0.2,
    "adult_basic": -0.2,
    "adult_upper_secondary": 0.0,
    "adult_tertiary": 0.2,
    "light": 0.5,
}
# Share of each segment's clients still job seekers at `as_of` (measured from the generator
# at the default settings). The organisation's client numbers and the calibration shares
# describe the *stock* at a date, so rows are drawn in proportion to stock / active rate:
# segments whose clients find work fast need more rows to leave the same stock.
SEGMENT_ACTIVE_RATE = {
    "youth": 0.256,
    "multiprofessional_youth": 0.399,
    "multiprofessional": 0.517,
    "integration_rehab": 0.620,
    "integration_career": 0.431,
    "adult_basic": 0.357,
    "adult_upper_secondary": 0.319,
    "adult_tertiary": 0.251,
    "light": 0.242,
}
FOREIGN_ACTIVE_RATIO = 1.15  # foreign-language clients stay a little longer within a segment
# Ages are drawn at registration but the statistics count ages at the statistics date: by
# `as_of` some youth-team clients have turned 30 and some adults 55. Tuned so that the active
# stock matches UNDER_30_SHARE, UNDER_25_SHARE and OVER_55_SHARE at `as_of`.
YOUTH_STILL_UNDER_30 = 0.863  # share of active youth-team clients still under 30 at as_of
P_UNDER_25_IN_YOUTH = 0.56  # at registration
P_OVER_55_IN_ADULTS = 0.28  # at registration
POSTAL_CODES = np.array(
    [f"00{n:03d}" for n in range(100, 1000, 10) if n not in (110, 230, 240, 290, 450, 460, 470, 480, 490)]
)


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    raw = total * weights / weights.sum()
    out = np.floor(raw).astype(np.int64)
    out[np.argsort(-(raw - out), kind="stable")[: total - out.sum()]] += 1
    return out


def stock_shares(org: Organisation, under30_share: float = cal.UNDER_30_SHARE) -> dict[str, float]:
    """Each team's share of the active stock: unit shares from the organisation, the youth
    teams together `under30_share`, other teams within a unit in proportion to their experts."""
    total = org.total_clients
    youth = [(u, t) for u in org.units for t in u.teams if t.segment in YOUTH_SEGMENTS]
    youth_w = np.array([t.experts * u.clients / sum(x.experts for x in u.teams) for u, t in youth])
    shares = {t.code: under30_share * w / youth_w.sum() for (_, t), w in zip(youth, youth_w, strict=True)}
    for u in org.units:
        rest = [t for t in u.teams if t.segment not in YOUTH_SEGMENTS]
        left = max(0.0, u.clients / total - sum(shares.get(t.code, 0.0) for t in u.teams))
        experts = sum(t.experts for t in rest)
        shares.update({t.code: left * t.experts / experts for t in rest})
    return shares


def team_quotas(org: Organisation, n: int) -> dict[str, int]:
    """Rows per team so that the active stock at `as_of` has the `stock_shares` mix."""
    segment = {t.code: t.segment for _, t in org.teams()}
    shares = stock_shares(org, cal.UNDER_30_SHARE / YOUTH_STILL_UNDER_30)
    weights = np.array([shares[code] / SEGMENT_ACTIVE_RATE.get(segment[code], 0.35) for code in shares])
    return dict(zip(shares, (int(k) for k in _largest_remainder(n, weights)), strict=True))


def _choice(rng: np.random.Generator, n: int, weights: dict[str, float] | tuple) -> np.ndarray:
    keys = list(weights) if isinstance(weights, dict) else list(range(len(weights)))
    p = np.array(list(weights.values()) if isinstance(weights, dict) else weights, dtype=float)
    return np.asarray(keys)[rng.choice(len(keys), size=n, p=p / p.sum())]


def _uniform_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return (lo + np.floor(rng.random(len(lo)) * np.maximum(hi - lo, 1))).astype(np.int32)


def _registration_days(
    rng: np.random.Generator, n: int, window_start: int, as_of: int, month_weights: tuple | None = None
) -> np.ndarray:
    """New registrations over the window with monthly seasonality (the area's weights,
    January to December; default Helsinki's calibrated ones)."""
    days = np.arange(window_start, as_of + 1, dtype=np.int32)
    months = as_datetime64(days).astype("datetime64[M]").astype(np.int64) % 12
    w = np.asarray(month_weights or cal.REGISTRATION_MONTH_WEIGHTS)[months]
    return rng.choice(days, size=n, p=w / w.sum())


def make_clients(
    rng: np.random.Generator,
    org: Organisation,
    n: int,
    as_of: int,
    window_start: int,
    newcomers: bool = False,
    month_weights: tuple | None = None,
) -> dict:
    """Client attributes as numpy arrays (dates as day numbers), rows in random order.

    `newcomers`: everyone registers within [window_start, as_of] (no older stock)."""
    quotas = team_quotas(org, n)
    team_of = {t.code: (u, t) for u, t in org.teams()}
    team = rng.permutation(np.repeat(np.array(list(quotas)), list(quotas.values())))
    unit = np.array([team_of[t][0].code for t in team])
    segment = np.array([team_of[t][1].segment for t in team])
    youth = np.isin(segment, YOUTH_SEGMENTS)
    koto = np.isin(segment, KOTO_SEGMENTS)
    needs_mp = np.isin(segment, MP_SEGMENTS)

    # Language: every KOTO client is foreign-language; elsewhere the share that makes 28 % of
    # the stock, corrected for foreign-language clients staying longer.
    shares = stock_shares(org, cal.UNDER_30_SHARE / YOUTH_STILL_UNDER_30)
    koto_stock = sum(v for k, v in shares.items() if k in set(team[koto]))
    stock_foreign = max(0.0, (cal.FOREIGN_LANGUAGE_SHARE - koto_stock) / (1 - koto_stock))
    p_foreign = stock_foreign / (stock_foreign + (1 - stock_foreign) * FOREIGN_ACTIVE_RATIO)
    foreign = koto | (rng.random(n) < p_foreign)
    p_sv = cal.SWEDISH_SPEAKER_SHARE / (1 - cal.FOREIGN_LANGUAGE_SHARE)
    tongue = np.where(rng.random(n) < p_sv, "sv", "fi").astype("<U2")
    tongue[foreign] = _choice(rng, int(foreign.sum()), cal.FOREIGN_TONGUE_WEIGHTS)
    language_group = np.where(foreign, "foreign", tongue)

    # Education by segment.
    edu = np.empty(n, dtype=np.int8)
    for seg, probs in EDUCATION_BY_SEGMENT.items():
        m = segment == seg
        edu[m] = _choice(rng, int(m.sum()), probs)

    # Registration: new in the window, or part of the older long-term stock.
    old = (rng.random(n) < np.vectorize(OLD_SHARE.get)(segment)) & (not newcomers)
    reg = _registration_days(rng, n, window_start, as_of, month_weights)
    back = 183 + np.minimum(rng.exponential(700.0, n), 10 * 365).astype(np.int32)
    reg = np.where(old, window_start - back, reg).astype(np.int32)

    # Age at registration (see P_UNDER_25_IN_YOUTH and P_OVER_55_IN_ADULTS).
    u = rng.random(n)
    age_years = np.where(
        youth,
        np.where(u < P_UNDER_25_IN_YOUTH, 18 + 7 * rng.random(n), 25 + 4.95 * rng.random(n)),
        np.where(u < P_OVER_55_IN_ADULTS, 55 + 9.9 * rng.random(n), 30.02 + 25 * rng.random(n)),
    )
    birth = (reg - np.floor(age_years * 365.25)).astype(np.int32)
    age_days = reg - birth

    # Arrival in Finland: within the integration period for KOTO, before it for other adults;
    # a third of foreign-language youth were born in Finland (no arrival date).
    arrival = np.full(n, -1, dtype=np.int32)
    lo_koto = reg - INTEGRATION_PERIOD_DAYS
    arrival[koto] = _uniform_days(rng, lo_koto[koto], reg[koto] - 14)
    adult_f = foreign & ~koto & ~youth
    lo = np.maximum(birth + 365, reg - 30 * 365)[adult_f]
    arrival[adult_f] = _uniform_days(rng, lo, (reg - INTEGRATION_PERIOD_DAYS - 1)[adult_f])
    youth_f = foreign & youth & (rng.random(n) > 1 / 3)
    arrival[youth_f] = _uniform_days(rng, (birth + 365)[youth_f], (reg - 14)[youth_f])

    # Language levels on the scale none, A1..C2, native.
    years_here = np.where(arrival >= 0, (reg - arrival) / 365.25, age_days / 365.25)
    fin = np.where(tongue == "fi", 7, 0)
    fin = np.where(tongue == "sv", _choice(rng, n, (0, 0, 0, 0.15, 0.3, 0.35, 0.2)), fin)
    mean = np.clip(0.4 + 0.45 * years_here, 0, 5.2) - 0.7 * (tongue == "en")
    foreign_fin = np.clip(np.rint(mean + rng.normal(0, 0.9, n)), 0, 6)
    fin = np.where(foreign, foreign_fin, fin).astype(np.int8)
    swe = np.where(
        tongue == "sv",
        7,
        np.where(foreign, _choice(rng, n, (0.85, 0.1, 0.05)), _choice(rng, n, (0.05, 0.2, 0.33, 0.28, 0.14))),
    ).astype(np.int8)

    gender = np.where(rng.random(n) < 0.47, "F", "M")  # men are a small majority of job seekers
    z = rng.normal(0, 1, n) + np.vectorize(Z_SHIFT.get)(segment)
    first, last = _names(rng, tongue, gender)
    return {
        "team": team,
        "unit": unit,
        "segment": segment,
        "mother_tongue": tongue,
        "language_group": language_group,
        "finnish_level": fin,
        "swedish_level": swe,
        "education": edu,
        "registration": reg,
        "old": old,
        "birth": birth,
        "gender": gender,
        "arrival": arrival,
        "needs_mp": needs_mp,
        "z": z,
        "first_name": first,
        "last_name": last,
        "postal_code": POSTAL_CODES[rng.integers(0, len(POSTAL_CODES), n)],
    }


def _names(rng: np.random.Generator, tongue: np.ndarray, gender: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    first = np.empty(len(tongue), dtype=object)
    last = np.empty(len(tongue), dtype=object)
    for lang, (f_first, m_first, f_last, m_last) in NAMES.items():
        for g, firsts, lasts in (("F", f_first, f_last), ("M", m_first, m_last)):
            m = (tongue == lang) & (gender == g)
            k = int(m.sum())
            first[m] = np.asarray(firsts, dtype=object)[rng.integers(0, len(firsts), k)]
            last[m] = np.asarray(lasts, dtype=object)[rng.integers(0, len(lasts), k)]
    return first, last


NEW_SIGNS_1900 = np.array(list("YXWVU"))
NEW_SIGNS_2000 = np.array(list("BCDEF"))
NEW_SIGNS_FROM = to_day(dt.date(2023, 1, 1))
TIERS = 1 + len(NEW_SIGNS_2000)  # the traditional century sign, then each 2023 sign


def make_hetus(
    rng: np.random.Generator, birth: np.ndarray, gender: np.ndarray, arrival: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Unique, valid codes with individual numbers 900-999 (never a real person's).

    Odd numbers for men, even for women; codes first issued from 2023 (immigrants who
    arrived then) use the new century signs. The range gives 50 codes per birth date and
    gender: beyond that (some dates from about a million clients on) the next 50 take the
    first new sign, the next 50 the second, and so on (the 2023 signs exist to add codes),
    so the birth dates stay as drawn. Returns the codes and the birth days (a client is
    moved a day only beyond 300 same-sex clients born on one day).
    """
    n = len(birth)
    birth = birth.copy()
    per_day = 50 * TIERS
    while True:  # at most 300 codes per birth date and gender: move the rare overflow a day
        order = np.lexsort((rng.random(n), gender, birth))
        key = birth[order].astype(np.int64) * 2 + (gender[order] == "M")
        starts = np.r_[True, key[1:] != key[:-1]]
        group_start = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n) - group_start
        if rank.max() < per_day:
            break
        birth[rank >= per_day] += 1
    offset = rng.integers(0, 50, n)  # the same date group shares a random offset via its first member
    first_of_group = np.empty(n, dtype=np.int64)
    first_of_group[order] = order[group_start]
    slot = (offset[first_of_group] + rank) % 50
    number = 900 + 2 * slot + (gender == "M")
    group = np.cumsum(starts) - 1
    crowded = np.empty(n, dtype=bool)  # more than 50 in the group: the signs tell the tiers apart
    crowded[order] = np.bincount(group)[group] > 50
    tier = rank // 50
    year, month, day = ymd(birth)
    ddmmyy = day * 10000 + month * 100 + year % 100
    check = np.asarray(list(CHECK_CHARS))[(ddmmyy * 1000 + number) % 31]
    new_sign = (arrival >= NEW_SIGNS_FROM) & (rng.random(n) < 0.5) & ~crowded
    sign = np.where(year >= 2000, "A", "-")
    pick = rng.integers(0, 5, n)
    pick = np.where(tier > 0, tier - 1, pick)
    new_sign |= tier > 0
    sign = np.where(new_sign, np.where(year >= 2000, NEW_SIGNS_2000[pick], NEW_SIGNS_1900[pick]), sign)
    return np.array(
        [
            f"{a:06d}{s}{b}{c}"
            for a, s, b, c in zip(
                ddmmyy.tolist(), sign.tolist(), number.tolist(), check.tolist(), strict=True
            )
        ],
        dtype=object,
    ), birth

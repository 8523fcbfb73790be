"""Finnish: 3.12.2026 (Kielitoimiston ohjepankki), the same in tables and running text."""

DATE_FORMAT = "j.n.Y"
SHORT_DATE_FORMAT = "j.n.Y"
DATETIME_FORMAT = "j.n.Y G.i"
SHORT_DATETIME_FORMAT = "j.n.Y G.i"
MONTH_DAY_FORMAT = "j.n."

"""Demo data for the subsidies pages (filled in by the demo installer)."""


def subsidies_demo_install(*, seed: int) -> dict[str, int]:
    """Idempotent: makes nothing when the demo already has it. Returns counts of what was made."""
    return {}

"""Demo data for the ohjaamo pages (filled in by the demo installer)."""


def ohjaamo_demo_install(*, seed: int) -> dict[str, int]:
    """Idempotent: makes nothing when the demo already has it. Returns counts of what was made."""
    return {}

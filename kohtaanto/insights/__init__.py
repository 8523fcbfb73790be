"""Knowledge-based management on the operational database: the pseudonymised extract, the
refresh job, the management dashboard (fi/sv/en), its CSV/Excel/JSON exports behind
disclosure control, and the case worker's employment outlook (decision support)."""

"""Reading the audit log: a client's own access log and the supervisors' access by worker.
It sits above accounts (it scopes by role and team), while the log itself (kohtaanto.audit)
sits below every app, which all write to it."""

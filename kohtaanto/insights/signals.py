"""What the dashboard tells the layers above it. The job layer (kohtaanto.jobs) sits above
insights and answers a requested refresh by queueing it; insights never imports jobs."""

from django.dispatch import Signal

# Sent once the transaction that created a queued Refresh has committed.
refresh_requested = Signal()

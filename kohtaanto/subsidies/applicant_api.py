"""The applicant side of the subsidy API: employers' representatives and start-up grant applicants."""

from ninja import Router

router = Router(tags=["subsidies"])

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services


@login_required
@require_http_methods(["GET", "POST"])
def jobs_page(request):
    """The administrator's view of background work; POST starts a job now."""
    schedule = selectors.schedule(actor=request.user)  # refuses non-administrators first
    if request.method == "POST":
        try:
            services.job_enqueue(
                actor=request.user, job=request.POST.get("job", ""), request_id=request.request_id
            )
        except ValidationError:
            messages.error(request, _("Unknown job."))
        else:
            messages.success(request, _("The job was queued; the worker starts it within seconds."))
        return redirect("jobs_page")
    return render(
        request, "jobs/jobs.html", {"schedule": schedule, "runs": selectors.recent_runs(actor=request.user)}
    )

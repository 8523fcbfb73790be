"""Client portal screens and the worker's message thread. Thin: parse, call, render."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kohtaanto.accounts import policy
from kohtaanto.clients.models import Client

from . import reschedule, selectors, services
from .forms import FeedbackForm, MessageForm, RescheduleForm


def client_only(view):
    """Portal pages answer 403 to every role but the client, before anything is read."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not policy.is_client(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped, login_url="portal_signin")


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


@client_only
def portal_home(request):
    if not Client.objects.filter(user=request.user).exists():
        return redirect("portal_register")  # identified, not yet a job seeker
    overview = selectors.portal_overview(actor=request.user, request_id=request.request_id)
    return render(request, "portal/home.html", {"o": overview})


@client_only
@require_POST
def plan_acknowledge(request):
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.plan_acknowledge(actor=request.user, version=version, request_id=request.request_id)
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("Thank you. You have accepted your plan."))
    return redirect("portal_home")


@client_only
@require_http_methods(["GET", "POST"])
def portal_messages(request):
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(
                actor=request.user, body=form.cleaned_data["body"], request_id=request.request_id
            )
        except ValidationError as exc:
            form.add_error("body", _errors(exc))
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("portal_messages")
    thread = services.message_thread_open(actor=request.user, request_id=request.request_id)
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/messages.html", {"thread": thread, "form": form}, status=status)


def _feedback_page(request, *, context: dict, given, is_open: bool, target: dict):
    """The feedback form for one meeting or one service; `target` names it for the service."""
    initial = {"language": (translation.get_language() or "fi")[:2]}
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and given is None and is_open and form.is_valid():
        try:
            services.feedback_give(
                actor=request.user,
                score=form.cleaned_data["score"],
                text=form.cleaned_data["text"],
                language=form.cleaned_data["language"] or initial["language"],
                request_id=request.request_id,
                **target,
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("portal_home")
    status = 422 if request.method == "POST" else 200
    context = {**context, "given": given, "is_open": is_open, "form": form}
    return render(request, "portal/feedback.html", context, status=status)


@client_only
@require_http_methods(["GET", "POST"])
def meeting_feedback(request, meeting_id: int):
    view = selectors.portal_meeting(actor=request.user, meeting_id=meeting_id, request_id=request.request_id)
    return _feedback_page(
        request,
        context={"meeting": view.meeting},
        given=view.feedback,
        is_open=view.meeting.status == "held",
        target={"meeting_id": view.meeting.pk},
    )


@client_only
@require_http_methods(["GET", "POST"])
def referral_feedback(request, referral_id: int):
    view = selectors.portal_referral(
        actor=request.user, referral_id=referral_id, request_id=request.request_id
    )
    return _feedback_page(
        request,
        context={"referral": view.referral},
        given=view.feedback,
        is_open=view.referral.can_give_feedback,
        target={"service_ref": view.referral.ref},
    )


@client_only
def portal_consents(request):
    rows = selectors.portal_network(actor=request.user, request_id=request.request_id)
    return render(request, "portal/consents.html", {"rows": rows})


@client_only
@require_POST
def consent_withdraw(request, consent_id: int):
    row = services.network_consent_withdraw(
        actor=request.user, consent_id=consent_id, request_id=request.request_id
    )
    messages.success(
        request,
        _("You withdrew your consent. %(name)s can no longer see your information.")
        % {"name": row.member.display_name},
    )
    return redirect("portal_consents")


@login_required
@require_http_methods(["GET", "POST"])
def staff_messages(request, client_id: int):
    """The worker's side of the thread: a page, or the partial the client page loads."""
    if request.user.role not in selectors.MESSAGE_STAFF_ROLES:
        raise PermissionDenied
    form = MessageForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(
                actor=request.user,
                client_id=client_id,
                body=form.cleaned_data["body"],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            form.add_error("body", _errors(exc))
        else:
            if not request.htmx:
                messages.success(request, _("Your message was sent."))
                return redirect("staff_messages", client_id=client_id)
            sent, form = True, MessageForm()
    thread = services.message_thread_open(
        actor=request.user, client_id=client_id, request_id=request.request_id
    )
    context = {"thread": thread, "c": thread.client, "form": form, "sent": sent}
    if request.htmx:
        # htmx swaps only 2xx answers, so a form error comes back as 200 with the error shown.
        return render(request, "portal/_staff_thread.html", context)
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/staff_messages.html", context, status=status)


@client_only
@require_http_methods(["GET", "POST"])
def meeting_reschedule(request, meeting_id: int):
    """The client asks to move an upcoming meeting; the worker decides and books the new time."""
    meeting = reschedule.meeting_of(actor=request.user, meeting_id=meeting_id)
    form = RescheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reschedule.reschedule_request(
                actor=request.user,
                meeting_id=meeting.pk,
                reason=form.cleaned_data["reason"],
                preferred=form.cleaned_data["preferred"],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Your request was sent to your worker, who will book a new time."))
            return redirect("portal_home")
    status = 422 if request.method == "POST" else 200
    return render(request, "portal/reschedule.html", {"meeting": meeting, "form": form}, status=status)


@login_required
@require_POST
def reschedule_handled(request, client_id: int, request_pk: int):
    reschedule.reschedule_handle(
        actor=request.user, client_id=client_id, request_pk=request_pk, request_id=request.request_id
    )
    messages.success(request, _("The request is marked handled."))
    return redirect("client_page", client_id)

"""Vacancy pages for employer staff and representatives: the pipeline, a new or changed
vacancy with ESCO suggestions from its title, one vacancy with its shortlist and introduced
candidates. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kohtaanto.accounts import policy
from kohtaanto.market.consents import ConsentRequired
from kohtaanto.organisation.models import Municipality
from kohtaanto.organisation.tenancy import area_code_of
from kohtaanto.web.forms import add_service_errors, date_field, int_param

from . import access, vacancy_selectors, vacancy_services
from .models import Candidate, CandidateStatus, Contract, Employer, Stage
from .vacancies import occupation_suggestions

WORKING_TIME = [
    ("full_time", gettext_lazy("full-time")),
    ("part_time", gettext_lazy("part-time")),
    ("shift", gettext_lazy("shift work")),
]
LANGUAGES = [
    ("fi", gettext_lazy("Finnish")),
    ("sv", gettext_lazy("Swedish")),
    ("en", gettext_lazy("English")),
]


class VacancyForm(forms.Form):
    employer = forms.TypedChoiceField(label=gettext_lazy("Employer"), coerce=int)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    occupation_uri = forms.CharField(label=gettext_lazy("Occupation (ESCO)"), required=False, max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    municipality = forms.CharField(
        label=gettext_lazy("Municipality code"),
        max_length=3,
        help_text=gettext_lazy("Three digits, from Statistics Finland's classification of municipalities."),
        widget=forms.TextInput(attrs={"list": "municipality-codes", "inputmode": "numeric"}),
    )
    postal_code = forms.CharField(label=gettext_lazy("Postal code"), required=False, max_length=5)
    weekly_hours = forms.DecimalField(
        label=gettext_lazy("Weekly hours"), required=False, max_digits=4, decimal_places=1
    )
    working_time = forms.ChoiceField(label=gettext_lazy("Working time"), choices=WORKING_TIME)
    contract = forms.ChoiceField(label=gettext_lazy("Contract"), choices=Contract.choices)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Language requirements"),
        required=False,
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = date_field(label=gettext_lazy("Start date"), required=False)
    apply_by = date_field(label=gettext_lazy("Apply by"), required=False)
    positions = forms.IntegerField(label=gettext_lazy("Positions"), min_value=1, max_value=500, initial=1)
    subsidy_interest = forms.BooleanField(label=gettext_lazy("Interested in subsidies"), required=False)

    def __init__(self, *args, employers: list[Employer], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [(e.pk, e.name) for e in employers]
        self.fields["title"].widget.attrs.update(
            {
                "hx-get": "/employers/vacancies/suggest/",
                "hx-trigger": "change, keyup changed delay:600ms",
                "hx-target": "#occupation-suggestions",
                "autocomplete": "off",
            }
        )

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("employer", "languages")}
        data["languages"] = [{"code": code, "level": "good"} for code in self.cleaned_data["languages"]]
        return {
            k: ("" if v is None and k in ("postal_code", "occupation_uri") else v) for k, v in data.items()
        }


EDITORS = policy.VACANCY_STAFF | policy.REPRESENTATIVES


def _only(roles: frozenset):
    """403 for other roles before anything is read (the write matrix's rule)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not policy.has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate


def _employers_for(user, wanted: int | None) -> list[Employer]:
    """Representatives choose among their mandates; staff come from the employer's page."""
    if policy.has_role(user, policy.REPRESENTATIVES):
        return list(Employer.objects.filter(access.employer_scope(user)))
    if not policy.has_role(user, policy.VACANCY_STAFF):
        raise PermissionDenied
    return list(Employer.objects.filter(access.employer_scope(user), pk=wanted)) if wanted else []


@login_required
def vacancy_pipeline(request):
    mine = request.GET.get("mine", "") == "1"
    columns = vacancy_selectors.pipeline(request.user, mine=mine)
    context = {
        "columns": columns,
        "mine": mine,
        "can_add": policy.has_role(request.user, policy.REPRESENTATIVES | policy.VACANCY_STAFF),
        "representative": policy.has_role(request.user, policy.REPRESENTATIVES),
    }
    return render(request, "employers/pipeline.html", context)


def _default_municipality(user, employer) -> str:
    """Where a new vacancy most likely is: the staff member's own area; for a representative,
    the area that keeps the employer's record, else where the employer's last vacancy was."""
    code = area_code_of(user) or (employer.area.code if employer.area_id else "")
    if code:
        return code
    last = employer.vacancies.exclude(municipality="").order_by("-created_at").first()
    return last.municipality if last else ""


def _form_page(request, vacancy=None):
    wanted = (
        vacancy.employer_id
        if vacancy
        else int_param(request.GET.get("employer") or request.POST.get("employer"))
    )
    employers = _employers_for(request.user, wanted)
    if not employers:
        messages.info(request, _("Open the employer first and add the vacancy from there."))
        return redirect("employer_list")
    initial = {"employer": employers[0].pk, "municipality": _default_municipality(request.user, employers[0])}
    if vacancy is not None:
        initial |= {
            f: getattr(vacancy, f)
            for f in VacancyForm.base_fields
            if f not in ("employer", "languages") and hasattr(vacancy, f)
        }
        initial["languages"] = [lang["code"] for lang in vacancy.languages]
    form = VacancyForm(request.POST or None, employers=employers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if vacancy is None:
                saved = vacancy_services.vacancy_create(
                    actor=request.user,
                    employer_id=form.cleaned_data["employer"],
                    data=form.service_data(),
                    request_id=request.request_id,
                )
            else:
                saved = vacancy_services.vacancy_update(
                    actor=request.user,
                    vacancy_id=vacancy.pk,
                    data=form.service_data(),
                    request_id=request.request_id,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The vacancy was saved."))
            return redirect("vacancy_detail", saved.pk)
    suggestions = (
        occupation_suggestions(form["title"].value() or "", lang=request.LANGUAGE_CODE) if vacancy else []
    )
    context = {
        "form": form,
        "vacancy": vacancy,
        "suggestions": suggestions,
        # The installed areas' municipalities, offered as the field's suggestions.
        "municipalities": Municipality.objects.order_by("code").values_list("code", "name"),
    }
    return render(request, "employers/vacancy_form.html", context, status=422 if form.errors else 200)


@_only(EDITORS)
@require_http_methods(["GET", "POST"])
def vacancy_new(request):
    return _form_page(request)


@_only(EDITORS)
@require_http_methods(["GET", "POST"])
def vacancy_edit(request, vacancy_id: int):
    vacancy = vacancy_selectors.vacancy_get(request.user, vacancy_id)
    if not access.can_edit(request.user, vacancy):
        raise PermissionDenied
    return _form_page(request, vacancy)


@_only(EDITORS)
@require_GET
def vacancy_suggest(request):
    title = request.GET.get("title", "")[:200]
    suggestions = occupation_suggestions(title, lang=request.LANGUAGE_CODE)
    return render(request, "employers/_suggestions.html", {"suggestions": suggestions, "chosen": ""})


@login_required
def vacancy_detail(request, vacancy_id: int):
    vacancy = vacancy_selectors.vacancy_get(request.user, vacancy_id)
    can_shortlist = access.can_shortlist(request.user, vacancy)
    can_edit = access.can_edit(request.user, vacancy)
    context = {
        "v": vacancy,
        "stage_times": vacancy_selectors.stage_times(vacancy),
        "applications": vacancy_selectors.applications(vacancy),
        "stages": Stage.choices,
        "can_edit": can_edit,
        "can_shortlist": can_shortlist,
        "shortlist": vacancy_selectors.shortlist(request.user, vacancy) if can_shortlist else None,
        "introduced": vacancy_selectors.introduced(request.user, vacancy, request_id=request.request_id)
        if can_edit or can_shortlist
        else [],
        "Status": CandidateStatus,
    }
    return render(request, "employers/vacancy_detail.html", context)


def _back(request, vacancy_id: int, call) -> object:
    """Run a write from the vacancy page and return to it with the outcome as a message."""
    try:
        call()
    except (ValidationError, ConsentRequired) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    else:
        messages.success(request, _("Saved."))
    return redirect("vacancy_detail", vacancy_id)


@_only(EDITORS)
@require_POST
def vacancy_stage(request, vacancy_id: int):
    return _back(
        request,
        vacancy_id,
        lambda: vacancy_services.vacancy_stage(
            actor=request.user,
            vacancy_id=vacancy_id,
            stage=request.POST.get("stage", ""),
            request_id=request.request_id,
        ),
    )


@_only(policy.VACANCY_STAFF)
@require_POST
def shortlist_make(request, vacancy_id: int):
    vacancy_selectors.vacancy_get(request.user, vacancy_id)
    return _back(
        request,
        vacancy_id,
        lambda: vacancy_services.shortlist_make(
            actor=request.user,
            vacancy_id=vacancy_id,
            top=int_param(request.POST.get("top"), 20) or 20,
            request_id=request.request_id,
        ),
    )


@_only(policy.VACANCY_STAFF)
@require_POST
def candidate_ask(request, vacancy_id: int, candidate_id: int):
    vacancy_selectors.vacancy_get(request.user, vacancy_id)
    return _back(
        request,
        vacancy_id,
        lambda: vacancy_services.candidate_ask(
            actor=request.user, candidate_id=_of(vacancy_id, candidate_id), request_id=request.request_id
        ),
    )


@_only(EDITORS)
@require_POST
def candidate_progress(request, vacancy_id: int, candidate_id: int):
    vacancy_selectors.vacancy_get(request.user, vacancy_id)
    form = forms.Form(request.POST)
    form.fields["interview_on"] = date_field(required=False)
    form.fields["start"] = date_field(required=False)
    form.fields["end"] = date_field(required=False)
    data = form.cleaned_data if form.is_valid() else {}
    return _back(
        request,
        vacancy_id,
        lambda: vacancy_services.candidate_progress(
            actor=request.user,
            candidate_id=_of(vacancy_id, candidate_id),
            status=request.POST.get("status", ""),
            interview_on=data.get("interview_on"),
            start=data.get("start"),
            end=data.get("end"),
            request_id=request.request_id,
        ),
    )


def _of(vacancy_id: int, candidate_id: int) -> int:
    """The candidate must be on this vacancy (URLs name both)."""
    if not Candidate.objects.filter(pk=candidate_id, vacancy_id=vacancy_id).exists():
        raise Http404("candidate not found")
    return candidate_id

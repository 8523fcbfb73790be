"""Self-service screens: the client's catalogue, referral requests and documents, and the
worker's side of them. Thin: parse, call, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kohtaanto.web.forms import add_service_errors, int_param

from . import documents, selfservice
from .models import REFERRAL_REQUEST_MAX
from .views import client_only


class RequestForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to your worker (you can leave this empty)"),
        required=False,
        max_length=REFERRAL_REQUEST_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REFERRAL_REQUEST_MAX}),
    )


class UploadForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("What is it? (e.g. CV, certificate)"), max_length=200, required=False
    )
    file = forms.FileField(
        label=gettext_lazy("File (PDF, PNG, JPEG, DOCX or ODT)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.odt"}),
    )


@client_only
def services(request):
    query = request.GET.get("q", "")[:100]
    page = selfservice.portal_services(
        actor=request.user,
        query=query,
        page=int_param(request.GET.get("page"), 1) or 1,
        request_id=request.request_id,
    )
    context = {"page": page, "q": query, "query": urlencode({"q": query}) if query else ""}
    return render(request, "portal/services.html", context)


@client_only
@require_http_methods(["GET", "POST"])
def service_detail(request, service_id: int):
    service, asked = selfservice.portal_service(actor=request.user, service_id=service_id)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            selfservice.referral_request(
                actor=request.user,
                service_id=service_id,
                message=form.cleaned_data["message"],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your worker sees your request and answers you."))
            return redirect("portal_service", service_id)
    status = 422 if form.errors else 200
    return render(request, "portal/service.html", {"s": service, "asked": asked, "form": form}, status=status)


@client_only
@require_http_methods(["GET", "POST"])
def my_documents(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            documents.document_upload(
                actor=request.user,
                title=form.cleaned_data["title"],
                filename=upload.name,
                data=upload.read(documents.read_limit()),
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document was saved. Your worker can see it."))
            return redirect("portal_documents")
    rows = documents.own_documents(actor=request.user)
    status = 422 if form.errors else 200
    return render(request, "portal/documents.html", {"form": form, "documents": rows}, status=status)


def download(file: documents.File) -> HttpResponse:
    """A document as an attachment, never rendered inline or cached."""
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@client_only
def my_document(request, document_id: int):
    return download(
        documents.document_open(actor=request.user, document_id=document_id, request_id=request.request_id)
    )


@client_only
@require_POST
def my_document_delete(request, document_id: int):
    documents.document_delete(actor=request.user, document_id=document_id, request_id=request.request_id)
    messages.success(request, _("The document was removed."))
    return redirect("portal_documents")


@login_required
def client_document(request, client_id: int, document_id: int):
    file = documents.document_open(
        actor=request.user, client_id=client_id, document_id=document_id, request_id=request.request_id
    )
    return download(file)


@login_required
@require_POST
def referral_request_handled(request, client_id: int, request_pk: int):
    selfservice.referral_request_handle(
        actor=request.user, client_id=client_id, request_pk=request_pk, request_id=request.request_id
    )
    messages.success(request, _("The request is marked handled."))
    return redirect("client_page", client_id)

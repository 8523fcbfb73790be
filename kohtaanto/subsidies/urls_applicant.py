"""The applicants' pages: the employer's representative under /subsidies/employer/, the
client's start-up grant in the portal."""

from django.urls import path

from . import applicant_views as v

E = "subsidies/employer/"
S = "portal/start-up-grant/"

urlpatterns = [
    path(E, v.employer_list, name="subsidy_employer_list"),
    path(f"{E}new/", v.employer_new, name="subsidy_employer_new"),
    path(f"{E}<int:application_id>/", v.employer_detail, name="subsidy_employer_detail"),
    path(f"{E}<int:application_id>/attachments/", v.employer_attach, name="subsidy_employer_attach"),
    path(f"{E}<int:application_id>/submit/", v.employer_submit, name="subsidy_employer_submit"),
    path(f"{E}<int:application_id>/answer/", v.employer_answer, name="subsidy_employer_answer"),
    path(f"{E}<int:application_id>/payments/new/", v.employer_payment, name="subsidy_employer_payment"),
    path(S, v.startup_list, name="portal_startup_list"),
    path(f"{S}new/", v.startup_new, name="portal_startup_new"),
    path(f"{S}<int:application_id>/", v.startup_detail, name="portal_startup_detail"),
    path(f"{S}<int:application_id>/attachments/", v.startup_attach, name="portal_startup_attach"),
    path(f"{S}<int:application_id>/submit/", v.startup_submit, name="portal_startup_submit"),
    path(f"{S}<int:application_id>/answer/", v.startup_answer, name="portal_startup_answer"),
    path(f"{S}<int:application_id>/claims/new/", v.startup_payment, name="portal_startup_payment"),
    path(f"{S}<int:application_id>/continuation/", v.startup_continue, name="portal_startup_continue"),
]

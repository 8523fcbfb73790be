"""/api/v1/ohjaamo/...: visits, paper surveys and the unit's figures for Ohjaamo staff;
/api/v1/portal/ohjaamo-survey: the client's own answer. Same services as the pages."""

from __future__ import annotations

from datetime import date

from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth

from . import services
from .models import AgeGroup, Topic, Transition
from .selectors import ohjaamo_counts, survey_questions

router = Router(tags=["Ohjaamo"], auth=role_auth(*policy.OHJAAMO_STAFF))
portal_router = Router(tags=["Ohjaamo"], auth=role_auth(*policy.CLIENTS))


class VisitIn(Schema):
    date: date
    topic: Topic
    age_group: AgeGroup | None = None
    transition: Transition = Transition.NONE
    client_number: str = Field("", max_length=20)


class VisitOut(Schema):
    id: int
    date: date
    topic: str
    anonymous: bool
    age_group: str
    transition: str


class Answer(Schema):
    question: str = Field(..., max_length=40)
    value: int


class SurveyIn(Schema):
    answers: list[Answer] = Field(..., max_length=50)


class SurveyOut(Schema):
    id: int
    year: int
    channel: str
    survey_version: str


class QuestionOut(Schema):
    id: str
    kind: str
    min: int
    max: int
    text: str


class SurveyQuestionsOut(Schema):
    version: str
    questions: list[QuestionOut]


class AgeTopicRow(Schema):
    age_group: str
    work: int | None
    education: int | None
    livelihood: int | None
    housing: int | None
    wellbeing: int | None
    life_skills: int | None
    other: int | None


class TransitionRow(Schema):
    transition: str
    visits: int | None


class SurveyRow(Schema):
    question: str
    answers: int
    mean: float | None


class CountsOut(Schema):
    year: int
    total: int | None
    by_age_topic: list[AgeTopicRow]
    transitions: list[TransitionRow]
    survey: list[SurveyRow]


def _answers(payload: SurveyIn) -> dict[str, int]:
    return {a.question: a.value for a in payload.answers}


@router.post("/visits", response={201: VisitOut}, summary="Record a visit (anonymous unless a client number)")
def visit_post(request, payload: VisitIn):
    data = payload.dict()
    data["age_group"] = data["age_group"] or ""
    visit = services.visit_record(actor=request.user, request_id=request.request_id, **data)
    return Status(201, visit)


@router.get("/counts", response=CountsOut, summary="The unit's visits, transitions and survey (suppressed)")
def counts(request, year: int | None = None):
    found = ohjaamo_counts(actor=request.user, year=year, request_id=request.request_id)
    return found.__dict__


@router.post("/surveys", response={201: SurveyOut}, summary="Enter a paper survey sheet")
def survey_paper(request, payload: SurveyIn):
    row = services.survey_paper_enter(
        actor=request.user, answers=_answers(payload), request_id=request.request_id
    )
    return Status(201, row)


def _questions() -> dict:
    from .selectors import _lang

    survey = survey_questions()
    return {
        "version": survey.id,
        "questions": [
            {"id": q.id, "kind": q.kind, "min": q.min, "max": q.max, "text": q.label(_lang())}
            for q in survey.questions
        ],
    }


@router.get("/survey-questions", response=SurveyQuestionsOut, summary="The survey's questions in force")
def questions_staff(request):
    return _questions()


@portal_router.get("/ohjaamo-survey", response=SurveyQuestionsOut, summary="The Ohjaamo survey's questions")
def questions_portal(request):
    return _questions()


@portal_router.post("/ohjaamo-survey", response={201: SurveyOut}, summary="Answer the Ohjaamo survey")
def survey_portal(request, payload: SurveyIn):
    row = services.survey_portal_answer(
        actor=request.user, answers=_answers(payload), request_id=request.request_id
    )
    return Status(201, row)

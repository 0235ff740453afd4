"""API of matching (issue 15): `/api/matches/?seeker=<id>` (vacancies for a seeker) and `/api/matches/?vacancy=<id>`
(seekers for a vacancy), best first, each with its score and its reasons in the request's language.

Needs `view_seeker` (403 otherwise); the seeker or vacancy is read through the restricted queryset (another
centre's: 404), and so are the vacancies or seekers offered (only those the caller may see). A seeker's name and
phone are never in this list: the seeker's id is, for the seeker pages.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ErrorDetail, NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.core.errors import ErrorCode
from iljari.employment import matching
from iljari.employment.models import Centre, Seeker, Vacancy

from . import params

BIGINT_MAX = 2**63 - 1


class MatchParams(serializers.Serializer):
    seeker = params.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    vacancy = params.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    limit = params.IntegerField(required=False, min_value=1, max_value=50)
    as_of = params.DateField(required=False, help_text="default: today")
    lang = serializers.ChoiceField(choices=["ko", "en"], required=False,
                                   help_text="the reasons' language (default: Accept-Language, else ko)")


def _lang(request: Request, asked: str | None) -> str:
    """The reasons' language: `lang=ko|en`, else the request's Accept-Language (the API's own messages are English
    whatever is asked: core.middleware.ApiLanguageMiddleware), else Korean."""
    if asked:
        return asked
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")[:200]):
        if code.startswith("en"):
            return "en"
        if code.startswith("ko"):
            return "ko"
    return "ko"


def _reasons(m: matching.Match, lang: str) -> list[dict]:
    return [{"text": r.en if lang == "en" else r.ko, "text_ko": r.ko, "text_en": r.en, "good": r.good}
            for r in m.reasons]


@extend_schema(
    parameters=[OpenApiParameter("seeker", int, description="vacancies for this seeker"),
                OpenApiParameter("vacancy", int, description="seekers for this vacancy"),
                OpenApiParameter("limit", int, description="1-50, default 10"),
                OpenApiParameter("as_of", OpenApiTypes.DATE, description="vacancies open on this day (default today)"),
                OpenApiParameter("lang", str, enum=["ko", "en"], description="the reasons' language")],
    responses={200: OpenApiTypes.OBJECT})
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def matches_view(request: Request) -> Response:
    """Matches with their reasons: give exactly one of `seeker` and `vacancy`."""
    if not policy.allows(request.user, "view_seeker"):
        raise PermissionDenied()
    p = params.parse(MatchParams, request.query_params)
    if ("seeker" in p) == ("vacancy" in p):
        raise ValidationError({"seeker": [ErrorDetail("give exactly one of seeker and vacancy",
                                                      code=ErrorCode.INVALID)]})
    limit = p.get("limit", 10)
    lang = _lang(request, p.get("lang"))
    if "seeker" in p:
        seeker = (Seeker.objects.restrict(request.user, "view_seeker")
                  .select_related("person", "home_district").filter(pk=p["seeker"]).first())
        if seeker is None:
            raise NotFound("no such seeker / 해당 구직자가 없습니다")
        # a vacancy is seen through its centre (its scope is the centre's unit): the centres seen, on the
        # open vacancies' arrays kept in the process
        visible = Centre.objects.restrict(request.user, "view_seeker").values_list("pk", flat=True)
        found = matching.vacancies_for_seeker(seeker, limit=limit, as_of=p.get("as_of") or _today(),
                                              centres=list(visible))
        return Response({"seeker": seeker.pk, "results": [
            {"vacancy": m.vacancy.pk, "title": m.vacancy.title, "occupation": m.vacancy.occupation.code,
             "district": m.vacancy.district.code, "wage_type": m.vacancy.wage_type, "wage": m.vacancy.wage,
             "hours_per_week": m.vacancy.hours_per_week, "score": m.score, "reasons": _reasons(m, lang)}
            for m in found]})
    vacancy = Vacancy.objects.restrict(request.user, "view_seeker").filter(pk=p["vacancy"]).first()
    if vacancy is None:
        raise NotFound("no such vacancy / 해당 구인이 없습니다")
    found = matching.seekers_for_vacancy(
        vacancy, limit=limit, as_of=p.get("as_of"),
        queryset=Seeker.objects.restrict(request.user, "view_seeker").filter(status=Seeker.Status.ACTIVE))
    return Response({"vacancy": vacancy.pk, "results": [
        {"seeker": m.seeker.pk, "home_district": m.seeker.home_district.code if m.seeker.home_district else None,
         "score": m.score, "reasons": _reasons(m, lang)} for m in found]})


def _today():  # type: ignore[no-untyped-def]

    return timezone.localdate()

"""API of the open calls (공모, issue 17, slice "calls"): calls, their ranked lists and applications, and the
reviewers' scoring. Who may see what is the officer pages' own check (`cases.call_views`); every write is a
service of `cases.calls` (which checks, locks, writes the history and the audit row); nothing is decided here.

`/api/calls/` and `/api/calls/{code}/`: the calls the user may see — a published call (public anyway, on
/grants/calls/) for anyone signed in; an unpublished one for the officers who see it on /cases/calls/ (the owning
office, the officers of a district it takes, global roles) — with dates, state, categories and their amounts,
districts, and each review stage's rubric (criteria with weights, cut-off, blind, normalisation, quotas).
`/api/calls/{code}/ranking/`: each review stage's ranked list (`cases.ranking.ranked_list`, from the stored
scores), for the owning office, the portfolio office and administrators (a district that takes the call: 403).
`/api/calls/{code}/applications/`: the call's cases the user may see (`Case.objects.restrict(user, "view_case")`)
with the score and rank the case page shows. For both: a role without `view_case` 403, a call the officer pages
would not show 404 (as /cases/calls/{code}/).

`/api/reviews/` (`review_case`, else 403): my assignments with the cases waiting at each stage;
`/api/reviews/{case_id}/`: the case as the review page shows it (GET) or my scores (POST `{scores: {criterion
code: score}, comment}` → `calls.review_submit`: 400 with every problem, `recused`, 409 when already in);
`/api/reviews/{case_id}/recuse/` (POST `{reason}` → `calls.review_recuse`). A case I am not assigned to at its
stage is 404. Blind review hides the organisation (name, legal form, business number), its district and the
documents' file names, as the review pages do. Errors in the API's one shape (iljari.api.errors).
"""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.cases import calls as svc
from iljari.cases.call_public_views import _state
from iljari.cases.call_views import _blind, _reviewable, _sees
from iljari.cases.codes import doc_type_label
from iljari.cases.models import Call, Case, Review, ReviewerAssignment, Stage
from iljari.cases.ranking import Entry, ranked_list, reviewer_names
from iljari.core.context import change_context
from iljari.core.errors import ServiceError

from . import params

CALL_CODE_MAX = 40  # Call.code
SCORE = {"max_digits": None, "decimal_places": 2, "allow_null": True}


# ------------------------------------------------------------------------------------------------ calls


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    ko = serializers.CharField()
    en = serializers.CharField(allow_blank=True, default="")
    amount = serializers.IntegerField(help_text="won, to each organisation selected in this category")


class DistrictSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ko = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ko = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    weight = serializers.IntegerField(help_text="its share of 100 points")
    max_score = serializers.IntegerField(help_text="each reviewer scores 0..max_score")


class RubricSerializer(serializers.Serializer):
    stage = serializers.CharField(help_text="the review stage's code")
    stage_name_ko = serializers.CharField()
    stage_name_en = serializers.CharField(allow_blank=True)
    cutoff = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                      help_text="the score a case needs to pass (null: the stage has no rubric)")
    blind = serializers.BooleanField(help_text="reviewers do not see the organisation")
    normalise = serializers.BooleanField(help_text="totals normalised across reviewers (docs/cases.md)")
    reviewers_min = serializers.IntegerField(allow_null=True)
    quotas = serializers.DictField(child=serializers.IntegerField(),
                                   help_text="district code → the most cases of that district that may pass")
    criteria = CriterionSerializer(many=True)


def _criteria(rubric: Any) -> list[dict[str, Any]]:
    if rubric is None:
        return []
    return [{"code": c.code, "name_ko": c.name_ko, "name_en": c.name_en, "weight": c.weight,
             "max_score": c.max_score} for c in rubric.criteria.all()]


def _rubric(stage: Stage) -> dict[str, Any]:
    rubric = getattr(stage, "rubric", None)
    return {"stage": stage.code, "stage_name_ko": stage.name_ko, "stage_name_en": stage.name_en,
            "cutoff": rubric.cutoff if rubric else None, "blind": bool(rubric and rubric.blind),
            "normalise": bool(rubric and rubric.normalise),
            "reviewers_min": rubric.reviewers_min if rubric else None,
            "quotas": {str(k): int(v) for k, v in (rubric.quotas or {}).items()} if rubric else {},
            "criteria": _criteria(rubric)}


class CallSerializer(serializers.ModelSerializer):
    flow = serializers.CharField(source="flow.code")
    owner = serializers.CharField(source="flow.program.owner_org.code", help_text="the office that runs the call")
    state = serializers.SerializerMethodField(
        help_text="draft (not published), soon (published, not yet open), open, closed")
    categories = serializers.SerializerMethodField()
    districts = serializers.SerializerMethodField(help_text="the districts that take applications")
    review_stages = serializers.SerializerMethodField()
    applications = serializers.SerializerMethodField(help_text="how many of its applications you may see")

    class Meta:
        model = Call
        fields = ["code", "year", "title_ko", "title_en", "summary_ko", "summary_en", "flow", "owner", "opens_on",
                  "closes_on", "published", "state", "categories", "districts", "review_stages", "applications",
                  "version"]

    def get_state(self, obj: Call) -> str:
        return _state(obj, timezone.localdate()) if obj.published else "draft"

    @extend_schema_field(CategorySerializer(many=True))
    def get_categories(self, obj: Call) -> list[dict[str, Any]]:
        return [{"code": str(c.get("code") or ""), "ko": str(c.get("ko") or ""), "en": str(c.get("en") or ""),
                 "amount": int(c.get("amount") or 0)} for c in obj.categories or [] if isinstance(c, dict)]

    @extend_schema_field(DistrictSerializer(many=True))
    def get_districts(self, obj: Call) -> list[dict[str, Any]]:
        return [{"code": link.district.code, "name_ko": link.district.name_ko, "name_en": link.district.name_en}
                for link in obj.district_links.all()]

    @extend_schema_field(RubricSerializer(many=True))
    def get_review_stages(self, obj: Call) -> list[dict[str, Any]]:
        return RubricSerializer([_rubric(s) for s in svc.review_stages(obj.flow)],  # type: ignore[return-value]
                                many=True).data

    def get_applications(self, obj: Call) -> int:
        user = self.context["request"].user
        return Case.objects.restrict(user, "view_case").filter(call=obj).count()


class ApplicationSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    district = serializers.CharField(source="district.code", allow_null=True, default=None)
    district_name_ko = serializers.CharField(source="district.name_ko", allow_null=True, default=None)
    stage = serializers.CharField(source="stage.code")
    stage_name_ko = serializers.CharField(source="stage.name_ko")
    stage_name_en = serializers.CharField(source="stage.name_en")
    review_stage = serializers.SerializerMethodField(help_text="the review stage the score and rank are of")
    score = serializers.SerializerMethodField(
        help_text="the ranked list's score (null until a review counts), as the case page shows it")
    rank = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "reference", "organisation", "district", "district_name_ko", "category", "title", "stage",
                  "stage_name_ko", "stage_name_en", "applied_on", "outcome", "amount_claimed", "amount_approved",
                  "review_stage", "score", "rank", "version"]

    def _entry(self, obj: Case) -> Entry | None:
        return self.context.get("entries", {}).get(obj.pk)

    def get_review_stage(self, obj: Case) -> str | None:
        stage = self.context.get("review_stage")
        return stage.code if stage is not None else None

    @extend_schema_field(serializers.DecimalField(**SCORE))  # type: ignore[arg-type]
    def get_score(self, obj: Case) -> Any:
        e = self._entry(obj)
        return None if e is None or e.score is None else f"{e.score:.2f}"

    def get_rank(self, obj: Case) -> int | None:
        e = self._entry(obj)
        return e.rank if e is not None and e.rank else None


class MarkSerializer(serializers.Serializer):
    reviewer_id = serializers.IntegerField()
    reviewer = serializers.CharField(help_text="the reviewer as the pages name them (full name or 심사위원 N)")
    total = serializers.DecimalField(**SCORE, help_text="their weighted total, of 100")  # type: ignore[arg-type]
    normalised = serializers.DecimalField(**SCORE)  # type: ignore[arg-type]
    recused = serializers.BooleanField()
    recusal_reason = serializers.CharField(allow_blank=True)
    submitted = serializers.BooleanField()


class EntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True, help_text="null until the case has a score")
    case = serializers.IntegerField(help_text="the case's id")
    reference = serializers.CharField()
    organisation = serializers.CharField(allow_null=True)
    district = serializers.CharField(allow_null=True)
    category = serializers.CharField(allow_blank=True)
    mean = serializers.DecimalField(**SCORE, help_text="the plain mean of the counted totals")  # type: ignore[arg-type]
    normalised = serializers.DecimalField(**SCORE)  # type: ignore[arg-type]
    score = serializers.DecimalField(**SCORE, help_text="what the list ranks by")  # type: ignore[arg-type]
    above_cutoff = serializers.BooleanField()
    within_quota = serializers.BooleanField()
    recommended = serializers.BooleanField()
    result = serializers.ChoiceField(choices=["under_review", "recommended", "below_cutoff", "over_quota"])
    marks = MarkSerializer(many=True)


class ReviewerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="full name, or 심사위원 N numbered within the call")


class StageRankingSerializer(RubricSerializer):
    group_mean = serializers.DecimalField(**SCORE)  # type: ignore[arg-type]
    group_sd = serializers.DecimalField(**SCORE)  # type: ignore[arg-type]
    reviewers = ReviewerSerializer(many=True, help_text="the assigned reviewers (named as the pages name them)")
    entries = EntrySerializer(many=True)


class RankingSerializer(serializers.Serializer):
    call = serializers.CharField()
    stages = StageRankingSerializer(many=True)


def _result(e: Entry) -> str:
    if e.score is None:
        return "under_review"
    if e.recommended:
        return "recommended"
    return "below_cutoff" if not e.above_cutoff else "over_quota"


def _entry(e: Entry) -> dict[str, Any]:
    c = e.case
    return {"rank": e.rank or None, "case": c.pk, "reference": c.reference,
            "organisation": c.organisation.name if c.organisation else None,
            "district": c.district.code if c.district else None, "category": c.category, "mean": e.mean,
            "normalised": e.normalised, "score": e.score, "above_cutoff": e.above_cutoff,
            "within_quota": e.within_quota, "recommended": e.recommended, "result": _result(e),
            "marks": [{"reviewer_id": m.reviewer_id, "reviewer": str(m.reviewer), "total": m.total,
                       "normalised": m.normalised, "recused": m.recused,
                       "recusal_reason": m.recusal_reason, "submitted": m.submitted} for m in e.marks]}


class CallFilter(django_filters.FilterSet):
    flow = django_filters.CharFilter(field_name="flow__code", max_length=40)
    year = django_filters.NumberFilter(min_value=2000, max_value=2100, decimal_places=0)
    published = django_filters.BooleanFilter()

    class Meta:
        model = Call
        fields = ["flow", "year", "published"]


class CallViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """공모: the calls the user may see; a call's ranked list and applications for the officers who see it."""

    serializer_class = CallSerializer
    filterset_class = CallFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9-]+"

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, without a user
            return Call.objects.none()
        user = self.request.user
        calls = (Call.objects.select_related("flow__program__owner_org")
                 .prefetch_related("district_links__district").order_by("-year", "code"))
        if not policy.grant(user, "view_case").everywhere:
            # a published call is public; an unpublished one is the officers' who see it on /cases/calls/
            seen = [c.pk for c in calls.filter(published=False)
                    if _sees(user, c, [link.district for link in c.district_links.all()])]
            calls = calls.filter(Q(published=True) | Q(pk__in=seen))
        return calls

    def _officer_call(self) -> Call:
        """The call as /cases/calls/{code}/ finds it: `view_case` (else 403), a call the user sees (else 404)."""
        user = self.request.user
        if not policy.allows(user, "view_case"):
            raise exceptions.PermissionDenied()
        code = str(self.kwargs.get(self.lookup_field, ""))
        call = (Call.objects.filter(code=code).select_related("flow__program__owner_org").first()
                if len(code) <= CALL_CODE_MAX else None)
        if call is None or not _sees(user, call):
            raise exceptions.NotFound()
        return call

    @extend_schema(responses=RankingSerializer, filters=False)
    @action(detail=True, methods=["get"])
    def ranking(self, request: Request, code: str | None = None) -> Response:
        """심사 순위: each review stage's ranked list as the call page shows it (the owning office, the portfolio
        office, administrators)."""
        call = self._officer_call()
        user = request.user
        if not (svc.owns(user, call) or policy.grant(user, "view_case").everywhere):
            raise exceptions.PermissionDenied()
        seen = set(Case.objects.restrict(user, "view_case").filter(call=call).values_list("pk", flat=True))
        stages = []
        for stage in svc.review_stages(call.flow):
            ranked = ranked_list(stage, call.pk)
            # as the pages name them (full name or 심사위원 N), never the login id
            names = reviewer_names(call.pk)
            reviewers = [{"id": rid, "name": str(names[rid]) if rid in names else ""} for rid in
                         ReviewerAssignment.objects.filter(call=call, stage=stage).order_by("id")
                         .values_list("reviewer_id", flat=True).distinct()]
            stages.append({**_rubric(stage), "group_mean": ranked.group_mean, "group_sd": ranked.group_sd,
                           "reviewers": reviewers,
                           "entries": [_entry(e) for e in ranked.entries if e.case.pk in seen]})
        return Response(RankingSerializer({"call": call.code, "stages": stages}).data)

    @extend_schema(responses=ApplicationSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"])
    def applications(self, request: Request, code: str | None = None) -> Response:
        """신청 목록: the call's applications the user may see, with the score and rank of the first review stage."""
        call = self._officer_call()
        cases = (Case.objects.restrict(request.user, "view_case").filter(call=call)
                 .select_related("stage", "district", "organisation").order_by("reference"))
        stage = next(iter(svc.review_stages(call.flow)), None)
        entries = {e.case.pk: e for e in ranked_list(stage, call.pk).entries} if stage is not None else {}
        context = {**self.get_serializer_context(), "entries": entries, "review_stage": stage}
        page = self.paginate_queryset(cases)
        if page is not None:
            return self.get_paginated_response(ApplicationSerializer(page, many=True, context=context).data)
        return Response(ApplicationSerializer(cases, many=True, context=context).data)


# ------------------------------------------------------------------------------------------------ reviews


class _ReviewPermission(permissions.BasePermission):
    """Signed in with `review_case` (else 403), as the reviewers' pages; a case not assigned to me is 404."""

    def has_permission(self, request: Any, view: Any) -> bool:  # type: ignore[override]
        user = request.user
        return bool(user and user.is_authenticated and policy.allows(user, "review_case"))


class MyReviewSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id")
    stage = serializers.CharField(source="stage.code")
    scores = serializers.DictField(child=serializers.IntegerField(), help_text="criterion code → score")
    total = serializers.DecimalField(**SCORE, help_text="weighted, of 100")  # type: ignore[arg-type]

    class Meta:
        model = Review
        fields = ["case", "stage", "recused", "recusal_reason", "scores", "total", "comment", "submitted_at",
                  "version"]


def _my_review(review: Review | None) -> Any:
    return MyReviewSerializer(review).data if review is not None else None


class ReviewCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    organisation = serializers.CharField(allow_null=True, help_text="null in blind review")
    district = serializers.CharField(allow_null=True, help_text="null in blind review")
    category = serializers.CharField(allow_blank=True)
    category_label = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    my_review = MyReviewSerializer(allow_null=True)


class AssignmentSerializer(serializers.Serializer):
    call = serializers.CharField(source="call.code")
    call_title_ko = serializers.CharField(source="call.title_ko")
    call_title_en = serializers.CharField(source="call.title_en", allow_blank=True)
    stage = serializers.CharField(source="stage.code")
    stage_name_ko = serializers.CharField(source="stage.name_ko")
    stage_name_en = serializers.CharField(source="stage.name_en", allow_blank=True)
    blind = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()
    waiting = serializers.SerializerMethodField(help_text="cases at the stage I have not reviewed or recused from")
    cases = serializers.SerializerMethodField(help_text="the call's cases now at the stage")

    def _cases(self, obj: ReviewerAssignment) -> list[dict[str, Any]]:
        cached = getattr(obj, "_api_cases", None)
        if cached is not None:
            return cached
        user = self.context["request"].user
        blind = _blind(obj.stage)
        cases = list(Case.objects.filter(call=obj.call, stage=obj.stage).select_related("organisation", "district")
                     .order_by("reference"))
        mine = {r.case_id: r for r in Review.objects.filter(reviewer=user, stage=obj.stage,
                                                            case__in=[c.pk for c in cases]).select_related("stage")}
        rows = [{"id": c.pk, "reference": c.reference,
                 "organisation": None if blind or c.organisation is None else c.organisation.name,
                 "district": None if blind or c.district is None else c.district.code,
                 "category": c.category, "category_label": svc.category_label(obj.call, c.category),
                 "title": c.title, "my_review": mine.get(c.pk)} for c in cases]
        obj._api_cases = rows  # type: ignore[attr-defined]
        return rows

    def get_blind(self, obj: ReviewerAssignment) -> bool:
        return _blind(obj.stage)

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, obj: ReviewerAssignment) -> list[dict[str, Any]]:
        return _criteria(getattr(obj.stage, "rubric", None))

    def get_waiting(self, obj: ReviewerAssignment) -> int:
        return sum(1 for c in self._cases(obj) if c["my_review"] is None)

    @extend_schema_field(ReviewCaseSerializer(many=True))
    def get_cases(self, obj: ReviewerAssignment) -> list[dict[str, Any]]:
        return ReviewCaseSerializer(self._cases(obj), many=True).data  # type: ignore[return-value]


class ReviewDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    doc_type = serializers.CharField()
    name = serializers.CharField(help_text="the file's name; in blind review the document type's label")
    url = serializers.CharField(help_text="the file, as an attachment (the officers' page)")


class ReviewDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    call = serializers.CharField()
    call_title_ko = serializers.CharField()
    stage = serializers.CharField()
    blind = serializers.BooleanField(help_text="the organisation, its district and the files' names are hidden")
    organisation = serializers.CharField(allow_null=True)
    legal_form = serializers.CharField(allow_null=True, allow_blank=True)
    business_number = serializers.CharField(allow_null=True, allow_blank=True)
    district = serializers.CharField(allow_null=True)
    category = serializers.CharField(allow_blank=True)
    category_label = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    jobs_planned = serializers.IntegerField(allow_null=True)
    documents = ReviewDocumentSerializer(many=True)
    criteria = CriterionSerializer(many=True)
    my_review = MyReviewSerializer(allow_null=True)


class ScoresSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    """A reviewer's scores of the case at its review stage, and a comment."""

    # Each value goes to `review_submit` as sent, which checks them all and names every one out of range.
    scores = serializers.DictField(child=serializers.JSONField(), help_text=(
        "criterion code → a whole number from 0 to the criterion's max_score (see `criteria`)"))
    comment = params.CharField(max_length=2000, required=False, default="", allow_blank=True)


class RecuseSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    """Why the reviewer steps aside."""

    reason = params.CharField(max_length=1000, required=False, default="", allow_blank=True,
                              help_text="the conflict of interest (required)")


class ReviewViewSet(viewsets.GenericViewSet):
    """심사: my assignments, the case to score, scoring and recusal (an assigned reviewer, `review_case`)."""

    permission_classes = [_ReviewPermission]
    serializer_class = AssignmentSerializer
    lookup_url_kwarg = "case_id"

    def get_queryset(self) -> Any:
        return (ReviewerAssignment.objects.filter(reviewer_id=self.request.user.pk)
                .select_related("call", "stage__rubric").order_by("-call__year", "call__code", "stage__order", "id"))

    def _case(self) -> Case:
        """The case as the review page finds it: assigned to me at its current stage, else 404."""
        return _reviewable(cast(HttpRequest, self.request), int(self.kwargs["case_id"]))

    def _mine(self, case: Case) -> Review | None:
        return (Review.objects.filter(case=case, stage=case.stage, reviewer_id=self.request.user.pk)
                .select_related("stage").first())

    @extend_schema(responses=AssignmentSerializer(many=True), filters=False)
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        if page is not None:
            return self.get_paginated_response(AssignmentSerializer(page, many=True,
                                                                    context=self.get_serializer_context()).data)
        return Response(AssignmentSerializer(self.get_queryset(), many=True,
                                             context=self.get_serializer_context()).data)

    @extend_schema(responses=ReviewDetailSerializer)
    def retrieve(self, request: Request, case_id: str | None = None) -> Response:
        case = self._case()
        call, blind, org = cast(Call, case.call), _blind(case.stage), case.organisation
        proposal = getattr(case, "proposal", None)
        docs = [{"id": d.pk, "doc_type": d.doc_type, "name": doc_type_label(d.doc_type) if blind else d.name,
                 "url": reverse("web:cases:call_document", args=[d.pk])} for d in case.documents.order_by("id")]
        data = {"id": case.pk, "reference": case.reference, "call": call.code, "call_title_ko": call.title_ko,
                "stage": case.stage.code, "blind": blind,
                "organisation": None if blind or org is None else org.name,
                "legal_form": None if blind or org is None else org.legal_form,
                "business_number": None if blind or org is None else org.business_number,
                "district": None if blind or case.district is None else case.district.code,
                "category": case.category, "category_label": svc.category_label(call, case.category),
                "title": case.title, "summary": proposal.summary if proposal else "",
                "jobs_planned": proposal.jobs_planned if proposal else None, "documents": docs,
                "criteria": _criteria(getattr(case.stage, "rubric", None)), "my_review": self._mine(case)}
        return Response(ReviewDetailSerializer(data).data)

    @extend_schema(request=ScoresSerializer, responses={201: MyReviewSerializer})
    def submit(self, request: Request, case_id: str | None = None) -> Response:
        """점수 제출: my scores of the case at its review stage (final once in)."""
        case = self._case()
        body = ScoresSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        try:
            with change_context("api"):
                review = svc.review_submit(actor=request.user, case=case, scores=d["scores"], comment=d["comment"])
        except ServiceError as exc:
            for p in exc.problems:  # the page's form field `score_<code>` is the body's `scores.<code>`
                if p.field and p.field.startswith("score_"):
                    p.field = "scores." + p.field.removeprefix("score_")
            raise
        return Response(MyReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RecuseSerializer, responses=MyReviewSerializer)
    def recuse(self, request: Request, case_id: str | None = None) -> Response:
        """이해충돌 회피: I step aside (with the reason); my scores, if any, never count and I cannot score it."""
        case = self._case()
        body = RecuseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with change_context("api"):
            review = svc.review_recuse(actor=request.user, case=case, reason=body.validated_data["reason"])
        return Response(MyReviewSerializer(review).data)

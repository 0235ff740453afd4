"""API of the job centres' registries (issue 15): seekers, vacancies and employers — list, detail, create; a
vacancy sent through the public form is approved or rejected here too.

Reads go through the restricted querysets (another centre's record: 404). Seekers and vacancies are listed to
every role that may read the centre's records (`view`); a seeker's personal fields (name, birth date, sex, phone,
address and what they wrote) only to those who may see the centre's seekers (`view_seeker`), else null.
Employers (with their contact person) need `view_seeker`. Creating needs `counsel` for a centre of the user's,
approving `approve_vacancy`. Writes call `employment.registry`'s services (checked together, audited, versioned);
errors come in the API's one shape (iljari.api.errors)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.core.context import change_context
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.employment import registry as svc
from iljari.employment.models import (
    Centre,
    Contract,
    Education,
    Employer,
    Seeker,
    Vacancy,
    WageType,
)

from . import params
from .serializers import REASON_MAX

TEXT_MAX = 4000


class _ActionPermission(permissions.BasePermission):
    """Signed in, and the view's read action allowed somewhere (else 403); `write_action` for POST."""

    def has_permission(self, request: Any, view: Any) -> bool:  # type: ignore[override]
        user = request.user
        if not (user and user.is_authenticated):
            return False
        needed = getattr(view, "write_action", view.read_action) if request.method == "POST" else view.read_action
        return policy.allows(user, needed)


def _centre(user: Any, code: str) -> Centre:
    centre = Centre.objects.restrict(user, "counsel").filter(code=code, active=True).first()
    if centre is None:
        raise ServiceError(Problem(ErrorCode.UNKNOWN_CODE, f"등록할 수 있는 일자리센터가 아닙니다 ({code})",
                                   f"not a job centre you may register for ({code})", field="centre"))
    return centre


def _str_list(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=params.CharField(max_length=20), required=False, max_length=50, **kwargs)


# ------------------------------------------------------------------------------------------------ seekers


class SeekerSerializer(serializers.ModelSerializer):
    centre = serializers.CharField(source="centre.code")
    home_district = serializers.CharField(source="home_district.code", allow_null=True, default=None)
    desired_occupations = serializers.SerializerMethodField()
    licences = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField(help_text="null without view_seeker on this seeker")
    birth_date = serializers.SerializerMethodField(help_text="null without view_seeker on this seeker")
    sex = serializers.SerializerMethodField(help_text="null without view_seeker on this seeker")
    phone = serializers.SerializerMethodField(help_text="null without view_seeker on this seeker")
    address = serializers.SerializerMethodField(help_text="null without view_seeker on this seeker")
    skills_text = serializers.SerializerMethodField(help_text="null without view_seeker on this seeker")
    career_text = serializers.SerializerMethodField(help_text="null without view_seeker on this seeker")

    class Meta:
        model = Seeker
        fields = ["id", "person", "centre", "name", "birth_date", "sex", "phone", "address", "registered_on",
                  "channel", "status", "home_district", "commute", "wage_type", "desired_wage", "hours_per_week",
                  "education", "desired_occupations", "licences", "skills_text", "career_text", "consent_share",
                  "version"]

    def _personal(self, obj: Seeker) -> bool:
        grant = self.context.get("view_seeker")
        return bool(grant is not None and grant.covers(obj.centre.org_unit))

    def get_desired_occupations(self, obj: Seeker) -> list[str]:
        return [o.code for o in obj.desired_occupations.all()]

    def get_licences(self, obj: Seeker) -> list[str]:
        return [c.code for c in obj.licences.all()]

    def get_name(self, obj: Seeker) -> str | None:
        return obj.person.name if self._personal(obj) else None

    def get_birth_date(self, obj: Seeker) -> str | None:
        return obj.person.birth_date.isoformat() if self._personal(obj) and obj.person.birth_date else None

    def get_sex(self, obj: Seeker) -> str | None:
        return obj.person.sex if self._personal(obj) else None

    def get_phone(self, obj: Seeker) -> str | None:
        return obj.person.phone if self._personal(obj) else None

    def get_address(self, obj: Seeker) -> str | None:
        return obj.person.address if self._personal(obj) else None

    def get_skills_text(self, obj: Seeker) -> str | None:
        return obj.skills_text if self._personal(obj) else None

    def get_career_text(self, obj: Seeker) -> str | None:
        return obj.career_text if self._personal(obj) else None


class SeekerCreateSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    centre = params.CharField(max_length=40, help_text="the job centre's code")
    name = params.CharField(max_length=100)
    birth_date = params.DateField()
    sex = serializers.ChoiceField(choices=["", "M", "F"], required=False, default="")
    phone = params.CharField(max_length=20, required=False, default="", allow_blank=True)
    address = params.CharField(max_length=300, required=False, default="", allow_blank=True)
    home_district = params.CharField(max_length=40, required=False, allow_null=True, default=None)
    registered_on = params.DateField(required=False, allow_null=True, default=None)
    desired_occupations = _str_list(help_text="KECO codes")
    commute = serializers.ChoiceField(choices=Seeker.Commute.values, required=False, default=Seeker.Commute.NEIGHBOUR)
    wage_type = serializers.ChoiceField(choices=WageType.values, required=False, default=WageType.MONTHLY)
    desired_wage = params.IntegerField(min_value=0, max_value=2_000_000_000, required=False, allow_null=True,
                                       default=None)
    hours_per_week = params.IntegerField(min_value=1, max_value=168, required=False, allow_null=True, default=None)
    education = serializers.ChoiceField(choices=Education.values, required=False, default=Education.NONE)
    licences = _str_list(help_text="skill and licence codes")
    skills_text = params.CharField(max_length=TEXT_MAX, required=False, default="", allow_blank=True)
    career_text = params.CharField(max_length=TEXT_MAX, required=False, default="", allow_blank=True)
    programmes_joined = params.CharField(max_length=1000, required=False, default="", allow_blank=True)
    consent_share = serializers.BooleanField(required=False, default=False)


class SeekerViewSet(params.CheckedLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """구직자: the job seekers of the user's centres (`view_seeker`: personal data, never the council's reviewers);
    `POST` registers one (`counsel`)."""

    serializer_class = SeekerSerializer
    permission_classes = [_ActionPermission]
    read_action = "view_seeker"
    write_action = "counsel"
    filterset_fields = ["status", "channel"]

    def get_queryset(self) -> Any:
        return (Seeker.objects.restrict(self.request.user, "view_seeker")
                .select_related("person", "centre__org_unit", "home_district")
                .prefetch_related("desired_occupations", "licences").order_by("-pk"))

    def get_serializer_context(self) -> dict[str, Any]:
        ctx = dict(super().get_serializer_context())
        ctx["view_seeker"] = policy.grant(self.request.user, "view_seeker")  # whose personal fields are shown
        return ctx

    @extend_schema(request=SeekerCreateSerializer, responses={201: SeekerSerializer})
    def create(self, request: Request) -> Response:
        body = SeekerCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        centre = _centre(request.user, d.pop("centre"))
        with change_context("api"):
            seeker = svc.seeker_register(actor=request.user, centre=centre, channel="counsellor",
                                         counsellor=request.user, **d)
        return Response(SeekerSerializer(seeker, context=self.get_serializer_context()).data, status=201)


# ------------------------------------------------------------------------------------------------ employers


class EmployerSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.code", allow_null=True, default=None)
    centre = serializers.CharField(source="centre.code", allow_null=True, default=None)

    class Meta:
        model = Employer
        fields = ["id", "name", "business_number", "sector", "employees", "address", "district", "contact_name",
                  "contact_phone", "contact_email", "centre", "version"]


class EmployerCreateSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    centre = params.CharField(max_length=40, help_text="the job centre's code")
    name = params.CharField(max_length=200)
    business_number = params.CharField(max_length=20, help_text="사업자등록번호, ten digits (dashes allowed)")
    sector = params.CharField(max_length=100, required=False, default="", allow_blank=True)
    employees = params.IntegerField(min_value=0, max_value=10_000_000, required=False, allow_null=True, default=None)
    address = params.CharField(max_length=300, required=False, default="", allow_blank=True)
    district = params.CharField(max_length=40, required=False, allow_null=True, default=None)
    contact_name = params.CharField(max_length=100, required=False, default="", allow_blank=True)
    contact_phone = params.CharField(max_length=20, required=False, default="", allow_blank=True)
    contact_email = params.CharField(max_length=254, required=False, default="", allow_blank=True)


class EmployerViewSet(params.CheckedLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """구인기업: employers of the user's centres (contact persons: `view_seeker`); `POST` registers one."""

    serializer_class = EmployerSerializer
    permission_classes = [_ActionPermission]
    read_action = "view_seeker"
    write_action = "counsel"

    def get_queryset(self) -> Any:
        return (Employer.objects.restrict(self.request.user, "view_seeker").select_related("district", "centre")
                .order_by("name", "pk"))

    @extend_schema(request=EmployerCreateSerializer, responses={201: EmployerSerializer})
    def create(self, request: Request) -> Response:
        body = EmployerCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        centre = _centre(request.user, d.pop("centre"))
        with change_context("api"):
            employer = svc.employer_register(actor=request.user, centre=centre, **d)
        return Response(EmployerSerializer(employer).data, status=201)


# ------------------------------------------------------------------------------------------------ vacancies


class VacancySerializer(serializers.ModelSerializer):
    centre = serializers.CharField(source="centre.code")
    employer_name = serializers.CharField(source="employer.name")
    occupation = serializers.CharField(source="occupation.code")
    district = serializers.CharField(source="district.code")
    required_licences = serializers.SerializerMethodField()

    class Meta:
        model = Vacancy
        fields = ["id", "centre", "employer", "employer_name", "title", "occupation", "tasks", "district", "address",
                  "wage_type", "wage", "hours_per_week", "contract", "openings", "education", "required_licences",
                  "requirements", "posted_on", "deadline", "status", "channel", "approved_at", "reject_reason",
                  "version"]

    def get_required_licences(self, obj: Vacancy) -> list[str]:
        return [c.code for c in obj.required_licences.all()]


class VacancyCreateSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    centre = params.CharField(max_length=40, help_text="the job centre's code")
    employer = params.IntegerField(min_value=1, help_text="the employer's id (GET /api/employers/)")
    title = params.CharField(max_length=200)
    occupation_code = params.CharField(max_length=8, help_text="KECO code, middle category or finer")
    district = params.CharField(max_length=40, required=False, allow_null=True, default=None,
                                help_text="org unit code; default: the employer's district")
    address = params.CharField(max_length=300, required=False, default="", allow_blank=True)
    wage_type = serializers.ChoiceField(choices=WageType.values)
    wage = params.IntegerField(min_value=0, max_value=2_000_000_000, help_text="won per wage_type")
    hours_per_week = params.IntegerField(min_value=0, max_value=168)
    contract = serializers.ChoiceField(choices=Contract.values, required=False, default=Contract.PERMANENT)
    openings = params.IntegerField(min_value=0, max_value=10_000, required=False, default=1)
    education = serializers.ChoiceField(choices=Education.values, required=False, default=Education.NONE)
    required_licences = _str_list()
    tasks = params.CharField(max_length=TEXT_MAX, required=False, default="", allow_blank=True)
    requirements = params.CharField(max_length=TEXT_MAX, required=False, default="", allow_blank=True)
    posted_on = params.DateField(required=False, allow_null=True, default=None, help_text="default: today")
    deadline = params.DateField()


class VersionSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    expected_version = params.IntegerField(min_value=0, max_value=2**31,
                                           help_text="the version you read: a stale one is 409")


class RejectSerializer(VersionSerializer):
    reason = params.CharField(max_length=REASON_MAX)


class VacancyViewSet(params.CheckedLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """구인: vacancies of the centres the user may read; `POST` registers one (`counsel`, open at once);
    `POST /api/vacancies/{id}/approve/` and `/reject/` decide one sent through the public form."""

    serializer_class = VacancySerializer
    permission_classes = [_ActionPermission]
    read_action = "view"
    write_action = "counsel"
    filterset_fields = ["status", "channel", "wage_type", "contract"]

    def get_queryset(self) -> Any:
        return (Vacancy.objects.restrict(self.request.user, "view")
                .select_related("centre", "employer", "occupation", "district")
                .prefetch_related("required_licences").order_by("-pk"))

    @extend_schema(request=VacancyCreateSerializer, responses={201: VacancySerializer})
    def create(self, request: Request) -> Response:
        body = VacancyCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        centre = _centre(request.user, d.pop("centre"))
        employer = Employer.objects.restrict(request.user, "counsel").filter(pk=d.pop("employer")).first()
        if employer is None:
            raise ServiceError(Problem(ErrorCode.UNKNOWN_CODE, "등록할 수 있는 구인기업이 아닙니다",
                                       "not an employer you may post for", field="employer"))
        with change_context("api"):
            vacancy = svc.vacancy_create(actor=request.user, centre=centre, employer=employer, channel="counsellor",
                                         **d)
        return Response(VacancySerializer(vacancy).data, status=201)

    def _decidable(self) -> Vacancy:
        vacancy = self.get_object()
        if not policy.can(self.request.user, "approve_vacancy", vacancy):
            raise PermissionDenied()
        return vacancy

    @extend_schema(request=VersionSerializer, responses=VacancySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        vacancy = self._decidable()
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = body.validated_data["expected_version"]
        with change_context("api"):
            done = svc.vacancy_approve(actor=request.user, vacancy=vacancy, version=version)
        return Response(VacancySerializer(done).data)

    @extend_schema(request=RejectSerializer, responses=VacancySerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: Any = None) -> Response:
        vacancy = self._decidable()
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = body.validated_data["expected_version"]
        with change_context("api"):
            done = svc.vacancy_reject(actor=request.user, vacancy=vacancy, version=version,
                                      reason=body.validated_data["reason"])
        return Response(VacancySerializer(done).data)

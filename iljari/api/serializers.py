from __future__ import annotations

from django.db import models
from rest_framework import serializers

from iljari.core.texts import text_limit
from iljari.ledger.models import Fact
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, CodeList, Measure, Program

from . import params

# A reason typed beside a change (the pages allow as much).
REASON_MAX = 500


class ModelSerializer(params.EnglishErrorsMixin, serializers.ModelSerializer):
    """Model fields read through iljari.api.params: bounded numbers and dates, specific error codes."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: params.DateField, models.DateTimeField: params.DateTimeField,
        models.IntegerField: params.IntegerField, models.BigIntegerField: params.IntegerField,
        models.SmallIntegerField: params.IntegerField, models.PositiveIntegerField: params.IntegerField,
        models.PositiveSmallIntegerField: params.IntegerField,
    }
    serializer_related_field = params.PrimaryKeyRelatedField


class CodeSerializer(ModelSerializer):
    parent = params.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Code
        fields = ["list", "code", "label_ko", "label_en", "parent", "sort_order", "active"]


class MeasureSerializer(ModelSerializer):
    class Meta:
        model = Measure
        fields = ["code", "name_ko", "name_en", "kind", "unit", "aggregation", "allows_negative",
                  "by_funding_source", "builtin"]


class OrgUnitSerializer(ModelSerializer):
    parent = params.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all(), allow_null=True,
                                          required=False)
    district = params.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = OrgUnit
        fields = ["code", "name_ko", "name_en", "kind", "parent", "district", "depth", "valid_from", "valid_to",
                  "rounding", "sort_order", "admin_code", "version"]
        read_only_fields = ["district", "depth", "admin_code", "version"]  # admin_code: set by org files


class OrgUnitWriteSerializer(OrgUnitSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, write_only=True, max_length=REASON_MAX)
    expected_version = params.IntegerField(required=False, write_only=True, min_value=0)

    class Meta(OrgUnitSerializer.Meta):
        fields = [*OrgUnitSerializer.Meta.fields, "reason", "expected_version"]


def _code_field(list_name: str, **kw):  # type: ignore[no-untyped-def]
    return params.SlugRelatedField(slug_field="code", queryset=Code.objects.filter(list=list_name), **kw)


class ProgramSerializer(ModelSerializer):
    owner_org = params.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    implementing_orgs = params.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all(), many=True,
                                                     required=False)
    job_type = _code_field(CodeList.JOB_TYPE)
    subtype = _code_field(CodeList.SUBTYPE, allow_null=True, required=False)
    policy_field = _code_field(CodeList.POLICY_FIELD, allow_null=True, required=False)
    delivery_mode = _code_field(CodeList.DELIVERY_MODE, allow_null=True, required=False)
    target_groups = _code_field(CodeList.TARGET_GROUP, many=True, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, write_only=True, max_length=REASON_MAX)
    expected_version = params.IntegerField(required=False, write_only=True, min_value=0)

    class Meta:
        model = Program
        fields = ["code", "name_ko", "name_en", "owner_org", "implementing_orgs", "job_type", "subtype",
                  "policy_field", "target_groups", "delivery_mode", "continuity", "start", "end", "legal_basis",
                  "description", "contact", "status", "illustrative", "version", "created_at", "updated_at",
                  "reason", "expected_version"]
        read_only_fields = ["version", "created_at", "updated_at"]
        extra_kwargs = {"legal_basis": {"max_length": text_limit()}, "description": {"max_length": text_limit()}}

    def to_representation(self, instance: Program) -> dict:  # type: ignore[override]
        """A unit that carries out a shared program sees itself among the implementing units, not the other
        districts (as on the program page); the owner's officers and global roles see them all."""
        from iljari.access import policy

        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            g = policy.grant(request.user, "view")
            if not g.everywhere and not g.covers(instance.owner_org):
                data["implementing_orgs"] = [o.code for o in instance.implementing_orgs.all() if g.covers(o)]
        return data


class FactSerializer(ModelSerializer):
    program = params.SlugRelatedField(slug_field="code", read_only=True)
    org_unit = params.SlugRelatedField(slug_field="code", read_only=True)
    measure = params.SlugRelatedField(slug_field="code", read_only=True)
    funding_source = params.SlugRelatedField(slug_field="code", read_only=True)
    recorded_by = params.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Fact
        fields = ["id", "program", "org_unit", "measure", "funding_source", "period", "value", "as_of",
                  "recorded_at", "recorded_by", "replaces", "reason", "source", "batch_id", "illustrative", "note"]


class FactWriteSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    program = params.SlugRelatedField(slug_field="code", queryset=Program.objects.all())
    org_unit = params.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    measure = params.SlugRelatedField(slug_field="code", queryset=Measure.objects.all())
    funding_source = _code_field(CodeList.FUNDING_SOURCE, required=False)
    period = serializers.CharField(max_length=10)
    value = params.IntegerField()
    as_of = params.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_MAX)
    expected_version = params.IntegerField(required=False, allow_null=True, min_value=0,
                                                help_text="id of the version you saw; null when you saw none")


class ImportSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    file = serializers.FileField()

    def validate_file(self, f):  # type: ignore[no-untyped-def]
        """Refused by its declared size, before a byte is read (a ServiceError: 400 with code bad_file)."""
        from iljari.core.spreadsheets import check_upload_size

        check_upload_size(f.size)
        return f

    dry_run = serializers.BooleanField(default=False)
    strict = serializers.BooleanField(default=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_MAX)

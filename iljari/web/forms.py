"""Edit forms; saving goes through the services (validation, version check, audit)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.core.labels import choices_in_language, name_in_language
from iljari.core.texts import text_limit
from iljari.orgs.models import OrgKind
from iljari.programs.models import Code, Program


class CodeChoiceField(forms.ModelChoiceField):
    """Codes by their labels in the page's language."""

    def label_from_instance(self, obj: Code) -> str:
        return name_in_language(obj)


class CodesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Code) -> str:
        return name_in_language(obj)


def _codes(list_name: str) -> forms.ModelChoiceField:
    return CodeChoiceField(Code.objects.filter(list=list_name, active=True).order_by("sort_order"),
                           required=False, to_field_name="code")


class ProgramForm(forms.Form):
    """사업 정보 수정: the details a program officer keeps current (type and owner belong to the portfolio office)."""

    name_ko = forms.CharField(label=_("Name (Korean)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    subtype = _codes("subtype")
    policy_field = _codes("policy_field")
    target_groups = CodesChoiceField(
        Code.objects.filter(list="target_group", active=True).order_by("sort_order"), required=False,
        to_field_name="code", widget=forms.CheckboxSelectMultiple)
    delivery_mode = _codes("delivery_mode")
    continuity = forms.ChoiceField(choices=choices_in_language(Program.Continuity.choices, blank="-"), required=False)
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(choices=choices_in_language(Program.Status.choices))
    legal_basis = forms.CharField(required=False, max_length=text_limit(), widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(required=False, max_length=text_limit(), widget=forms.Textarea(attrs={"rows": 4}))
    contact = forms.CharField(required=False, max_length=200)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        labels = {"subtype": _("Subtype"), "policy_field": _("Policy field"), "target_groups": _("Target group"),
                  "delivery_mode": _("Delivery mode"), "continuity": _("New or continuing"), "start": _("Start"),
                  "end": _("End"), "status": _("Status"), "legal_basis": _("Legal basis"),
                  "description": _("Description"), "contact": _("Contact")}
        for name, label in labels.items():
            self.fields[name].label = label

    @classmethod
    def initial_for(cls, p: Program) -> dict:
        return {"name_ko": p.name_ko, "name_en": p.name_en, "subtype": p.subtype, "policy_field": p.policy_field,
                "target_groups": list(p.target_groups.all()), "delivery_mode": p.delivery_mode,
                "continuity": p.continuity, "start": p.start, "end": p.end, "status": p.status,
                "legal_basis": p.legal_basis, "description": p.description, "contact": p.contact,
                "version": p.version}


class CodeForm(forms.Form):
    list_name = forms.ChoiceField(label=_("Code list"), choices=[])
    code = forms.SlugField(label=_("Code"), max_length=40)
    label_ko = forms.CharField(label=_("Korean"), max_length=200)
    label_en = forms.CharField(label=_("English"), max_length=200, required=False)
    sort_order = forms.IntegerField(label=_("Order"), initial=0, min_value=0, max_value=32767)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from iljari.programs.models import CodeList

        super().__init__(*args, **kwargs)
        # The lists by their names in the page's language ("일자리 유형"), never their codes.
        self.fields["list_name"].choices = choices_in_language(CodeList.choices)


class OrgRenameForm(forms.Form):
    name_ko = forms.CharField(label=_("New name (Korean)"), max_length=200)
    name_en = forms.CharField(label=_("New name (English)"), max_length=200, required=False)
    effective = forms.DateField(label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class OrgCreateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name_ko = forms.CharField(label=_("Name (Korean)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=choices_in_language(OrgKind.choices))
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

"""Officers' pages of the person registry: find a person, open their benefit history (with a purpose, audited),
and participant lists from districts and agencies (upload with a preview, then import; past imports)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.core.labels import one_language
from iljari.orgs.models import OrgUnit

from .models import Alert, BenefitRecord, ListImport, Person, PersonLink
from .normalise import phone_digits
from .selectors import cluster_benefits, cluster_members, mask_name, mask_phone, visible_persons
from .services import PURPOSES, person_history_view

# --- person search and page --------------------------------------------------------------------------------------


class SearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Full name"), max_length=100, required=False)
    birth_date = forms.DateField(label=gettext_lazy("Date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    phone = forms.CharField(label=gettext_lazy("Mobile phone"), max_length=20, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") and data.get("birth_date")) and len(phone_digits(data.get("phone") or "")) < 9:
            raise forms.ValidationError(_("Give the name and the date of birth, or a whole phone number."))
        return data


def _purposes() -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    en = (get_language() or "ko").startswith("en")
    return [(k, en_ if en else ko) for k, (ko, en_) in PURPOSES.items()]


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose of the view"), choices=_purposes,
                                widget=forms.RadioSelect)
    detail = forms.CharField(label=gettext_lazy("Details (required for 'other')"), max_length=300, required=False)


def _masked(p: Person) -> dict[str, Any]:
    return {"person": p, "name": mask_name(p.name), "phone": mask_phone(p.phone)}


@gate("view_person", methods=("GET", "HEAD"))
def person_search(request: HttpRequest) -> HttpResponse:
    """사람 찾기: by name and date of birth, or by phone; only persons in the viewer's scope; masked."""
    form = SearchForm(request.GET or None)
    results: list[dict[str, Any]] = []
    searched = False
    if request.GET and form.is_valid():
        searched = True
        d = form.cleaned_data
        q = Q()
        if d.get("name") and d.get("birth_date"):
            q |= Q(name=d["name"].strip(), birth_date=d["birth_date"])
        digits = phone_digits(d.get("phone") or "")
        if len(digits) >= 9:
            dashed = f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
            q |= Q(phone__in=[digits, dashed])
        rows = (visible_persons(request.user).filter(q).select_related("district").order_by("name", "birth_date", "pk")
                [:100])
        results = [_masked(p) for p in rows]
    return render(request, "people/search.html", {"form": form, "results": results, "searched": searched},
                  status=400 if request.GET and not form.is_valid() else 200)


def _alert_url(alert: Alert) -> str | None:
    try:
        return reverse("web:people:alert", args=[alert.pk])
    except NoReverseMatch:  # the alert pages are another part of issue 14
        return None


def _contribution_words(c: dict[str, Any]) -> str:
    from .templatetags.people_nav import evidence_words

    return evidence_words(c)


@gate("view_person", methods=("GET", "HEAD", "POST"))
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """사람: the identifying fields (masked), then — once the viewer gives the purpose, each view an audit row —
    the benefit history of the whole cluster, the linked records and why, and the alerts."""
    person = get_object_or_404(visible_persons(request.user).select_related("district"), pk=person_id)
    applicant = getattr(person, "applicant", None)  # the round applicant this record is, if it is one
    form = PurposeForm(request.POST or None)
    ctx: dict[str, Any] = {"p": person, "name": person.name, "phone": mask_phone(person.phone),
                           "rrn": applicant.rrn_masked if applicant else (_("known (kept as a keyed hash)")
                                                                          if person.rrn_hash else "-"),
                           "applicant": applicant, "form": form, "shown": False}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                with change_context("web"):
                    person_history_view(actor=request.user, person=person, purpose=form.cleaned_data["purpose"],
                                        detail=form.cleaned_data.get("detail") or "")
            except ServiceError as exc:
                for p in exc.problems:
                    form.add_error(p.field if p.field in form.fields else None, p.text())
            else:
                status = 200
                ctx.update(_history(request, person))
    return render(request, "people/person.html", ctx, status=status)


def _history(request: HttpRequest, person: Person) -> dict[str, Any]:
    from django.utils.translation import get_language

    lang = get_language()
    members = list(cluster_members(person).select_related("district").order_by("pk"))
    ids = [m.pk for m in members]
    benefits = list(cluster_benefits(person))
    for b in benefits:
        b.kind_label = one_language(b.get_kind_display(), lang)  # type: ignore[attr-defined]
        b.source_label = one_language(b.get_source_display(), lang)  # type: ignore[attr-defined]
    links = list(PersonLink.objects.filter(Q(left_id__in=ids) | Q(right_id__in=ids))
                 .select_related("left", "right").order_by("-probability")[:50])
    for link in links:
        link.words = [_contribution_words(c) for c in (link.contributions or []) if isinstance(c, dict)]  # type: ignore[attr-defined]
        link.band_label = one_language(link.get_band_display(), lang)  # type: ignore[attr-defined]
        link.decision_label = one_language(link.get_decision_display(), lang) if link.decision else ""  # type: ignore[attr-defined]
    cluster = person.cluster_id or person.pk
    alerts = list(Alert.objects.filter(cluster_id=cluster).select_related("rule").order_by("-created_at")[:50])
    for a in alerts:
        a.url = _alert_url(a)  # type: ignore[attr-defined]
        a.status_label = one_language(a.get_status_display(), lang)  # type: ignore[attr-defined]
    from .sections import person_sections

    return {"shown": True, "members": [_masked(m) for m in members], "benefits": benefits,
            "total_months": sum(b.months for b in benefits if b.kind == BenefitRecord.Kind.PAID),
            "links": links, "alerts": alerts, "sections": person_sections(request, person, ids)}


# --- participant lists -------------------------------------------------------------------------------------------


def _list_units(user: Any) -> list[OrgUnit]:
    """The units a list may be imported for: a local officer's own units (and below); a global role any."""
    g = policy.grant(user, "record")
    qs = OrgUnit.objects.filter(kind__in=["district", "division", "agency", "operator", "office", "city"])
    if not g.everywhere:
        q = Q(pk__in=[])
        for p in g.paths:
            q |= Q(path__startswith=p)
        qs = qs.filter(q)
    return list(qs.order_by("path")[:400])


class ListUploadForm(forms.Form):
    org_unit = forms.ChoiceField(label=gettext_lazy("Unit that sends the list"))
    file = forms.FileField(label=gettext_lazy("Participant list (xlsx or CSV)"))

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        en = (get_language() or "ko").startswith("en")
        self.fields["org_unit"].choices = [(u.code, (u.name_en if en else "") or u.name_ko) for u in units]


@gate("record", methods=("GET", "HEAD", "POST"))
def list_imports(request: HttpRequest) -> HttpResponse:
    """참여자 명단: upload (a preview first, nothing saved; then the import), and the past imports of the units."""
    from iljari.core.spreadsheets import read_upload

    from .lists import participant_list_import

    if not policy.allows(request.user, "view_person"):
        raise PermissionDenied
    units = _list_units(request.user)
    form = ListUploadForm(request.POST or None, request.FILES or None, units=units)
    status, result, problems = 200, None, []
    if request.method == "POST":
        status = 400
        if form.is_valid():
            unit = next(u for u in units if u.code == form.cleaned_data["org_unit"])
            upload = form.cleaned_data["file"]
            dry_run = request.POST.get("action") != "import"
            try:
                data = read_upload(upload, 20 * 1024 * 1024)
                with change_context("web"):
                    result = participant_list_import(actor=request.user, org_unit=unit, data=data,
                                                     filename=upload.name or "", dry_run=dry_run)
            except ServiceError as exc:
                problems = [p.text() for p in exc.problems]
            else:
                status = 200
                if not dry_run:
                    messages.success(request, _("%(n)s rows imported: %(n)s persons and benefit records.")
                                     % {"n": result["rows"]})
                    return redirect("web:people:lists")
    past = list(ListImport.objects.restrict(request.user, "view").select_related("org_unit", "program", "uploaded_by")
                .order_by("-created_at")[:100])
    return render(request, "people/lists.html", {"form": form, "result": result, "problems": problems,
                                                 "past": past, "units": units}, status=status)


@gate("record")
def list_template(request: HttpRequest) -> HttpResponse:
    from iljari.core.http import file_response

    from .lists import template_workbook

    return file_response(template_workbook(), "xlsx", "참여자명단_양식")

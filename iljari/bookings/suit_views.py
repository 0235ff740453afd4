"""The officers' suit-rental pages (under /bookings/): a branch's day (pick-ups, returns due, late returns first),
one rental (pick up, return in person or by parcel, no-show, cancel, history), the stock by item/cut/size and its
pieces, and lending at the desk. Reading needs `view_booking`, acting `operate_booking`, each within the
operator's unit (another unit's rental or piece: 404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.audit.models import AuditEntry
from iljari.core.errors import ServiceError
from iljari.core.labels import choices_in_language, name_in_language
from iljari.orgs.models import OrgUnit

from . import suit_services as svc
from .models import CitizenAccount, Place, Rental, SuitItem


class NamedChoiceField(forms.ModelChoiceField):
    """A place or a district by its name in the page's language (not its code)."""

    def label_from_instance(self, obj: Any) -> str:
        return name_in_language(obj)


def _branches(user: Any, action: str = "view_booking") -> Any:
    return (Place.objects.restrict(user, action).filter(kind=Place.Kind.SUIT_BRANCH)
            .select_related("operator", "district").order_by("name_ko"))


def _day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return timezone.localdate()


@gate("view_booking")
def rentals(request: HttpRequest) -> HttpResponse:
    branches = list(_branches(request.user))
    code = request.GET.get("branch", "")
    branch = next((b for b in branches if b.code == code), None)
    day = _day(request.GET.get("day"))
    qs = Rental.objects.restrict(request.user, "view_booking").select_related("branch", "person")
    qs = qs.filter(branch=branch) if branch else qs.filter(branch__in=branches)
    return render(request, "bookings/suits/rentals.html", {
        "branches": branches, "branch": branch, "day": day,
        "late": list(svc.rentals_overdue(day, qs)),
        "pickups": list(qs.filter(pickup_on=day, status=Rental.Status.RESERVED).order_by("branch", "id")),
        "due": list(qs.filter(due_on=day, status=Rental.Status.PICKED_UP).order_by("branch", "id")),
        "can_operate": policy.allows(request.user, "operate_booking")})


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Returned on (for a parcel: the day it was sent)"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("How"), choices=choices_in_language(Rental.ReturnMethod.choices),
                               widget=forms.RadioSelect)
    tracking_number = forms.CharField(label=_("Tracking number (parcel)"), required=False, max_length=30)


@gate("view_booking", methods=("GET", "HEAD", "POST"))
def rental(request: HttpRequest, rental_id: int) -> HttpResponse:
    r = get_object_or_404(Rental.objects.restrict(request.user, "view_booking")
                          .select_related("branch", "person", "operator"), pk=rental_id)
    can_operate = policy.can(request.user, "operate_booking", r)
    problems: list[str] = []
    form = ReturnForm(initial={"returned_on": timezone.localdate(), "method": "in_person"})
    if request.method == "POST":
        if not can_operate:
            raise PermissionDenied
        do = request.POST.get("do", "")
        version = _int(request.POST.get("version"))
        try:
            if do == "pick_up":
                swaps = {int(k[5:]): int(v) for k, v in request.POST.items() if k.startswith("swap_") and v.isdigit()
                         and k[5:].isdigit()}
                svc.rental_pick_up(actor=request.user, rental=r, swaps=swaps, version=version)
            elif do == "return":
                form = ReturnForm(request.POST)
                if not form.is_valid():
                    raise _FormError
                svc.rental_return(actor=request.user, rental=r, returned_on=form.cleaned_data["returned_on"],
                                  method=form.cleaned_data["method"],
                                  tracking_number=form.cleaned_data["tracking_number"], version=version)
            elif do == "no_show":
                svc.rental_no_show(actor=request.user, rental=r, version=version)
            elif do == "cancel":
                svc.rental_cancel(actor=request.user, rental=r, by_officer=True, version=version,
                                  reason=request.POST.get("reason", "")[:300])
            else:
                problems = [str(_("Choose what to do."))]
        except ServiceError as e:
            problems = [p.text() for p in e.problems]
        except _FormError:
            problems = [f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()]
        if not problems:
            return HttpResponseRedirect(reverse("web:bookings:rental", args=[r.pk]))
        r.refresh_from_db()
    lines = list(r.lines.select_related("item").order_by("id"))
    swap_choices = {}
    if r.status == Rental.Status.RESERVED and can_operate:
        for line in lines:
            if line.live:
                swap_choices[line.pk] = list(svc.free_pieces(branch=r.branch, item=line.item.item, cut=line.item.cut,
                                                             size=None, first=line.starts_on, last=line.ends_on)
                                             .exclude(pk=line.item_id)[:30])
    history = AuditEntry.objects.filter(object_type="bookings.rental", object_id=str(r.pk)).order_by("id")
    return render(request, "bookings/suits/rental.html", {
        "r": r, "lines": lines, "swap_choices": swap_choices, "form": form, "problems": problems,
        "can_operate": can_operate, "history": history, "today": timezone.localdate(),
        "account_phone": str(CitizenAccount.objects.filter(person=r.person).first() or "") if r.person else ""},
        status=400 if problems else 200)


class _FormError(Exception):
    pass


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@gate("view_booking")
def stock(request: HttpRequest) -> HttpResponse:
    branches = list(_branches(request.user))
    code = request.GET.get("branch", "")
    branch = next((b for b in branches if b.code == code), branches[0] if branches else None)
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    pieces: list[SuitItem] = []
    if branch is not None:
        out = {line_item for line_item in svc._busy_lines(today, today, today).filter(
            item__branch=branch).values_list("item_id", flat=True)}
        pieces = list(SuitItem.objects.filter(branch=branch).order_by("item", "cut", "size", "tag"))
        summary: dict[tuple[str, str, str], dict[str, int]] = {}
        for p in pieces:
            if not p.active:
                continue
            s = summary.setdefault((p.item, p.cut, p.size), {"total": 0, "out": 0})
            s["total"] += 1
            s["out"] += p.pk in out
        labels_item, labels_cut = dict(SuitItem.Item.choices), dict(SuitItem.Cut.choices)
        for (item, cut, size), s in sorted(summary.items(), key=lambda kv: (
                list(SuitItem.Item.values).index(kv[0][0]), kv[0][1], svc._size_key(kv[0][2]))):
            rows.append({"item": labels_item[item], "cut": labels_cut[cut], "size": size, "total": s["total"],
                         "out": s["out"], "free": s["total"] - s["out"]})
        for p in pieces:
            p.is_out = p.pk in out  # type: ignore[attr-defined]
    return render(request, "bookings/suits/stock.html", {
        "branches": branches, "branch": branch, "rows": rows, "pieces": pieces, "today": today,
        "can_operate": branch is not None and policy.can(request.user, "operate_booking", branch.operator)})


class PieceForm(forms.Form):
    branch = NamedChoiceField(label=_("Branch"), queryset=Place.objects.none())
    tag = forms.CharField(label=_("Tag"), max_length=30)
    item = forms.ChoiceField(label=_("Garment"), choices=choices_in_language(SuitItem.Item.choices))
    cut = forms.ChoiceField(label=_("Cut"), choices=choices_in_language(SuitItem.Cut.choices))
    size = forms.CharField(label=_("Size"), max_length=10)
    colour = forms.CharField(label=_("Colour"), max_length=30, required=False)

    def __init__(self, *args: Any, user: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["branch"].queryset = _branches(user, "operate_booking")


def _save_piece(request: HttpRequest, piece: SuitItem | None) -> tuple[PieceForm, list[str], SuitItem | None]:
    initial = {} if piece is None else {"branch": piece.branch_id, "tag": piece.tag, "item": piece.item,
                                        "cut": piece.cut, "size": piece.size, "colour": piece.colour}
    if piece is None and request.GET.get("branch"):
        b = _branches(request.user, "operate_booking").filter(code=request.GET["branch"]).first()
        initial["branch"] = b.pk if b else None
    form = PieceForm(request.POST or None, user=request.user, initial=initial)
    problems: list[str] = []
    saved = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = svc.suit_item_save(actor=request.user, item=piece, branch=d["branch"], tag=d["tag"],
                                       kind=d["item"], cut=d["cut"], size=d["size"], colour=d["colour"])
        except ServiceError as e:
            problems = [p.text() for p in e.problems]
    return form, problems, saved


@gate("operate_booking", methods=("GET", "HEAD", "POST"))
def stock_new(request: HttpRequest) -> HttpResponse:
    form, problems, saved = _save_piece(request, None)
    if saved is not None:
        return HttpResponseRedirect(f"{reverse('web:bookings:stock')}?branch={saved.branch.code}")
    return render(request, "bookings/suits/stock_item.html", {"form": form, "problems": problems, "piece": None},
                  status=400 if request.method == "POST" else 200)


@gate("operate_booking", methods=("GET", "HEAD", "POST"))
def stock_item(request: HttpRequest, item_id: int) -> HttpResponse:
    piece = get_object_or_404(SuitItem.objects.restrict(request.user, "operate_booking").select_related("branch"),
                              pk=item_id)
    if request.method == "POST" and request.POST.get("do") == "retire":
        try:
            svc.suit_item_retire(actor=request.user, item=piece, reason=request.POST.get("reason", "")[:300])
        except ServiceError as e:
            form = PieceForm(user=request.user, initial={"branch": piece.branch_id, "tag": piece.tag,
                                                         "item": piece.item, "cut": piece.cut, "size": piece.size,
                                                         "colour": piece.colour})
            return render(request, "bookings/suits/stock_item.html", {
                "form": form, "problems": [p.text() for p in e.problems], "piece": piece,
                "lines": _piece_lines(piece)}, status=400)
        return HttpResponseRedirect(f"{reverse('web:bookings:stock')}?branch={piece.branch.code}")
    form, problems, saved = _save_piece(request, piece)
    if saved is not None:
        return HttpResponseRedirect(f"{reverse('web:bookings:stock')}?branch={saved.branch.code}")
    return render(request, "bookings/suits/stock_item.html", {
        "form": form, "problems": problems, "piece": piece, "lines": _piece_lines(piece)},
        status=400 if request.method == "POST" else 200)


def _piece_lines(piece: SuitItem) -> list[Any]:
    return list(piece.lines.select_related("rental").order_by("-starts_on")[:20])


class DeskForm(forms.Form):
    branch = NamedChoiceField(label=_("Branch"), queryset=Place.objects.none(), empty_label=_("Choose a branch"))
    name = forms.CharField(label=_("Person's name"), max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}))
    phone = forms.CharField(label=_("Phone"), max_length=20)
    district = NamedChoiceField(label=_("District of residence"), queryset=OrgUnit.objects.none(),
                                required=False, empty_label=_("Outside Seoul"))
    final_year_student = forms.BooleanField(label=_("Final-year high-school student"), required=False)
    cut = forms.ChoiceField(label=_("Cut"), choices=choices_in_language(SuitItem.Cut.choices))
    pieces = forms.CharField(label=_("Pieces and sizes (e.g. jacket 100, trousers 32)"), max_length=200)
    hand_over = forms.BooleanField(label=_("Hand it over now"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["branch"].queryset = _branches(user, "operate_booking")
        self.fields["district"].queryset = OrgUnit.objects.filter(kind="district").order_by("name_ko")


def parse_pieces(text: str) -> dict[str, str]:
    """"jacket 100, trousers 32" or "재킷 100, 바지 32" -> {"jacket": "100", "trousers": "32"}."""
    names = {v: v for v in SuitItem.Item.values}
    names.update({label.split(" / ")[0]: v for v, label in SuitItem.Item.choices})
    out = {}
    for part in text.replace(";", ",").split(","):
        words = part.split()
        if len(words) == 2 and words[0].lower() in names:
            out[names[words[0].lower()]] = words[1]
        elif len(words) == 2 and words[0] in names:
            out[names[words[0]]] = words[1]
    return out


@gate("operate_booking", methods=("GET", "HEAD", "POST"))
def desk_rental(request: HttpRequest) -> HttpResponse:
    form = DeskForm(request.POST or None, user=request.user,
                    initial={"pickup_on": timezone.localdate(), "hand_over": True, "cut": "men"})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        pieces = parse_pieces(d["pieces"])
        if not pieces:
            problems = [str(_("Write each piece and its size, e.g. jacket 100, trousers 32."))]
        else:
            try:
                with transaction.atomic():  # a person made for a refused lending is not kept
                    person = svc.desk_person(actor=request.user, name=d["name"], birth_date=d["birth_date"],
                                             phone=d["phone"], district=d["district"])
                    r = svc.rental_book(actor=request.user, person=person, branch=d["branch"],
                                        pickup_on=timezone.localdate(), pieces=pieces, cut=d["cut"], channel="desk",
                                        final_year_student=d["final_year_student"], hand_over=d["hand_over"])
            except ServiceError as e:
                problems = [p.text() for p in e.problems]
            else:
                return HttpResponseRedirect(reverse("web:bookings:rental", args=[r.pk]))
    return render(request, "bookings/suits/desk.html", {"form": form, "problems": problems},
                  status=400 if request.method == "POST" else 200)


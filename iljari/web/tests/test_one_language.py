"""Korean pages are Korean throughout, English pages English throughout (issue 13).

Every route of the permission table (`URLS` of test_permission_matrix, one builder per route) and a few pages it
does not reach by itself (the work report, budget execution, an estimate, a drill-down, a page that does not
exist, a GET on a POST-only route) is rendered in Korean and in English, as the administrator, as 관악구's
district officer and as an anonymous visitor, in a world with data on every page: figures, a similar pair with a
decision, a screened round, a quality finding, a pledge, a publication, audit rows.

The site switches language the Django way: LocaleMiddleware reads the `django_language` cookie that the header's
language form sets through /i18n/setlang/ (else the browser's Accept-Language; Korean by default). The test sets
the cookie, as the switch does.

Only what a user reads is checked: the text between tags, without scripts, styles and attribute values. Words the
user typed are not the page's words: the data of the world (program and unit codes, user names, names and texts
entered only in Korean) is taken out of the text before it is checked, so an internal code that is *not* typed
data (`middle_aged`, `half_up`, `ledger.fact`) still fails. Each remaining word is reported with its page.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from .test_permission_matrix import URLS, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------------------------------------------------------
# Allow-lists. Each entry says why it may stay.

# Latin words a Korean page may show.
KO_ALLOWED = {
    "PDF", "xlsx", "CSV",  # file types on download links: the officer's software calls them so
    "API",  # the API 토큰 page and the API's name: there is no Korean word officers use instead
    "AI",  # AI 면접 체험(실): the cafés' and seeds' own Korean name of the AI interview practice (issue 16)
    "Token",  # the header an API client sends (`Authorization: Token …`) must be typed as it is
    "Authorization",  # same
    "iljari",  # the system's name
    # file types the upload fields of the call application take, as the applicant's software names them, and
    # the size unit officers and citizens write in Latin letters (slice "calls")
    "HWP", "HWPX", "DOCX", "XLSX", "JPG", "JPEG", "PNG", "MB",
    "A", "B",  # column letters in formulas the seed reports print: 예산현액(A), 지출액(B), 집행률(B/A)
}

# Hangul an English page may show besides Korean-only names typed by users (taken from the database below).
EN_ALLOWED: set[str] = set()  # none: the language switch marks 한국어 lang="ko"; quoted Korean terms are marked too

# Pages other helpers are fixing at the same time (issue 13 slices). The lead removes these after merging them:
# each entry is (page, word) and only excuses that word on that page.
ALL = "*"  # the whole page (in that language): being rewritten by another slice
_HISTORY = {  # `history`: program history and the audit trail show field labels and formatted values
    "False", "active", "code", "construction_industry", "contact", "continuity", "description", "end", "illustrative",
    "implementing_orgs", "job_type_id", "legal_basis", "middle_aged", "name_en", "name_ko", "owner_org_id",
    "policy_field_id", "start", "status", "target_groups", "youth"}
_RULES = {"JSON", "allowed", "districts", "max", "min", "unemployed", "GWANAK",  # participants: typed rule fields
          "hourly_rate", "monthly_cap_hours", "truncate_to"}
PENDING_OTHER_SLICES: dict[str, dict[str, set[str]]] = {
    "ko": {},
    "en": {
        # the trail keeps what was recorded: participants' rules and choices have Korean labels only so far
        "web:audit": {ALL},
        "web:program": {"사업"},  # an earlier name of the program ("사업 G") in the history section
        # the citizens' pages are Korean by design (whatever language an officer chose in the same browser)
        **{page: {ALL} for page in ("apply", "apply_list")},
    },
}

ROLES = {"anonymous": None, "admin": ("admin", None), "district_officer": ("district_officer", "GWANAK")}

# Pages the permission table does not reach by itself, all with data.
EXTRA: dict[str, str] = {
    "work report": "/reports/work-report/?org=SEOUL&year=2021&as_of=2021-05-31",
    "work report of a district": "/reports/work-report/?org=GWANAK&year=2021&as_of=2021-05-31",
    "budget execution": "/reports/budget-execution/?org=SEOUL&year=2021&as_of=2021-05-31",
    "budget execution of a district": "/reports/budget-execution/?org=GWANAK&year=2021&as_of=2021-05-31",
    "estimate": "/reports/coefficients/?industry=building_construction&budget=120&on=2021-05-01",
    "drill-down": "/programs/?year=2021&as_of=2021-05-31&f_job_type=direct&f_target_group=middle_aged&f_org=GWANAK",
    "similar pairs": "/duplicates/?similar=1",
    "planning 2021": "/planning/?year=2021",
    "missing page": "/no-such-page/",
    "public missing": "/public/no-such-publication/",
}
# Files, not pages.
FILES = {"web:entry_template", "web:round_export", "web:report_job_file", "public:pdf", "set_language", "web:logout",
         "episodes:sample"}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    """The text a reader sees: data between tags, without <script> and <style>. With `skip_korean`, text inside an
    element marked `lang="ko"` is left out too (Korean words an English page quotes, marked as Korean)."""

    def __init__(self, skip_korean: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_korean = skip_korean
        self._open: list[tuple[str, bool]] = []  # (tag, whether it hides its text)

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in VOID:
            return
        lang = dict(attrs).get("lang") or ""
        self._open.append((tag, tag in ("script", "style") or (self.skip_korean and lang.startswith("ko"))))

    def handle_endtag(self, tag: str) -> None:
        for n in range(len(self._open) - 1, -1, -1):
            if self._open[n][0] == tag:
                del self._open[n:]
                return

    def handle_data(self, data: str) -> None:
        if not any(hidden for _tag, hidden in self._open):
            self.parts.append(data)


def visible_text(html: str, skip_korean: bool = False) -> str:
    p = _Text(skip_korean)
    p.feed(html)
    return "\n".join(p.parts)


LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[.\-'][A-Za-z0-9_]+)*")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")


@pytest.fixture
def rich_world(world, actor, record, tree, codes, make_program):  # noqa: F811
    """The permission table's world with what the other pages show: a similar pair with a decision (similarity
    reasons), middle-aged programs, a screened round (screening decisions), a shortfall (a quality finding), a
    coefficient, a publication's audit rows."""
    from iljari.participants.models import EligibilityRule
    from iljari.participants.services import eligibility_rule_save, round_screen
    from iljari.programs.services import program_update
    from iljari.similarity.services import pair_review_save

    g = world["programs"]["GWANAK"]
    twin = make_program("G2", owner="GWANAK-JOB", groups=("middle_aged", "youth"))
    program_update(actor=actor, program=g, name_ko="관악 중장년 일자리 지원", description="중장년 구직자 일자리 연계",
                   target_groups=[codes["target_group:middle_aged"], codes["target_group:youth"]],
                   start=dt.date(2020, 1, 1), end=dt.date(2022, 12, 31))
    program_update(actor=actor, program=twin, name_ko="관악 중장년 일자리 연계 지원", description="중장년 구직자 일자리 지원",
                   start=dt.date(2021, 1, 1), end=dt.date(2022, 12, 31))
    record(twin, "job_target", "2021", 50, "2021-01-01")
    record(twin, "job_result", "2021-05", 70, "2021-05-31")  # more than the target: a finding
    record(g, "budget", "2021", 300_000_000, "2021-01-01", source="city")
    pair_review_save(actor=actor, first=g, second=twin, relation="overlapping", decision="keep_both", reason="대상이 다름",
                     target=None, score=0.5)
    # The permission table's world names rounds and pledges by unit codes ("GWANAK 2021 상반기"); officers name
    # them in words, and a unit code anywhere on a page is then a finding.
    names = {"JOBPOL": "일자리정책과", "GWANAK": "관악구", "YDP": "영등포구"}
    for key, rnd in world["rounds"].items():
        type(rnd).objects.filter(pk=rnd.pk).update(name=f"{names[key]} 2021 상반기")
    for key, pledge in world["pledges"].items():
        type(pledge).objects.filter(pk=pledge.pk).update(title=f"공약 {names[key]}")
    # 관악구's applicant received benefits elsewhere: one sure (counted by the cap), one a possible match to review
    from iljari.people.models import BenefitRecord, Person, PersonLink

    a = world["applicants"]["GWANAK"]
    me = Person.objects.create(name=a.name, birth_date=a.birth_date, rrn_hash=a.rrn_hash, source="applicant",
                               source_ref=f"applicant:{a.pk}")
    type(a).objects.filter(pk=a.pk).update(person=me)
    for n, (band, start) in enumerate((("same", dt.date(2020, 3, 1)), ("review", dt.date(2019, 9, 1)))):
        other = Person.objects.create(name=a.name, birth_date=a.birth_date, source="list", source_ref=f"list:1:{n}")
        BenefitRecord.objects.create(person=other, program=world["programs"]["YDP"], org_unit=world["units"]["YDP"],
                                     kind="paid", start=start, end=start + dt.timedelta(days=120), months=5,
                                     source="list", source_ref=f"list:1:{n}")
        PersonLink.objects.create(left=me, right=other, probability=0.999 if band == "same" else 0.87, band=band)
    for rnd in world["rounds"].values():
        for kind, params in (("residency", {"districts": ["GWANAK"]}), ("employment", {"allowed": ["unemployed"]}),
                             ("age_range", {"min": 18, "max": 64}), ("participation_cap", {"months": 10, "years": 2})):
            eligibility_rule_save(actor=actor, rule=EligibilityRule(
                program=rnd.program, kind=kind, params=params, valid_from=dt.date(2021, 1, 1)), reason="관내 거주")
        round_screen(actor=actor, round=rnd, on=dt.date(2021, 2, 1))
    # --- reports, slice "disclosure" (issue 18): 관악구's job plan with its figures typed in (ready to publish);
    # the city's stays empty, so its page lists every missing item ---
    from decimal import Decimal

    from iljari.reports.jobplans.services import plan_save

    plan_save(actor=actor, plan=world["plans"]["GWANAK"], data={
        "direction": "청년 일자리 확대\n공공일자리 제공",
        "headlines": {"employment_rate": {"base_year": 2020, "base_value": Decimal("60.1"),
                                          "target_value": Decimal("60.5"), "source": "통계청 지역별고용조사",
                                          "source_date": dt.date(2021, 2, 1)},
                      "employed": {"base_year": 2020, "base_value": Decimal(250_000), "target_value": Decimal(251_000),
                                   "source": "통계청 지역별고용조사"}},
        "categories": {**{c: {"not_applicable": True} for c in (
            "training", "employment_service", "employment_subsidy", "startup", "infrastructure")},
            "business_attraction": {"years": {2021: {"target": 30, "budget": 1_500_000_000}}, "note": "창업센터 입주"}}})
    # --- end "disclosure" ---
    return world


def _typed_data() -> tuple[set[str], set[str]]:
    """What users typed: (Latin identifiers a Korean page may show, Korean texts an English page may show because
    they have no English name). Unit codes are not here: a page names units (관악구, not GWANAK); only the org
    pages, where codes are edited, show them (PAGE_DATA)."""
    from django.contrib.auth import get_user_model

    from iljari.orgs.models import OrgUnit
    from iljari.participants.models import Applicant, RecruitmentRound
    from iljari.pledges.models import Pledge
    from iljari.programs.models import EmploymentCoefficient, Program
    from iljari.reports.models import Publication
    from iljari.similarity.models import PairReview

    latin = set(Program.objects.values_list("code", flat=True))
    latin |= set(get_user_model().objects.values_list("username", flat=True))
    korean: set[str] = set()
    for p in Program.objects.all():
        korean |= {p.name_ko, p.description} if not p.name_en else {p.description}
    for o in OrgUnit.objects.all():
        if not o.name_en:
            korean.add(o.name_ko)
    korean |= set(RecruitmentRound.objects.values_list("name", flat=True))
    korean |= set(Pledge.objects.values_list("title", flat=True))
    korean |= set(Applicant.objects.values_list("name", flat=True))
    from iljari.people.alert_text import mask_name
    from iljari.people.models import BenefitRecord, Person

    names = set(Person.objects.values_list("name", flat=True))  # people's names, whole and masked (김*수)
    korean |= names | {w for n in names for w in HANGUL.findall(mask_name(n))}
    korean |= set(BenefitRecord.objects.values_list("program_name", flat=True))  # as a list named the program
    korean |= set(PairReview.objects.values_list("reason", flat=True))  # a reviewer's words
    korean |= set(EmploymentCoefficient.objects.values_list("source", flat=True))  # where a coefficient comes from
    # A published edition is the city's Korean text, frozen (reports.services.publication_create).
    korean |= set(Publication.objects.values_list("title", flat=True))
    korean |= {v for p in Publication.objects.all() for v in HANGUL.findall(p.body_html)}
    # --- job centres (issue 15, registry): what counsellors and employers typed; centres without English names
    from iljari.employment.models import Centre, Employer, Vacancy

    korean |= set(Vacancy.objects.values_list("title", flat=True)) | set(Employer.objects.values_list("name", flat=True))
    korean |= {c.name_ko for c in Centre.objects.all() if not c.name_en}
    # --- end registry
    # --- employment casework (issue 15): what centres typed (employers, vacancies, placements, job fairs) ---
    from iljari.employment.models import Centre, Employer, JobFair, Placement, Referral, Vacancy

    korean |= set(Centre.objects.filter(name_en="").values_list("name_ko", flat=True))
    korean |= set(Employer.objects.values_list("name", flat=True))
    korean |= set(Vacancy.objects.values_list("title", flat=True))
    korean |= set(Placement.objects.values_list("employer_name", flat=True))
    korean |= set(Referral.objects.values_list("reason", flat=True))
    korean |= {v for f in JobFair.objects.all() for v in (f.name, f.venue, f.note)}
    # --- end employment casework ---
    # --- bookings (issue 16, suits): the tags operators write on their pieces of stock ---
    from iljari.bookings.models import SuitItem

    latin |= set(SuitItem.objects.values_list("tag", flat=True))
    # --- end bookings suits ---
    # --- cases (issue 17): flow codes the portfolio office types (shown where flows are set up) ---
    from iljari.cases.models import Flow

    latin |= set(Flow.objects.values_list("code", flat=True))
    korean |= {f.name_ko for f in Flow.objects.all() if not f.name_en}
    # --- end cases ---
    # --- cases (issue 17, slice "flows"): a case's reference (접수번호: the number officers and applicants quote,
    # made of the year, the flow's code and a serial), what applicants typed, flows named in Korean only ---
    from iljari.cases.models import Case, Flow, Organisation

    latin |= {w for r in Case.objects.values_list("reference", flat=True) for w in LATIN.findall(r)}
    korean |= set(Organisation.objects.values_list("name", flat=True)) | set(Case.objects.values_list("title", flat=True))
    korean |= set(Flow.objects.filter(name_en="").values_list("name_ko", flat=True))
    # --- end cases "flows" ---
    # --- cases slice "subsidy" (issue 17): flow codes officers set up, the case references made of them (접수번호
    # 2021-RETENTION-2021-000001), firms' names and the names of the files they sent ---
    from iljari.cases.models import Case, Document, Flow, Organisation

    latin |= set(Flow.objects.values_list("code", flat=True))
    latin |= {w for r in Case.objects.values_list("reference", flat=True) for w in LATIN.findall(r)}
    korean |= set(Organisation.objects.values_list("name", flat=True))
    names = set(Document.objects.values_list("name", flat=True))
    latin |= {w for n in names for w in LATIN.findall(n)}
    korean |= names
    # --- end "subsidy" ---
    # --- cases slice "money": a payment batch's number (digits made by the service; the test world's are typed),
    # what officers typed (a recovery's reason and notes, a reallocation's reason and fund, an account's holder) ---
    from iljari.cases.models import PayeeAccount, PaymentBatch, Reallocation, Recovery, RecoveryEntry, StagedTerm

    latin |= set(PaymentBatch.objects.values_list("number", flat=True))
    korean |= set(Recovery.objects.values_list("reason", flat=True)) | set(RecoveryEntry.objects.values_list("note", flat=True))
    korean |= {v for r in Reallocation.objects.values_list("reason", "fund") for v in r}
    korean |= set(PayeeAccount.objects.values_list("holder", flat=True))
    korean |= set(StagedTerm.objects.values_list("end_reason", flat=True))
    # --- end cases "money" ---
    # --- cases (issue 17, slice "calls"): calls titled in Korean only (the permission table's are numbered by unit
    # code: "공모 GWANAK"), categories named in Korean only, what applicants, reviewers and officers typed ---
    from iljari.cases.models import Call, Interview, Proposal, Review

    for call in Call.objects.all():
        if not call.title_en:
            korean.add(call.title_ko)
            latin |= set(LATIN.findall(call.title_ko))
        if not call.summary_en:
            korean.add(call.summary_ko)
        korean |= {c.get("ko", "") for c in call.categories or [] if not c.get("en")}
    korean |= {v for p in Proposal.objects.all() for v in (p.summary, p.contact_name)}
    korean |= {v for i in Interview.objects.all() for v in (i.place, i.note)}
    korean |= {v for r in Review.objects.all() for v in (r.comment, r.recusal_reason)}
    from iljari.cases.models import Document

    documents = set(Document.objects.values_list("name", flat=True))  # file names as uploaded ("신청서.pdf")
    korean |= documents
    latin |= {w for n in documents for w in LATIN.findall(n)}
    # --- end cases "calls" ---
    # --- reports, slice "disclosure" (issue 18): what officers typed into a job plan (its direction, line by line
    # as the page breaks it, the notes by type, the headline figures' sources) ---
    from iljari.reports.jobplans.models import JobPlan, PlanCategory, PlanHeadline

    korean |= {line.strip() for d in JobPlan.objects.values_list("direction", flat=True) for line in d.splitlines()}
    korean |= set(PlanCategory.objects.values_list("note", flat=True))
    korean |= set(PlanHeadline.objects.values_list("source", flat=True))
    # --- end "disclosure" ---
    # --- outcomes (issue 18, employment episodes): imported files' names and sources, employers as the files name
    # them ---
    from iljari.outcomes.models import EmploymentEpisode, EpisodeImport

    for name, source in EpisodeImport.objects.values_list("name", "source"):
        korean |= {name, source}
        latin |= set(LATIN.findall(name)) | set(LATIN.findall(source))
    korean |= set(EmploymentEpisode.objects.values_list("employer_name", flat=True))
    # --- end employment episodes ---
    return latin, {k for k in korean if k}


def _org_codes() -> set[str]:
    from iljari.orgs.models import OrgUnit

    return {*OrgUnit.objects.values_list("code", flat=True),
            *(w for n in OrgUnit.objects.values_list("name_en", flat=True) for w in (n or "").split())}


def _audit_data() -> set[str]:
    """The audit trail records rows as they were made: unit codes and English names, and a flow's English name
    and kind (issue 17)."""
    from iljari.cases.models import Flow

    words = _org_codes()
    for f in Flow.objects.all():
        words |= {f.code, f.kind, *LATIN.findall(f.name_en)}
    return words


def _code_lists() -> set[str]:
    """The code-list page edits codes and both their labels: they are its data."""
    from iljari.programs.models import Code, Measure

    words: set[str] = set()
    for c in Code.objects.all():
        words |= {c.code, *LATIN.findall(c.label_en)}
    for m in Measure.objects.all():
        words |= {m.code, *LATIN.findall(m.name_en)}
    return words


# Pages where typed codes are the subject: the org tree and its editor show unit codes; the code lists show codes
# and English labels (the administrator edits both).
# the audit trail records units as they were made, codes and English names included
def _episode_layout() -> set[str]:
    """Issue 18, employment episodes: the import page's layout says what a file writes, as it is written: the
    person key's forms (P1234, L1234), the wage band's codes (u150), Y/N, the encodings (UTF-8, CP949)."""
    return {"P", "P1234", "L", "L1234", "u150", "Y", "N", "UTF-8", "CP949"}


PAGE_DATA = {"web:audit": _audit_data, "web:orgs": _org_codes, "web:org_edit": _org_codes, "web:codes": _code_lists,
             "web:code_edit": _code_lists, "episodes:import": _episode_layout}


def _korean_labels() -> set[str]:
    from iljari.programs.models import Code, Measure

    return {*Code.objects.values_list("label_ko", flat=True), *Measure.objects.values_list("name_ko", flat=True)}


def _minimum_wage_sources() -> set[str]:
    """Issue 15, matching: the minimum wage's source is the notice's Korean title as the administrator typed it."""
    from iljari.employment.models import MinimumWage

    return set(MinimumWage.objects.values_list("source", flat=True))


# ... and on English pages, their Korean labels (a column of the table the administrator edits).
PAGE_KOREAN = {"web:codes": _korean_labels, "web:code_edit": _korean_labels,
               "employment:codes_minimum_wage": _minimum_wage_sources}


def _pages(w: dict[str, Any]) -> dict[str, str]:
    pages = {}
    for name, url in URLS.items():
        if name in FILES or url(w, "GWANAK").startswith("/api/"):
            continue
        pages[name] = url(w, "GWANAK")
    pages.update(EXTRA)
    # --- cases slice "calls": the case page of a call application (its call panel) ---
    pages["case page of a call application"] = f"/cases/{w['cases']['call_cases']['GWANAK'].reference}/"
    # --- end "calls" ---
    return pages


def _offences(text: str, language: str, latin: set[str], korean: set[str], page: str) -> list[str]:
    pending = PENDING_OTHER_SLICES.get(language, {}).get(page, set())
    if ALL in pending:
        return []
    if language == "ko":
        latin = latin | (PAGE_DATA[page]() if page in PAGE_DATA else set())
        words = {m for m in LATIN.findall(text)}
        return sorted(x for x in words if x not in KO_ALLOWED and x not in latin and x not in pending)
    korean = korean | (PAGE_KOREAN[page]() if page in PAGE_KOREAN else set())
    for k in sorted(korean, key=len, reverse=True):
        text = text.replace(k, " ")
    words = set(HANGUL.findall(text))
    return sorted(x for x in words if x not in EN_ALLOWED and x not in pending)


def _sweep(rich_world: dict[str, Any], make_user: Any, language: str) -> dict[str, list[str]]:
    users = {role: make_user(f"lang-{role}", *spec) for role, spec in ROLES.items() if spec}
    rich_world["role"] = "admin"
    latin, korean = _typed_data()
    found: dict[str, list[str]] = {}
    for role in ROLES:
        c = Client(raise_request_exception=False)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if role in users:
            c.force_login(users[role])
        for page, path in _pages(rich_world).items():
            r = c.get(path)
            if r.status_code in (301, 302) or "html" not in r.get("Content-Type", ""):
                continue
            text = visible_text(r.content.decode(), skip_korean=language == "en")
            bad = _offences(text, language, latin, korean, page)
            if bad:
                found.setdefault(f"{page} ({path}, {role}, {r.status_code})", bad)
    return found


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}: {' '.join(words)}" for page, words in sorted(found.items()))


def test_korean_pages_have_no_english_words(rich_world, make_user):
    found = _sweep(rich_world, make_user, "ko")
    assert not found, "Latin-script words on Korean pages:\n" + _report(found)


def test_english_pages_have_no_korean_words(rich_world, make_user):
    found = _sweep(rich_world, make_user, "en")
    assert not found, "Hangul on English pages:\n" + _report(found)


def test_the_sweep_catches_a_code_on_a_korean_page():
    """The checker itself: an internal code in text fails, the same code in an attribute or a script does not."""
    html = '<p title="middle_aged">청년</p><script>var x = "half_up";</script><td>middle_aged</td>'
    assert _offences(visible_text(html), "ko", set(), set(), "x") == ["middle_aged"]
    assert _offences(visible_text("<p>저장했습니다 / saved</p>"), "en", set(), set(), "x") == ["저장했습니다"]

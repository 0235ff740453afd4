"""What the job-plan disclosure asks for, as data: the headline indicators and the job types of the guidance, and
which programs of the registry each type reads from the ledger (docs/decisions/0010-job-plan-disclosure.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    code: str
    ko: str
    en: str
    unit: str  # "percent" (one decimal) or "people" (명)
    city_only: bool = False  # asked of a city (광역), not of a district


INDICATORS = [
    Indicator("employment_rate", "고용률(15~64세)", "Employment rate (ages 15-64)", "percent"),
    Indicator("employed", "취업자 수", "Number employed", "people"),
    Indicator("regular_employees", "상용근로자 수", "Number of regular employees", "people", city_only=True),
]
INDICATOR = {i.code: i for i in INDICATORS}


@dataclass(frozen=True)
class Category:
    """A job type of the disclosure. `job_types` / `subtypes`: the registry's codes whose programs it reads from
    the ledger; a type with neither (job infrastructure, business attraction) is typed in by the officer."""

    code: str
    ko: str
    en: str
    job_types: tuple[str, ...] = ()
    subtypes: tuple[str, ...] = ()

    @property
    def from_ledger(self) -> bool:
        return bool(self.job_types or self.subtypes)


CATEGORIES = [
    Category("direct", "직접일자리", "Direct jobs", job_types=("direct",)),
    Category("training", "직업능력개발훈련", "Vocational training", subtypes=("training",)),
    Category("employment_service", "고용서비스", "Employment services", subtypes=("employment_service",)),
    Category("employment_subsidy", "고용장려금", "Employment subsidies", subtypes=("employment_subsidy",)),
    Category("startup", "창업지원", "Start-up support", subtypes=("startup",)),
    Category("infrastructure", "일자리 인프라 구축", "Job infrastructure"),
    Category("business_attraction", "기업유치", "Business attraction"),
]
CATEGORY = {c.code: c for c in CATEGORIES}


def category_of(job_type: str | None, subtype: str | None) -> str | None:
    """The disclosure's type of a program of this job type and subtype; None for the rest (민간지원, 공사인력: shown
    as "그 밖의 일자리 사업" so that the total is the ledger's)."""
    for c in CATEGORIES:
        if (job_type and job_type in c.job_types) or (subtype and subtype in c.subtypes):
            return c.code
    return None


def term_of(year: int, first_year_of_term: bool = False) -> int:
    """민선 N기 of a year: the 2nd term began in July 1998 and every term lasts four years (7th: 2018-2022). A plan
    made by March of an election year (2022) still belongs to the term ending that June; a comprehensive plan of
    the election year belongs to the term that begins."""
    if first_year_of_term:
        return (year - 1998) // 4 + 2
    return (year - 1999) // 4 + 2

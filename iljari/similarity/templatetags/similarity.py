"""`{{ reason|reason }}`: a pair's reason in the page's language, target groups and delivery modes by their
labels (`middle_aged` is 중장년 on a Korean page, "Middle-aged" on an English one); the shared key terms, which are
words of the Korean program names, marked `lang="ko"`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from iljari.core.labels import one_language

register = template.Library()

# kind -> (Korean, English); {0} the values joined.
TEXTS = {
    "shared_terms": ("공통 핵심어: {0}", "shared key terms: {0}"),
    "no_shared_terms": ("공통 핵심어 없음", "no shared key term"),
    "same_groups": ("같은 사업대상: {0}", "same target group: {0}"),
    "different_groups": ("사업대상이 다름", "different target groups"),
    "same_subtype": ("같은 세부유형", "same subtype"),
    "same_job_type": ("같은 유형", "same job type"),
    "different_job_type": ("유형이 다름", "different job type"),
    "same_area": ("지역이 겹침: {0}", "same area: {0}"),
    "different_area": ("지역이 다름: {0}", "different area: {0}"),
    "same_years": ("기간이 겹침: {0}", "overlapping period: {0}"),
    "different_years": ("기간이 겹치지 않음: {0}", "no common year: {0}"),
    "name_inside": ("한 사업명이 다른 사업에 포함됨 ({0})", "one program's name is inside the other ({0})"),
    "name_words": ("한 사업명의 낱말 {0}가 다른 사업에 나옴", "{0} of one program's name words are in the other"),
    "same_idea": ("같은 뜻의 말: {0}", "the same idea in other words: {0}"),
    "similar_meaning": ("사업 내용의 의미가 비슷함 ({0})", "similar in meaning ({0})"),
    "same_delivery": ("같은 추진방식: {0}", "same delivery: {0}"),
}
CODE_LISTS = {"same_groups": "target_group", "same_delivery": "delivery_mode"}
SEPARATORS = {"same_area": " · ", "different_area": " · ", "same_years": " · ", "different_years": " · "}


def _labels(code_list: str, english: bool) -> dict[str, str]:
    from iljari.programs.models import Code

    return {c.code: (c.label_en if english else "") or c.label_ko for c in Code.objects.filter(list=code_list)}


@register.filter
def reason(r: Any) -> str | SafeString:
    english = (get_language() or "ko").startswith("en")
    kind = getattr(r, "kind", "")
    if kind not in TEXTS:  # a reason written as "한국어 / English" text
        return one_language(r, get_language())
    text = TEXTS[kind][1 if english else 0]
    values = list(getattr(r, "values", ()))
    if kind in CODE_LISTS:
        labels = _labels(CODE_LISTS[kind], english)
        values = [labels.get(v, v) for v in values]
    if english and kind in ("same_area", "different_area"):  # an area is a unit's Korean name: its English one
        from iljari.orgs.models import OrgUnit

        names = dict(OrgUnit.objects.filter(name_ko__in=values).exclude(name_en="").values_list("name_ko", "name_en"))
        values = [names.get(v, v) for v in values]
    if kind in ("shared_terms", "same_idea"):
        terms = format_html_join(", ", '<span lang="ko">{}</span>', ((v,) for v in values))
        return format_html(text.replace("{0}", "{}"), terms)
    return text.format(SEPARATORS.get(kind, ", ").join(values))


# A review's relation and decision (PairReview's Korean choice labels) on an English page.
PAIR_WORDS_EN = {"중복": "duplicate", "일부 중복": "partly duplicate", "상호보완": "complementary", "관련 없음": "unrelated",
                 "통합": "merge", "모두 유지": "keep both", "축소": "reduce", "폐지": "abolish"}


@register.filter
def pair_word(label: Any) -> str:
    text = str(label)
    return PAIR_WORDS_EN.get(text, text) if (get_language() or "ko").startswith("en") else text


@register.filter
def area(label: Any) -> str:
    """A program's area (a unit's Korean name) in the page's language."""
    text = str(label or "")
    if not text or not (get_language() or "ko").startswith("en"):
        return text
    from iljari.orgs.models import OrgUnit

    return OrgUnit.objects.filter(name_ko=text).exclude(name_en="").values_list("name_en", flat=True).first() or text

"""Normalised forms of the identifying fields, for the linkage and for display of what was compared.

Names are compared on their jamo (NFD splits a syllable into its conjoining jamo: 희 -> ㅎㅢ, 히 -> ㅎㅣ, so
이영희 and 이영히 differ in one jamo), phones on their digits, addresses after the usual ways of writing Seoul and
spacing are folded.

Addresses: Korean addresses come in two forms for the same place, the road-name form (도로명주소: "관악구 관악로 145",
"신림로23길 16") and the older lot-number form (지번주소: "관악구 신림동 1423-5번지"). Without the national address
database the two cannot be turned into each other, so `address_parts` marks which form an address is in ("road" /
"lot"), keeps the building key of that form ("관악로 145" / "신림동 1423-5"), the district (구) and, where written, the
legal dong (for the road form often given in brackets: "관악로 145 (봉천동)"), and folds the unit (동/호/층) and
apartment names into a separate unit key, so that the linkage can compare "same building", "same dong", "same gu".
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_SEOUL = re.compile(r"^(서울특별시|서울시|서울)\s*")
_NON_DIGIT = re.compile(r"\D")

#: Seoul's 25 autonomous districts.
SEOUL_GU = (
    "종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구", "노원구",
    "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구", "관악구", "서초구",
    "강남구", "송파구", "강동구",
)
# longest first so that 동대문구 is found before 중구 / 서대문구 before 중구 etc.
_GU = re.compile("(" + "|".join(sorted(SEOUL_GU, key=len, reverse=True)) + ")")
_GU_AT_START = re.compile("(?:" + "|".join(sorted(SEOUL_GU, key=len, reverse=True)) + ")")

#: Two-syllable surnames; any other name's surname is its first syllable.
DOUBLE_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방", "어금", "망절", "소봉")

_ROAD = re.compile(r"([가-힣][가-힣0-9.]*?(?:대로|로|길))\s*(\d+(?:-\d+)?)(?![\d가-힣])")
_LOT = re.compile(r"([가-힣][가-힣0-9]*?(?:동|가|리))\s*(?:산\s*)?(\d+(?:-\d+)?)\s*(?:번지)?(?:\s*(\d+)\s*호(?!\d))?")
_LOT_BUNJI_SUB = re.compile(r"(\d+)\s*번지\s*(\d+)\s*호?")
_DONG_IN_BRACKETS = re.compile(r"\(([가-힣][가-힣0-9]*?(?:동|가))(?:[,\s][^)]*)?\)")
_BUILDING_DONG = re.compile(r"(\d+)\s*동(?![가-힣])")
_HO = re.compile(r"(\d+)\s*호")
_FLOOR = re.compile(r"(\d+)\s*층")
_BRACKETS = re.compile(r"\([^)]*\)")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def name_norm(name: str) -> str:
    """The name without spaces and in NFC ("이 영희" -> "이영희")."""
    return _nfc(_SPACE.sub("", name or ""))


def name_jamo(name: str) -> str:
    """The name as a string of jamo (compatibility-free conjoining jamo via NFD)."""
    return unicodedata.normalize("NFD", name_norm(name))


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name) in NFC: "남궁민수" -> ("남궁", "민수"), "이영희" -> ("이", "영희")."""
    norm = name_norm(name)
    if len(norm) >= 3 and norm[:2] in DOUBLE_SURNAMES:
        return norm[:2], norm[2:]
    return norm[:1], norm[1:]


def phone_digits(phone: str) -> str:
    """The phone's digits with a leading +82 folded to 0 ("+82 10-1234-5678" -> "01012345678")."""
    digits = _NON_DIGIT.sub("", phone or "")
    if digits.startswith("82") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def phone_parts(phone: str) -> tuple[str, str]:
    """(middle part, last four digits) of a phone number; ("", "") when it has fewer than 7 digits.

    "010-1234-5678" -> ("1234", "5678"); "02-123-4567" -> ("123", "4567").
    """
    digits = phone_digits(phone)
    if len(digits) < 7:
        return "", ""
    if digits.startswith("02"):
        prefix = 2
    elif digits.startswith("0"):
        prefix = 3
    else:
        prefix = 0
    return digits[prefix:-4], digits[-4:]


def _unit_key(text: str) -> str:
    """The building/unit part ("101동 302호", "3층") as "101-302" / "f3", "" when none."""
    parts = []
    bdong = _BUILDING_DONG.search(text)
    if bdong:
        parts.append(bdong.group(1))
    ho = _HO.search(text)
    if ho:
        parts.append(ho.group(1))
    if not parts:
        floor = _FLOOR.search(text)
        if floor:
            parts.append("f" + floor.group(1))
    return "-".join(parts)


def address_parts(address: str) -> dict[str, str]:
    """The pieces of a Seoul address the linkage compares.

    Returns a dict with ``kind`` ("road", "lot" or ""), ``gu`` (e.g. "관악구" or ""), ``dong`` (legal dong where
    written, e.g. "신림동"), ``building`` (the building key of the form: "관악로 145" or "신림동 1423-5"),
    ``unit`` ("101-302", "f3" or "") and ``norm`` (the canonical one-line form, road or lot marked:
    "서울 관악구 관악로 145 [도로] 101-302").
    """
    text = _nfc(_SPACE.sub(" ", (address or "").strip()))
    text = text.replace(",", " ")
    text = _SEOUL.sub("", text)
    gu = ""
    m = _GU_AT_START.match(text) or _GU.search(text)
    if m:
        gu = m.group(0)
        rest = text[m.end():]
    else:
        rest = text
    dong = ""
    bracket = _DONG_IN_BRACKETS.search(rest)
    if bracket:
        dong = bracket.group(1)
    body = _BRACKETS.sub(" ", rest)
    body = _LOT_BUNJI_SUB.sub(r"\1-\2", body)
    kind = building = ""
    unit_text = body
    road = _ROAD.search(body)
    lot = _LOT.search(body)
    if road and (not lot or road.start() <= lot.start()):
        kind = "road"
        building = f"{road.group(1)} {road.group(2)}"
        unit_text = body[road.end():]
    elif lot:
        kind = "lot"
        dong = dong or lot.group(1)
        number = lot.group(2)
        building = f"{lot.group(1)} {number}"
        unit_text = body[lot.end():]
    unit = _unit_key(unit_text)
    if kind:
        marker = "[도로]" if kind == "road" else "[지번]"
        norm = " ".join(p for p in ("서울", gu, building, marker, unit) if p)
    else:
        norm = " ".join(p for p in ("서울", gu, _SPACE.sub(" ", body).strip()) if p)
    return {"kind": kind, "gu": gu, "dong": dong, "building": building, "unit": unit, "norm": norm}


def address_norm(address: str) -> str:
    """The address written one way: 서울특별시/서울시/서울 folded, spaces folded, 번지 dropped, the road-name or
    lot-number form marked, the unit reduced to its numbers ("서울특별시 관악구 신림동 1423-5번지 101동 302호" ->
    "서울 관악구 신림동 1423-5 [지번] 101-302"). "" for an empty address."""
    if not (address or "").strip():
        return ""
    return address_parts(address)["norm"]


def address_tokens(address: str, parts: dict[str, str] | None = None) -> list[str]:
    """The address's tokens for an overlap comparison: gu, dong, road or lot name, building number, unit
    (``parts``: the address's ``address_parts`` when already at hand)."""
    parts = parts or address_parts(address)
    tokens = [parts["gu"], parts["dong"]] + parts["building"].split(" ") + ([parts["unit"]] if parts["unit"] else [])
    seen: list[str] = []
    for token in tokens:
        if token and token not in seen:
            seen.append(token)
    return seen

"""The linkage against the database: full runs write links and clusters, officers' decisions are kept (and
re-opened by a change of an identifying field), the incremental check finds a one-jamo typo, the commands run,
the runs page shows the model in words and starts a run."""

from __future__ import annotations

import datetime as dt
import io
import random

import pandas as pd
import pytest
from django.core.management import call_command
from django.utils import timezone

from iljari.people.models import LinkageRun, Person, PersonLink

pytestmark = pytest.mark.django_db

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "도윤", "하은", "시우", "지유", "주원", "서윤", "예준", "지민", "건우", "수아", "현우", "다은",
         "지호", "채원", "준서", "예린", "우진", "소율", "영희", "철수", "미숙", "정호", "경자", "상훈", "은정", "동현"]
GU = ["관악구", "영등포구", "마포구", "노원구", "강서구", "송파구", "은평구", "구로구"]
ROADS = ["봉천로", "신림로", "남부순환로", "여의대로", "도림로", "월드컵로", "동일로", "화곡로"]


def _people(n: int, seed: int = 7) -> list[dict]:
    """n distinct people (random names, birth dates, phones, addresses) and, for a third of them, a second record
    with the small differences of real lists: a spacing, a new phone, 서울특별시 for 서울, no resident hash."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50))
        phone = f"010-{rng.randrange(2000, 9999)}-{rng.randrange(1000, 9999)}"
        gu, road = rng.choice(GU), rng.choice(ROADS)
        address = f"서울 {gu} {road} {rng.randrange(1, 300)}"
        rrn = f"{i:064x}" if rng.random() < 0.5 else ""
        base = {"name": name, "birth_date": born, "sex": rng.choice("MF"), "phone": phone, "address": address,
                "rrn_hash": rrn, "truth": i}
        rows.append(base)
        if i % 3 == 0:
            rows.append({**base, "name": name[0] + " " + name[1:], "address": address.replace("서울", "서울특별시"),
                         "phone": phone if rng.random() < 0.5 else phone.replace("-", ""), "rrn_hash": ""})
    return rows


def _create(rows: list[dict]) -> list[Person]:
    return Person.objects.bulk_create([
        Person(name=r["name"], birth_date=r["birth_date"], sex=r["sex"], phone=r["phone"], address=r["address"],
               rrn_hash=r["rrn_hash"], source=Person.Source.LIST, source_ref=f"t:{r['truth']}") for r in rows])


@pytest.fixture(scope="module")
def params() -> dict:
    """The model trained once for the module on the same kind of records (no database)."""
    from iljari.people.linkage import engine

    rows = _people(400, seed=11)
    frame = pd.DataFrame([{"unique_id": k + 1, **{c: r[c] for c in ("name", "birth_date", "sex", "phone", "address",
                                                                     "rrn_hash")}} for k, r in enumerate(rows)])
    return engine.train(frame, backend="duckdb", seed=3)


@pytest.fixture
def trained(params, actor) -> LinkageRun:
    """A finished earlier run whose parameters the runs below reuse (retrain=False)."""
    return LinkageRun.objects.create(actor=actor, status=LinkageRun.Status.DONE, params=params,
                                     trained_on=dt.date(2026, 11, 1), finished_at=timezone.now())


@pytest.fixture
def registry() -> list[Person]:
    return _create(_people(120))


def _pair(a: Person, b: Person) -> PersonLink | None:
    left, right = sorted((a.pk, b.pk))
    return PersonLink.objects.filter(left_id=left, right_id=right).first()


def test_run_writes_links_and_clusters(registry, trained, actor):
    from iljari.audit.models import AuditEntry
    from iljari.people.linkage.service import linkage_run

    run = linkage_run(actor=actor, retrain=False)
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.DONE and run.records == len(registry)
    assert run.params == trained.params and run.trained_on == dt.date(2026, 11, 1)
    assert run.thresholds == {"same": 0.95, "review": 0.5}  # settings, from the engine's figures (docs/linkage.md)
    by_truth: dict[str, list[Person]] = {}
    for p in Person.objects.order_by("pk"):
        by_truth.setdefault(p.source_ref, []).append(p)
    twins = [ps for ps in by_truth.values() if len(ps) == 2]
    assert len(twins) == 40
    # every pair of records of one person is linked and clustered under the smaller id
    joined = sum(1 for a, b in twins if a.cluster_id == b.cluster_id == a.pk)
    assert joined >= 38, f"only {joined} of 40 duplicate pairs joined"
    linked = sum(1 for a, b in twins if _pair(a, b) is not None)
    assert linked >= 38
    # records of different people stay apart: every cluster holds records of one truth
    clusters: dict[int, set[str]] = {}
    for p in Person.objects.all():
        assert p.cluster_id is not None
        clusters.setdefault(p.cluster_id, set()).add(p.source_ref)
    assert all(len(refs) == 1 for refs in clusters.values())
    assert run.clusters == len(clusters) and run.links == PersonLink.objects.count()
    link = PersonLink.objects.filter(band="same").first()
    assert link.left_id < link.right_id and link.probability >= 0.95 and link.run_id == run.pk
    assert {c["field"] for c in link.contributions} >= {"이름", "생년월일"}
    assert AuditEntry.objects.filter(object_type="people.linkagerun", object_id=str(run.pk)).exists()


def test_run_trains_when_asked_and_stores_the_model(registry, actor):
    from iljari.people.linkage.service import linkage_run

    run = linkage_run(actor=actor, retrain=True)
    assert run.status == LinkageRun.Status.DONE
    assert run.trained_on == timezone.localdate() or run.trained_on == timezone.localdate()
    assert {c["output_column_name"] for c in run.params["comparisons"]} >= {"name", "birth_date", "phone"}
    assert Person.objects.filter(cluster_id__isnull=True).count() == 0


def test_a_different_decision_keeps_two_records_apart_and_is_not_asked_again(registry, trained, actor):
    from iljari.people.linkage.service import linkage_run

    linkage_run(actor=actor, retrain=False)
    link = PersonLink.objects.filter(band="same").order_by("pk").first()
    left, right = link.left, link.right
    assert left.cluster_id == right.cluster_id
    # an officer says: different people (as the review queue would record it)
    PersonLink.objects.filter(pk=link.pk).update(decision="different", reason="다른 사람: 쌍둥이", decided_by=actor,
                                                 decided_at=timezone.now(), left_version=left.version,
                                                 right_version=right.version)
    run2 = linkage_run(actor=actor, retrain=False)
    link.refresh_from_db()
    left.refresh_from_db()
    right.refresh_from_db()
    assert link.decision == "different" and link.reason == "다른 사람: 쌍둥이"  # not asked again
    assert left.cluster_id != right.cluster_id
    assert left.cluster_id == left.pk and right.cluster_id == right.pk
    assert "결정 유지 1" in run2.note
    # a "same" decision on a pair the model put to review joins them
    review = PersonLink.objects.filter(band="review", decision="").first()
    if review is not None:
        PersonLink.objects.filter(pk=review.pk).update(decision="same", left_version=review.left.version,
                                                       right_version=review.right.version)
        linkage_run(actor=actor, retrain=False)
        a, b = Person.objects.get(pk=review.left_id), Person.objects.get(pk=review.right_id)
        assert a.cluster_id == b.cluster_id


def test_a_changed_identifying_field_reopens_the_question(registry, trained, actor):
    from iljari.people.linkage.service import linkage_run

    linkage_run(actor=actor, retrain=False)
    link = PersonLink.objects.filter(band="same").order_by("pk").first()
    left, right = link.left, link.right
    PersonLink.objects.filter(pk=link.pk).update(decision="different", reason="확인함", decided_by=actor,
                                                 decided_at=timezone.now(), left_version=left.version,
                                                 right_version=right.version)
    # the right record's phone is edited (its version goes up): the decision no longer stands
    # (written another way: the comparison is the same, the question is asked again all the same)
    Person.objects.filter(pk=right.pk).update(phone=right.phone.replace("-", " ") + " ", version=right.version + 1)
    run = linkage_run(actor=actor, retrain=False)
    link.refresh_from_db()
    assert link.decision == "" and link.decided_by_id is None and link.left_version is None
    assert link.band == "same" and "재확인 1" in run.note
    left.refresh_from_db()
    right.refresh_from_db()
    assert left.cluster_id == right.cluster_id


def test_person_check_finds_a_one_jamo_typo_with_the_same_birth_date(registry, trained, actor):
    from iljari.people.linkage.service import linkage_run, person_check

    yh = Person.objects.create(name="이영희", birth_date=dt.date(1985, 3, 12), sex="F", phone="010-2345-6789",
                               address="서울 관악구 봉천로 123", source=Person.Source.LIST)
    # same name and birth year, another address and phone: a different woman, not to be merged
    other = Person.objects.create(name="이영희", birth_date=dt.date(1985, 9, 30), sex="F", phone="010-7777-1234",
                                  address="서울 노원구 동일로 1402", source=Person.Source.LIST)
    linkage_run(actor=actor, retrain=False)
    new = Person.objects.create(name="이영히", birth_date=dt.date(1985, 3, 12), sex="F", phone="",
                                address="서울특별시 관악구 봉천로 123", source=Person.Source.APPLICANT)
    links = person_check(person=new, actor=actor)
    assert links, "the one-jamo typo was not found"
    best = links[0]
    assert {best.left_id, best.right_id} == {yh.pk, new.pk}
    assert best.probability >= 0.5
    name = next(c for c in best.contributions if c["field"] == "이름")
    assert name["level"] == "자모 1자 차이" and name["weight"] > 0
    assert not any(other.pk in (x.left_id, x.right_id) and x.band == "same" for x in links)
    new.refresh_from_db()
    yh.refresh_from_db()
    other.refresh_from_db()
    if best.band == "same":
        assert new.cluster_id == yh.cluster_id == yh.pk
    assert other.cluster_id != yh.cluster_id


def test_persons_check_of_a_list_and_the_hook(registry, trained, actor, django_capture_on_commit_callbacks):
    from iljari.people.linkage.service import check_new_persons

    linkage_run_done = LinkageRun.objects.filter(status="done").count()
    source = Person.objects.order_by("pk")[:5]
    copies = Person.objects.bulk_create([
        Person(name=p.name, birth_date=p.birth_date, sex=p.sex, phone=p.phone, address=p.address,
               source=Person.Source.LIST, source_ref="copy") for p in source])
    with django_capture_on_commit_callbacks(execute=True):
        check_new_persons([c.pk for c in copies], actor=actor)
    for original, copy in zip(source, copies, strict=True):
        assert _pair(original, copy) is not None, f"{copy.name} not linked to its original"
        copy.refresh_from_db()
        original.refresh_from_db()
        assert copy.cluster_id == original.cluster_id == min(original.pk, original.cluster_id or original.pk)
    assert LinkageRun.objects.filter(status="done").count() == linkage_run_done  # no full run was needed


def test_link_and_check_person_commands(registry, trained, capsys):
    out = io.StringIO()
    call_command("link", "--no-retrain", "--actor", "linker", stdout=out)
    run = LinkageRun.objects.order_by("-pk").first()
    assert run.status == "done" and run.actor.username == "linker"
    assert f"{run.records:,} records" in out.getvalue() and "6/6" in capsys.readouterr().err  # the progress bar
    p = Person.objects.order_by("pk").first()
    twin = Person.objects.filter(source_ref=p.source_ref).exclude(pk=p.pk).first()
    out = io.StringIO()
    call_command("check-person", str(twin.pk), stdout=out)
    text = out.getvalue()
    assert f"{p.pk} {p.name}" in text and "probability" in text
    assert "이름:" in text and "생년월일: 생년월일 같음 / birth date identical (+" in text


def test_runs_page_shows_the_model_in_words_and_starts_a_run(registry, trained, login,
                                                             django_capture_on_commit_callbacks):
    from django.test import Client

    portfolio = login("portfolio")
    page = portfolio.get("/linkage/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "이름 자모 같음" in html and "생년월일 일·월 뒤바뀜" in html  # levels in words with m, u, weight
    with django_capture_on_commit_callbacks(execute=True):
        r = portfolio.post("/linkage/start/", {"backend": "duckdb", "retrain": "0"})
    assert r.status_code == 302
    run = LinkageRun.objects.order_by("-pk").first()
    assert run.status == "done" and run.records == len(registry)  # the test task backend runs it at once
    assert Person.objects.exclude(cluster_id=None).count() == len(registry)
    assert portfolio.post("/linkage/start/", {}).status_code == 400
    assert login("district_officer", "GWANAK").get("/linkage/").status_code == 403
    assert Client().get("/linkage/").status_code == 302


def test_the_quick_scorer_gives_splinks_probabilities(registry, params):
    """The incremental check scores with the model's own conditions in one DuckDB query (scoring.py): the same
    pairs and probabilities as Splink's prediction over the same records."""
    from iljari.people.linkage import engine
    from iljari.people.linkage.scoring import score
    from iljari.people.linkage.service import engine_frame, read_persons

    prepared = engine.prepare(engine_frame(read_persons()))
    splink = engine.predict(prepared, params, threshold=None)  # every blocked pair, matches or not
    quick = score(prepared, prepared, params, threshold=None)
    assert len(splink) > 40
    a = splink.set_index(["unique_id_l", "unique_id_r"])["probability"]
    b = quick.set_index(["unique_id_l", "unique_id_r"])["probability"]
    assert set(a.index) == set(b.index)
    assert (a - b.loc[a.index]).abs().max() < 1e-9
    one = splink.iloc[0]
    mine = quick[(quick.unique_id_l == one.unique_id_l) & (quick.unique_id_r == one.unique_id_r)].iloc[0]
    assert one.contributions == mine.contributions

"""The checker's pages (checker/pages.py through checker.web), run in CPython: statements of a
stage share a page in the policy's own words, an existing contract decides at once, what never
changes the verdict is one optional page, and the progress names the stage and never jumps.
The engine still decides one answer per condition, and the URL keeps one answer per condition."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from checker import engine, pages, web, words
from checker.model import Kind
from tools import flows


def params(fragment: str) -> dict[str, str]:
    pairs = dict(parse_qsl(fragment.lstrip("#"), keep_blank_values=True))
    pairs.pop(web.YEAR_KEY, None)
    return pairs


def contractable(policy) -> list[str]:
    return [pid for pid, pt in policy.provider_types.items() if not pt.refusal]


def contracted_types(policy) -> list[str]:
    """The types asked whether they have a contract that decides at once."""
    return [pid for pid in contractable(policy) if any(o.ends_questions for q in policy.questions_for(pid) for o in q.options)]


def ends_option(policy, provider: str) -> tuple[str, str]:
    return next((q.id, o.value) for q in policy.questions_for(provider) for o in q.options if o.ends_questions)


def screen_of(policy, walk: flows.Walk, kind: str) -> tuple[flows.Step, dict]:
    """The first page of a kind in a walk, and the screen that shows it."""
    step = next(s for s in walk.steps if s.kind == kind)
    return step, web.respond(policy, params(step.fragment))


@pytest.fixture(scope="module")
def paths(policy) -> list[flows.Walk]:
    return list(flows.all_paths(policy))


def test_statements_of_a_stage_share_a_page_in_the_policys_words(policy):
    for provider in contractable(policy):
        walk = flows.walk(policy, provider)
        for step in (s for s in walk.steps if s.kind == "statements"):
            items = [item for group in step.question["groups"] for item in group["items"]]
            assert len(items) >= 2
            stages = {policy.questions[i["value"]].stage for i in items}
            assert len(stages) == 1, f"{step.id}: één deel van het beleid per pagina"
            for group in step.question["groups"]:
                for item in group["items"]:
                    condition = policy.conditions[item["value"]]
                    assert item["label"] == (condition.statement or condition.text)
                    # An exclusion reads as what must hold, never as what excludes.
                    if condition.kind == Kind.EXCLUSION:
                        assert condition.statement and "uitgesloten" not in item["label"]
                # The lead-in is the policy's own line before its list ("De kraamzorginstelling:").
                section = policy.sections[group["section"]]
                assert group["lead"] is None or any(b.p == group["lead"] for b in section.blocks)
            assert [o["label"] for o in step.question["options"]] == [words.STATEMENTS_YES, words.STATEMENTS_NO]


def test_ja_on_a_page_of_statements_writes_each_conditions_own_answer(policy):
    walk = flows.walk(policy, "kraamzorg")
    step, screen = screen_of(policy, walk, "statements")
    after = web.respond(policy, params(screen["fragment"]), {"question": step.id, "value": "ja"})
    ids = [item["value"] for group in step.question["groups"] for item in group["items"]]
    for qid in ids:
        met = next(o.value for o in policy.questions[qid].options if o.meets is True)
        assert params(after["fragment"])[qid] == met, "de URL houdt één antwoord per voorwaarde"
    assert after["question"]["id"] != step.id


def test_nee_asks_which_do_not_hold_and_only_those_are_unmet(policy):
    walk = flows.walk(policy, "kraamzorg")
    step, screen = screen_of(policy, walk, "statements")
    shown = web.respond(policy, params(screen["fragment"]), {"question": step.id, "value": "nee"})
    assert shown["question"]["kind"] == "unmet" and shown["question"]["text"] == words.UNMET_QUESTION
    assert shown["question"]["type"] == "checkboxes"
    ids = [o["value"] for o in shown["question"]["options"]]
    assert ids == [item["value"] for group in step.question["groups"] for item in group["items"]]
    assert params(shown["back"])[web.VIEW_KEY] == step.id, "Terug gaat naar de uitspraken"
    # None ticked: the page says what to do, and nothing reaches the URL.
    empty = web.respond(policy, params(shown["fragment"]), {"question": shown["question"]["id"], "value": []})
    assert empty["errors"] == [{"question": shown["question"]["id"], "message": words.UNMET_NONE}]
    assert params(empty["fragment"]) == params(shown["fragment"])
    chosen = ids[1]
    after = web.respond(policy, params(shown["fragment"]), {"question": shown["question"]["id"], "value": [chosen]})
    answers = params(after["fragment"])
    for qid in ids:
        meets = policy.questions[qid].option(answers[qid]).meets
        assert meets is (qid != chosen)
    # The rest of the way, and the verdict names exactly that condition.
    done = flows.walk(policy, "kraamzorg", {chosen: answers[chosen]})
    assert done.verdict == "not_eligible" and [u["id"] for u in done.result["unmet"]] == [chosen]
    assert any(s.kind == "unmet" for s in done.steps)


def test_the_optional_page_never_changes_the_verdict(policy):
    walk = flows.walk(policy, "kraamzorg")
    step, screen = screen_of(policy, walk, "extra")
    assert screen["question"]["text"] == words.EXTRA_QUESTION and screen["question"]["optional"]
    assert step.value == [], "wie niets wil weten, kruist niets aan"
    deferred = [q for q in engine.flow(policy, "kraamzorg", walk.answers).questions if engine.deferred(q)]
    assert deferred, "de kraamzorg heeft afspraken of verwachtingen"
    assert all(q.stage.value == "arrangements" or q.condition.kind == Kind.EXPECTATION for q in deferred)
    # Left out, the expectations have no answer and no row on the review.
    for q in deferred:
        if q.condition is not None:
            assert walk.answers[q.id] == ""
    assert not any(row["id"] in {q.id for q in deferred if q.condition} for row in walk.review["answers_list"])
    base = walk.result
    for q in deferred:
        for option in q.options:
            other = flows.walk(policy, "kraamzorg", {q.id: option.value})
            assert (other.verdict, other.result["verdict_label"]) == (base["verdict"], base["verdict_label"]), f"{q.id}={option.value}"


def test_asking_for_the_expectations_brings_their_page(policy):
    walk = flows.walk(policy, "kraamzorg", {"verw-green-deal": "nee"} if "verw-green-deal" in policy.questions else {})
    kinds = [s.kind for s in walk.steps]
    extra = kinds.index("extra")
    assert pages.EXPECTATIONS_ITEM in walk.steps[extra].value
    assert walk.steps[extra + 1].kind in ("statements", "question")
    assert [e["id"] for e in walk.result["expectations"]] == ["verw-green-deal"]
    assert walk.verdict == flows.walk(policy, "kraamzorg").verdict


@pytest.mark.parametrize("provider", ["kraamzorg", "verloskundige-praktijk"])
def test_an_existing_contract_leads_straight_to_the_verdict(policy, provider):
    qid, value = ends_option(policy, provider)
    screen = web.respond(policy, {web.PROVIDER_KEY: provider, qid: value})
    assert screen["state"] == "result", "geen overzicht en geen voorwaarden vóór ‘geen actie nodig’"
    assert screen["result"]["verdict"] == "eligible"
    assert screen["result"]["verdict_label"] == f"Geen actie nodig voor {policy.year}"
    recheck = screen["recheck"]
    assert recheck["text"] == words.RECHECK
    assert params(recheck["fragment"]) == {web.PROVIDER_KEY: provider, qid: value, engine.RECHECK_KEY: engine.RECHECK_YES}
    assert params(screen["back"])[web.VIEW_KEY] == qid, "Terug gaat naar de vraag over de overeenkomst"
    # Checking anyway asks the conditions; a missed one means contact, never a refusal.
    check = web.respond(policy, params(recheck["fragment"]))
    assert check["state"] == "question" and check["question"]["kind"] == "statements"
    first = check["question"]["groups"][0]["items"][0]["value"]
    unmet = next(o.value for o in policy.questions[first].options if o.meets is False)
    walk = flows.walk(policy, provider, {qid: value, engine.RECHECK_KEY: engine.RECHECK_YES, first: unmet})
    assert walk.review, "de controle eindigt op het overzicht"
    assert walk.verdict == "contact" and walk.response["recheck"] is None
    assert [u["id"] for u in walk.result["unmet"]] == [first]


def test_a_new_provider_gets_no_offer_to_check_anyway(policy):
    walk = flows.walk(policy, "kraamzorg")
    assert walk.response["recheck"] is None


def test_page_counts_to_the_verdict(policy, paths):
    """Issue 14's targets: with a contract at most 2 pages for every type (the ZZP'er too:
    the contract question comes before the samenwerkingsverband), a new kraamzorg or
    midwife practice that meets everything at most 10 with the review."""
    for provider in ("kraamzorg", "verloskundige-praktijk"):
        walk = flows.walk(policy, provider)
        assert walk.verdict == "eligible" and walk.review
        assert walk.pages <= 10, f"{provider}: {walk.pages} pagina's"
    for provider in contracted_types(policy):
        qid, value = ends_option(policy, provider)
        walk = flows.walk(policy, provider, {qid: value})
        assert walk.pages <= 2, f"{provider}: {walk.pages} pagina's"
        assert [s.id for s in walk.steps[1:]] == [qid], f"{provider}: vóór de vraag over de overeenkomst"


def test_progress_names_the_stage_and_never_jumps(policy, paths):
    for walk in paths:
        seen = [s.question for s in walk.steps[1:]]
        screens = [web.respond(policy, params(s.fragment)) for s in walk.steps[1:]]
        totals = {r["progress"]["total"] for r in screens} | ({walk.review["progress"]["total"]} if walk.review else set())
        assert len(totals) <= 1, f"{walk.provider}: het totaal verandert onderweg"
        numbers = [r["progress"]["step"] for r in screens]
        assert numbers == sorted(numbers), f"{walk.provider}: de stap gaat terug"
        for r, page in zip(screens, seen, strict=True):
            p = r["progress"]
            assert p["text"] == words.PROGRESS.format(step=p["step"], total=p["total"], label=page["stage_label"])


def test_every_flow_reaches_the_review_but_the_short_contract_route(paths):
    for walk in paths:
        short = walk.response.get("recheck") is not None
        assert bool(walk.review) != short, f"{walk.provider}: {walk.answers}"


def test_wijzig_of_a_condition_on_a_shared_page_is_one_step_back_to_the_review(policy):
    walk = flows.walk(policy, "kraamzorg")
    step = next(s for s in walk.steps if s.kind == "statements")
    qid = step.question["groups"][0]["items"][1]["value"]
    row = next(r for r in walk.review["answers_list"] if r["id"] == qid)
    shown = web.respond(policy, params(row["change_url_hash"]))
    assert shown["mode"] == "change" and shown["question"]["id"] == qid, "Wijzig toont die ene voorwaarde"
    other = next(o.value for o in policy.questions[qid].options if o.value != walk.answers[qid])
    after = web.respond(policy, params(shown["fragment"]), {"question": qid, "value": other})
    assert after["state"] == "review"
    assert after["answers"] == {**walk.answers, qid: other}

"""The browser entry point, run in CPython: one question at a time, answers that can be
bookmarked, a review with Wijzig links, Terug that keeps answers, and a clear message
for a tampered URL or a wrong answer."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest

from checker import engine, web, words
from checker.engine import PROVIDER_KEY, flow
from checker.pages import pages_for
from tests.paths import complete, filler, paths, routing_ids


def params(fragment: str) -> dict[str, str]:
    """The answers and markers of a URL fragment, as the page reads them (without jaar)."""
    pairs = dict(parse_qsl(fragment.lstrip("#"), keep_blank_values=True))
    pairs.pop(web.YEAR_KEY, None)
    return pairs


def full(policy, provider: str, fixed: dict[str, str] | None = None) -> dict[str, str]:
    return {PROVIDER_KEY: provider, **complete(policy, provider, fixed or {})}


def test_starts_with_the_provider_question(policy):
    r = web.respond(policy, {})
    assert r["state"] == "question" and r["question"]["id"] == "type"
    assert [o["value"] for o in r["question"]["options"]] == list(policy.provider_types)
    assert r["errors"] == [] and r["back"] is None and r["fragment"] == ""


def page_answer(policy, provider: str, page: dict) -> tuple[object, list[str]]:
    """What a provider who meets everything gives on a page, and the questions it answers."""
    if page.get("kind") == "statements":
        return "ja", [item["value"] for group in page["groups"] for item in group["items"]]
    if page.get("kind") in ("unmet", "extra"):
        return [], [o["value"] for o in page["options"]]
    question = policy.questions[page["id"]]
    return filler(policy, provider, question), [page["id"]]


def test_walks_one_page_at_a_time_to_the_review_and_the_result(policy):
    provider = "geboortecentrum"
    expected = complete(policy, provider, {})
    answers = {PROVIDER_KEY: provider}
    seen, steps, totals = [], [], set()
    r = web.respond(policy, answers)
    while r["state"] == "question":
        steps.append(r["progress"]["step"])
        totals.add(r["progress"]["total"])
        value, ids = page_answer(policy, provider, r["question"])
        seen += ids
        r = web.respond(policy, params(r["fragment"]), {"question": r["question"]["id"], "value": value})
    assert steps == sorted(steps) and len(totals) == 1, "de voortgang springt niet terug en het totaal blijft gelijk"
    assert r["progress"]["step"] == r["progress"]["total"], "het overzicht is de laatste stap"
    assert r["state"] == "review"
    # Every question was on a page; the expectations the provider left out have no answer.
    assert sorted(q for q in seen if q in expected) == sorted(q for q in expected if r["answers"][q] != "")
    # The review lists what was answered, one row per question; what was left out on the
    # optional page (the expectations) is not.
    listed = [row["id"] for row in r["answers_list"]]
    assert listed == ["type", *(q for q in expected if r["answers"].get(q) != "")]
    assert r["answers_list"][0]["answer_label"] == policy.provider_types[provider].label
    result = web.respond(policy, params(r["confirm"]))
    assert result["state"] == "result" and result["result"]["verdict"] == "eligible"
    # The result lists the same answers; its change links are `change` + the row's id (issue 16: a smaller result).
    shown = ("id", "question", "answer_label")
    assert result["answers_list"] == [{key: row[key] for key in shown} for row in r["answers_list"]]
    assert [result["change"] + row["id"] for row in result["answers_list"]] == [row["change_url_hash"] for row in r["answers_list"]]
    assert params(result["back"]) == params(r["fragment"]), "Terug op de uitslag gaat naar het overzicht"


@pytest.mark.parametrize("provider", ["kraamzorg", "verloskundige-praktijk", "integrale-geboortezorg"])
def test_review_lists_every_answer_with_a_change_link(policy, provider):
    answers = full(policy, provider)
    r = web.respond(policy, answers)
    assert r["state"] == "review"
    asked = [PROVIDER_KEY, *flow(policy, provider, answers).ids]
    assert [row["id"] for row in r["answers_list"]] == asked
    for row in r["answers_list"]:
        link = params(row["change_url_hash"])
        assert link.pop(web.CHANGE_KEY) == row["id"]
        assert link == answers, "een Wijzig-link verliest geen antwoorden"
        question = policy.questions.get(row["id"])
        if question is not None and question.type == "choice":
            assert row["answer_label"] == question.option(answers[row["id"]]).label


def test_changing_an_answer_returns_to_the_review_with_later_answers_kept(policy):
    provider = "kraamzorg"
    answers = full(policy, provider)
    review = web.respond(policy, answers)
    routes = set(routing_ids(policy, provider))
    # The 4th answer that is a choice and changes no route.
    row = next(r for r in review["answers_list"][3:] if r["id"] not in routes and policy.questions[r["id"]].type == "choice")
    other = next(o.value for o in policy.questions[row["id"]].options if o.value != answers[row["id"]])
    shown = web.respond(policy, params(row["change_url_hash"]))
    assert shown["state"] == "question" and shown["question"]["id"] == row["id"] and shown["mode"] == "change"
    assert params(shown["back"]) == answers, "Terug bij Wijzig gaat terug naar het overzicht"
    after = web.respond(policy, params(shown["fragment"]), {"question": row["id"], "value": other})
    assert after["state"] == "review"
    assert after["answers"] == {**answers, row["id"]: other}


def test_a_change_that_opens_a_route_asks_only_the_new_questions(policy):
    # A routing answer whose other option opens questions the first path did not ask.
    found = []
    for provider in policy.provider_types:
        for route in routing_ids(policy, provider):
            for start in policy.questions[route].options:
                before = full(policy, provider, {route: start.value})
                if route not in before:
                    continue
                for option in policy.questions[route].options:
                    after_flow = flow(policy, provider, {**before, route: option.value}).questions
                    new = [q.id for q in after_flow if q.id not in before]
                    if option.value != start.value and new:
                        found.append((provider, before, route, option.value, after_flow, new))
    assert found, "geen routevraag opent nieuwe vragen"
    provider, before, route, other, after_flow, new = found[0]
    r = web.respond(policy, {**before, web.CHANGE_KEY: route}, {"question": route, "value": other})
    asked = []
    while r["state"] == "question":
        value, ids = page_answer(policy, provider, r["question"])
        asked += ids
        r = web.respond(policy, params(r["fragment"]), {"question": r["question"]["id"], "value": value})
    assert r["state"] == "review"
    assert sorted(q for q in asked if q in new) == sorted(q for q in new if r["answers"][q] != "")
    # Only questions the first path did not ask (the mail details follow once the rest is answered).
    assert not any(q in before for q in asked)
    kept = {q.id for q in after_flow} & set(before)
    assert all(r["answers"][k] == before[k] for k in kept if k != route)


def test_terug_shows_the_page_before_and_keeps_every_answer(policy):
    answers = full(policy, "kraamzorg")
    review = web.respond(policy, answers)
    order = [PROVIDER_KEY, *pages_for(policy, "kraamzorg", flow(policy, "kraamzorg", answers), answers).ids]
    r = review
    steps = []
    for expected in reversed(order):
        r = web.respond(policy, params(r["back"]))
        assert r["state"] == "question" and r["question"]["id"] == expected
        assert r["answers"] == answers
        steps.append(r["progress"]["step"])
    assert steps == sorted(steps, reverse=True) and steps[-1] == 1
    assert r["back"] is None
    # Volgende on a page reached with Terug shows the next one with its answers.
    r = web.respond(policy, params(r["fragment"]), {"question": "type", "value": "kraamzorg"})
    assert r["question"]["id"] == order[1] and r["answers"] == answers


def test_an_invalid_answer_never_reaches_the_url(policy):
    typed = {q.id for q in policy.questions.values() if q.type == "agb"}
    answers = next({PROVIDER_KEY: "kraamzorg", **p} for p in paths(policy, "kraamzorg") if typed & set(p))
    agb = next(q.id for q in flow(policy, "kraamzorg", answers).questions if q.type == "agb")
    url = {**answers, web.VIEW_KEY: agb}
    for wrong, message in (("08123456", "begint met 33"), ("", "Vul uw AGB-code in")):
        r = web.respond(policy, url, {"question": agb, "value": wrong})
        assert r["state"] == "question" and r["question"]["id"] == agb
        assert message in r["errors"][0]["message"]
        assert params(r["fragment"]) == url, "het foute antwoord staat in de URL"
    choice = next(q for q in flow(policy, "kraamzorg", answers).questions if q.type == "choice")
    r = web.respond(policy, {**answers, web.VIEW_KEY: choice.id}, {"question": choice.id, "value": ""})
    assert r["errors"] == [{"question": choice.id, "message": words.EMPTY_CHOICE}]
    r = web.respond(policy, {}, {"question": "type", "value": ""})
    assert r["errors"] == [{"question": "type", "message": words.EMPTY_CHOICE}] and r["fragment"] == ""


def test_progress_names_the_stage_of_the_page_when_an_answer_is_missing(policy):
    answers = full(policy, "kraamzorg")
    ids = list(answers)
    missing = ids[3]
    r = web.respond(policy, {k: v for k, v in answers.items() if k != missing})
    stage = policy.questions[missing].stage
    # The page that asks it: its stage's statements, and the step of that stage.
    assert missing in [item["value"] for group in r["question"]["groups"] for item in group["items"]]
    step = r["progress"]["step"]
    assert r["progress"]["text"] == f"Stap {step} van {r['progress']['total']}: {words.STAGE_LABELS[stage]}"
    # A wrong answer in the URL is shown on its own, at the same step, and not kept.
    broken = {**answers, missing: "misschien"}
    r = web.respond(policy, broken)
    assert r["question"]["id"] == missing and r["progress"]["step"] == step
    assert missing not in params(r["fragment"]), "het ongeldige antwoord blijft in de URL"


def test_tampered_answers_come_back_as_messages(policy):
    r = web.respond(policy, {"type": "onzin"})
    assert r["state"] == "question" and r["question"]["id"] == "type"
    assert "Onbekend soort zorgaanbieder" in r["errors"][0]["message"]
    first = web.respond(policy, {"type": "kraamzorg"})["question"]["id"]
    r = web.respond(policy, {"type": "kraamzorg", first: "misschien", "x": "1"})
    assert r["question"]["id"] == first
    labels = ", ".join(o.label for o in policy.questions[first].options)
    assert r["errors"] == [{"question": first, "message": f"Kies een van de antwoorden: {labels}."}]
    assert r["dropped"] == ["x"]
    r = web.respond(policy, {"type": "kraamzorg", web.VIEW_KEY: "bestaat-niet"})
    assert r["question"]["id"] == first and r["dropped"] == ["vraag=bestaat-niet"]
    r = web.respond(policy, ["niet", "een", "object"])
    assert r["state"] == "question" and r["errors"]


def test_handle_speaks_json_and_survives_garbage(policy):
    web.load_bundle(json.dumps(web.bundle(policy)))
    out = json.loads(web.handle(json.dumps({"year": policy.year, "answers": {"type": "verloskundige-zorggroep", "bevestigd": "1"}})))
    assert out["state"] == "result" and out["result"]["verdict"] == "not_eligible"
    out = json.loads(web.handle(json.dumps({"year": policy.year, "answers": {}, "submit": {"question": "type", "value": "verloskundige-zorggroep"}})))
    assert out["state"] == "review" and params(out["fragment"]) == {"type": "verloskundige-zorggroep"}
    for garbage in ["", "{", "null", "[]", '{"answers": 5}', '{"year": "2024"}', '{"answers": {}, "submit": 5}']:
        out = json.loads(web.handle(garbage))
        assert out["state"] == "question"
    out = json.loads(web.handle(json.dumps({"year": 1999, "answers": {}})))
    assert "Beleidsjaar 1999 bestaat niet" in out["errors"][0]["message"]


def test_a_request_decides_its_answers_once(policy, monkeypatch):
    """The last answer and the verdict work out the outcome once per request, mail
    details included (it was three to four times, and the verdict took 60 ms in the browser)."""
    decided = []
    real = engine._decide
    monkeypatch.setattr(engine, "_decide", lambda *args: decided.append(args[1]) or real(*args))
    answers = next(full(policy, "kraamzorg", p) for p in paths(policy, "kraamzorg") if any(k in policy.questions and policy.questions[k].fills for k in p))
    last = list(answers)[-1]
    before = {k: v for k, v in answers.items() if k != last}
    for raw, submit in (({**answers, web.CONFIRM_KEY: "1"}, None), (before, {"question": last, "value": answers[last]})):
        decided.clear()
        r = web.respond(policy, raw, submit)
        assert r["state"] in ("review", "result")
        assert decided == ["kraamzorg"], f"{r['state']}: {len(decided)} keer beslist"


def test_the_warm_up_walks_to_a_result_and_changes_no_later_answer(policy):
    """The browser's worker walks once with made-up answers while the provider reads the
    first question (checker-worker.js), so that the first verdict is as quick as later ones.
    That walk must reach a verdict and leave nothing behind that another request could see."""
    web.load_bundle(json.dumps(web.bundle(policy)))
    requests = [
        json.dumps({"year": policy.year, "answers": {**full(policy, provider), web.CONFIRM_KEY: "1"}})
        for provider, pt in policy.provider_types.items()
        if not pt.refusal
    ]
    requests.append(json.dumps({"year": policy.year, "answers": {}}))
    before = [web.handle(r) for r in requests]
    assert web.warm_up() == "result"
    assert [web.handle(r) for r in requests] == before


def confirmed(policy, review: dict) -> dict:
    """What the browser's worker answers for the review's Bekijk de uitslag (its confirm fragment)."""
    return json.loads(web.handle(json.dumps({"year": policy.year, "answers": params(review["confirm"])})))


def test_every_review_carries_the_verdict_its_confirm_gets(policy):
    """Issue 16: the review brings the result along, so Bekijk de uitslag shows it without
    asking the worker again. It must be exactly what the worker would answer, on every path;
    a question or a result that decides at once carries none."""
    web.load_bundle(json.dumps(web.bundle(policy)))
    reviews = shorts = 0
    for provider in policy.provider_types:
        for values in paths(policy, provider):
            r = json.loads(web.handle(json.dumps({"year": policy.year, "answers": {PROVIDER_KEY: provider, **values}})))
            if r["state"] != "review":
                assert "next" not in r, f"{provider}: een {r['state']} draagt een uitslag mee"
                shorts += r["state"] == "result"
                continue
            reviews += 1
            assert r["next"]["fragment"] == r["confirm"] and r["next"]["state"] == "result"
            assert r["next"] == confirmed(policy, r), f"{provider} {values}: de meegegeven uitslag wijkt af"
    assert reviews > 100 and shorts, (reviews, shorts)
    first = web.respond(policy, {PROVIDER_KEY: "kraamzorg"})
    assert first["state"] == "question" and "next" not in first


def test_a_review_after_a_change_or_a_tampered_url_carries_the_clean_verdict(policy):
    """A review reached by Wijzig, or from a URL with a part left out, still carries what its
    confirm fragment gets: that fragment has no left-out part, so neither has the verdict."""
    web.load_bundle(json.dumps(web.bundle(policy)))
    answers = full(policy, "kraamzorg")
    row = next(q for q in flow(policy, "kraamzorg", answers).questions if q.type == "choice" and len(q.options) > 1 and not q.options[0].ends_questions)
    other = next(o.value for o in row.options if o.value != answers[row.id])
    changed = web.respond(policy, {**answers, web.CHANGE_KEY: row.id}, {"question": row.id, "value": other})
    tampered = web.respond(policy, {**answers, "x": "1"})
    assert tampered["dropped"] == ["x"]
    assert changed["state"] == "review" and changed["answers"][row.id] == other
    for review in (changed, tampered):
        assert review["next"] == confirmed(policy, review)
        assert review["next"]["dropped"] == [] and review["next"]["errors"] == []

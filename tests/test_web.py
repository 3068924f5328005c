"""The browser entry point, run in CPython: one question at a time, answers that can be
bookmarked, and a clear message for a tampered URL."""

from __future__ import annotations

import json

from checker import web
from tests.paths import complete


def test_starts_with_the_provider_question(policy):
    r = web.respond(policy, {})
    assert r["state"] == "question" and r["question"]["id"] == "type"
    assert [o["value"] for o in r["question"]["options"]] == list(policy.provider_types)
    assert r["errors"] == []


def test_walks_one_question_at_a_time_to_a_result(policy):
    answers = {"type": "geboortecentrum"}
    expected = complete(policy, "geboortecentrum", {"gecontracteerd-vorig-jaar": "ja"})
    seen = []
    while True:
        r = web.respond(policy, answers)
        if r["state"] == "result":
            break
        qid = r["question"]["id"]
        seen.append(qid)
        assert r["progress"]["step"] == len(seen) + 1
        answers[qid] = expected[qid]
    assert seen == list(expected)
    assert r["result"]["verdict"] == "eligible"
    assert r["history"] == ["type", *seen]


def test_tampered_answers_come_back_as_messages(policy):
    r = web.respond(policy, {"type": "onzin"})
    assert r["state"] == "question" and r["question"]["id"] == "type"
    assert "Onbekend soort zorgaanbieder" in r["errors"][0]["message"]
    r = web.respond(policy, {"type": "kraamzorg", "alle-kvk": "misschien", "x": "1"})
    assert r["question"]["id"] == "alle-kvk"
    assert r["errors"] == [{"question": "alle-kvk", "message": "Kies een van de antwoorden: Ja, Nee."}]
    assert r["dropped"] == ["x"]
    r = web.respond(policy, ["niet", "een", "object"])
    assert r["state"] == "question" and r["errors"]


def test_handle_speaks_json_and_survives_garbage(policy):
    web.load_bundle(json.dumps(web.bundle(policy)))
    out = json.loads(web.handle(json.dumps({"year": policy.year, "answers": {"type": "verloskundige-zorggroep"}})))
    assert out["state"] == "result" and out["result"]["verdict"] == "not_eligible"
    for garbage in ["", "{", "null", "[]", '{"answers": 5}', '{"year": "2024"}']:
        out = json.loads(web.handle(garbage))
        assert out["state"] == "question"
    out = json.loads(web.handle(json.dumps({"year": 1999, "answers": {}})))
    assert "Beleidsjaar 1999 bestaat niet" in out["errors"][0]["message"]


def test_invalid_identifier_is_asked_again_with_its_message(policy):
    values = complete(policy, "kraamzorg", {"gecontracteerd-vorig-jaar": "nee"})
    values["agb-code"] = "08123456"
    r = web.respond(policy, {"type": "kraamzorg", **values})
    assert r["state"] == "question" and r["question"]["id"] == "agb-code"
    assert "begint met 33" in r["errors"][0]["message"]

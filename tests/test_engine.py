"""The engine's guarantees, for every year's data: no policy ids here (those cases live in
policy_data/<year>/tests.yaml), only what must hold whatever the policy says."""

from __future__ import annotations

import pytest

from authoring.loader import load_all, load_policy
from authoring.paths import complete, filler, paths, routing_ids
from checker.engine import RECHECK_KEY, RECHECK_YES, AnswerError, answer_effect, evaluate, flow, next_question, read_answers, rule_outcome
from checker.model import ALL, STAGES, Option, Policy, Question
from checker.results import PLACEHOLDER

from .conftest import edit_yaml

POLICIES = load_all()


@pytest.fixture(params=sorted(POLICIES), ids=str)
def year_policy(request) -> Policy:
    return POLICIES[request.param]


def all_paths(policy: Policy):
    for provider in policy.provider_types:
        for values in paths(policy, provider):
            yield provider, values, evaluate(policy, provider, values)


def test_every_path_gives_a_verdict_with_sources(year_policy):
    policy = year_policy
    for _, _, result in all_paths(policy):
        assert result.verdict in ("eligible", "not_eligible", "contact", "elsewhere")
        for key in ("unmet", "expectations", "conditional_expectations", "asr_assesses"):
            for item in getattr(result, key):
                assert item.source.url.startswith("beleid/"), item
                assert item.source.quote
        assert result.next_steps, f"{result.provider_type.id}: een uitslag zonder vervolgstap"


def test_every_option_of_every_question_is_on_some_path(year_policy):
    policy = year_policy
    for provider in policy.provider_types:
        taken: set[tuple[str, str]] = set()
        for values in paths(policy, provider):
            taken |= set(values.items())
        for q in policy.questions_for(provider):
            if q.type == "choice" and any((q.id, o.value) in taken for o in q.options):
                assert {(q.id, o.value) for o in q.options} <= taken, q.id


def test_what_asr_assesses_is_never_asked_never_decides_and_always_shown(year_policy):
    policy = year_policy
    by_asr = {c.id for c in policy.conditions.values() if c.by_asr}
    assert by_asr, "het beleid noemt punten die a.s.r. zelf beoordeelt"
    for provider, values, result in all_paths(policy):
        assert not by_asr & set(values), "een punt dat a.s.r. beoordeelt, werd gevraagd"
        assert not by_asr & {u.id for u in result.unmet}
        rule_applied = policy.provider_types[provider].refusal or any(u.kind == "rule" for u in result.unmet)
        if not rule_applied:
            expected = {c.id for c in policy.conditions_for(provider) if c.by_asr and c.blocking}
            assert {a.id for a in result.asr_assesses} == expected, provider


def test_all_means_every_type_that_is_asked_anything(year_policy):
    policy = year_policy
    general = [c for c in policy.conditions.values() if c.provider_types == ALL and c.question]
    for provider, pt in policy.provider_types.items():
        if pt.refusal:
            continue
        asked = {q.id for q in policy.questions_for(provider)}
        assert {c.id for c in general} <= asked, provider


def test_arrangements_never_change_the_verdict(year_policy):
    policy = year_policy
    for provider in policy.provider_types:
        for q in policy.questions_for(provider):
            arrangement = [o for o in q.options if o.effect == "arrangement"]
            plain = [o for o in q.options if o.effect == "none" and not o.outcomes]
            for a in arrangement:
                for p in plain:
                    with_it = complete(policy, provider, {q.id: a.value})
                    if q.id not in with_it:
                        continue
                    without = complete(policy, provider, {**with_it, q.id: p.value})
                    r1, r2 = evaluate(policy, provider, with_it), evaluate(policy, provider, without)
                    assert r1.verdict == r2.verdict, (provider, q.id)
                    assert q.id in [x.id for x in r1.arrangements] or r1.verdict == "not_eligible"


def test_the_tree_says_what_the_engine_decides(year_policy):
    """The decision trees print `answer_effect`; on the all-met path of every route, the
    answer's effect and the engine's verdict agree."""
    policy = year_policy
    tone_verdict = {"stop": "not_eligible", "contact": "contact", "elsewhere": "elsewhere"}
    for provider in policy.provider_types:
        baseline = complete(policy, provider, {})
        base_verdict = evaluate(policy, provider, baseline).verdict
        for q in flow(policy, provider, baseline).questions:
            if q.type != "choice" or (q.stage == "route" and any(o.outcomes for o in q.options)):
                continue
            for option in q.options:
                values = complete(policy, provider, {**{k: v for k, v in baseline.items() if k != q.id}, q.id: option.value})
                verdict = evaluate(policy, provider, values).verdict
                effect = answer_effect(policy, provider, q, option)
                want = tone_verdict.get(effect.tone, base_verdict)
                assert verdict == want, (provider, q.id, option.value, effect.text, verdict)


def test_a_rule_that_applies_ends_the_questions_and_brings_its_own_steps(year_policy):
    policy = year_policy
    for provider in policy.provider_types:
        for q in policy.questions_for(provider):
            if not (q.condition and q.condition.kind == "rule"):
                continue
            unmet = next(o.value for o in q.options if o.meets is False)
            values = complete(policy, provider, {q.id: unmet})
            assert flow(policy, provider, values).questions[-1].id == q.id
            result = evaluate(policy, provider, values)
            assert [s.id for s in result.next_steps] == list(q.condition.next_steps)


def test_refused_types_have_no_questions_and_their_rules_outcome(year_policy):
    policy = year_policy
    for provider, pt in policy.provider_types.items():
        if not pt.refusal:
            continue
        rule = policy.conditions[pt.refusal]
        assert next_question(policy, provider, {}) is None
        result = evaluate(policy, provider, {})
        assert result.verdict == (rule.outcome.verdict if rule.outcome else "not_eligible")
        assert [s.id for s in result.next_steps] == list(rule.next_steps)
        assert result.asr_assesses == []


def test_mail_details_are_asked_exactly_where_a_mail_uses_them(year_policy):
    policy = year_policy
    fillers = {q.fills: q for q in policy.questions.values() if q.fills}
    for provider, values, result in all_paths(policy):
        used = set()
        for step in result.next_steps:
            if step.mailto:
                template = policy.next_steps[step.id].mailto
                used |= set(PLACEHOLDER.findall(template.subject + template.body))
                assert "{" not in step.mailto.body and "{" not in step.mailto.subject
        for name, q in fillers.items():
            assert (q.id in values) == (name in used), (provider, q.id, name, used)
            if q.id in values:
                assert any(values[q.id] in s.mailto.body or values[q.id] in s.mailto.subject for s in result.next_steps if s.mailto)


def test_every_mail_goes_to_the_address_of_the_contact_it_names(year_policy):
    """The data names a contact; the button's address is that contact's, and the link starts
    with exactly that one address, then the subject and the body."""
    policy = year_policy
    for _, _, result in all_paths(policy):
        for step in result.next_steps:
            if step.mailto:
                contact = policy.contacts[policy.next_steps[step.id].mailto.contact]
                assert step.mailto.to == contact.email
                assert step.mailto.href.startswith(f"mailto:{contact.email}?subject=")
                assert step.mailto.href.count("?") == 1 and step.mailto.href.count("&") == 1


def test_every_step_with_an_address_has_a_prefilled_mail(year_policy):
    policy = year_policy
    for step in policy.next_steps.values():
        for contact in policy.contacts.values():
            if contact.email and contact.email in step.text:
                assert step.mailto, f"vervolgstap '{step.id}' noemt {contact.email} maar heeft geen e-mailknop (mailto)"


def test_missing_answer_is_an_error_not_a_verdict(year_policy):
    policy = year_policy
    for provider in policy.provider_types:
        first = next_question(policy, provider, {})
        if first is None:
            continue
        with pytest.raises(AnswerError) as info:
            evaluate(policy, provider, {})
        assert first.id in info.value.problems


def test_lenient_reading_drops_unknown_and_unasked_and_reports_bad_values(year_policy):
    policy = year_policy
    provider = next(p for p, pt in policy.provider_types.items() if not pt.refusal)
    first = next_question(policy, provider, {})
    other = next(p for p in policy.provider_types if p != provider)
    foreign = next((q.id for q in policy.questions_for(other) if q not in policy.questions_for(provider)), None)
    raw = {"type": provider, first.id: "misschien", "bestaat-niet": "ja"}
    if foreign:
        raw[foreign] = "ja"
    answers = read_answers(policy, raw)
    assert list(answers.errors) == [first.id]
    assert answers.errors[first.id].startswith("Kies een van de antwoorden")
    assert "bestaat-niet" in answers.dropped
    if foreign:
        assert foreign in answers.dropped


def test_filler_is_the_compliant_answer(year_policy):
    policy = year_policy
    for provider in policy.provider_types:
        for q in policy.questions_for(provider):
            if q.condition and q.type == "choice":
                assert q.option(filler(policy, provider, q)).meets is True
        assert set(routing_ids(policy, provider)) <= {q.id for q in policy.questions_for(provider)}


def test_an_answer_that_says_what_meeting_everything_means_goes_before_the_types_own_contact(year_policy):
    """A type that always gets in touch (verdict_if_met: contact) is told to apply; an answer
    with its own outcome for 'meets everything' (an existing contract: no action) overrides
    that, so a contracted provider is never sent to apply nor given the type's reason."""
    policy = year_policy
    checked = 0
    for provider, pt in policy.provider_types.items():
        if pt.verdict_if_met != "contact":
            continue
        for q in policy.questions_for(provider):
            for option in q.options:
                change = option.outcomes.get("eligible")
                if change is None:
                    continue
                result = evaluate(policy, provider, complete(policy, provider, {q.id: option.value}))
                assert result.verdict == (change.verdict or "eligible"), (provider, q.id, option.value)
                assert [c.id for c in result.contacts if c.id == pt.id] == []
                if change.next_steps is not None:
                    assert [s.id for s in result.next_steps] == list(change.next_steps)
                checked += 1
    # Only meaningful where the data has such a type and answer; then it must be checked.
    has_pair = any(
        pt.verdict_if_met == "contact" and any("eligible" in o.outcomes for q in policy.questions_for(p) for o in q.options)
        for p, pt in policy.provider_types.items()
    )
    assert checked or not has_pair


def test_mails_name_the_kind_of_care_from_the_policy_and_the_type(year_policy):
    """{soort} is the provider type's name, {zorg} the title of the policy's section for its
    kind of care; no placeholder is left in a mail."""
    policy = year_policy
    for provider, _values, result in all_paths(policy):
        care = policy.sections[policy.provider_types[provider].care_section or policy.provider_types[provider].section].title
        assert policy.care(provider) == care
        for step in result.next_steps:
            if step.mailto is None:
                continue
            template = policy.next_steps[step.id].mailto
            assert not PLACEHOLDER.search(step.mailto.body), step.mailto.body
            if "{zorg}" in template.body:
                assert care in step.mailto.body
            if "{soort}" in template.body:
                assert result.provider_type.label in step.mailto.body


def _decide_at_once(policy: Policy, provider: str) -> list[tuple[Question, Option]]:
    """The answers that end the questions at once (an existing contract) for this type."""
    return [(q, o) for q in policy.questions_for(provider) for o in q.options if o.ends_questions]


def test_an_answer_that_decides_at_once_is_reached_before_anything_else_of_its_stage(year_policy):
    """Issue 14: with an existing contract the verdict comes after that one question, for
    every type (a ZZP'er too): nothing of the same stage is asked before it."""
    policy = year_policy
    for provider in policy.provider_types:
        for q, option in _decide_at_once(policy, provider):
            walked = flow(policy, provider, complete(policy, provider, {q.id: option.value}))
            assert walked.short and walked.questions[-1].id == q.id, (provider, walked.ids)
            before = walked.questions[:-1]
            assert all(STAGES.index(b.stage) < STAGES.index(q.stage) for b in before), (provider, [b.id for b in before])


def test_checking_anyway_never_refuses(year_policy):
    """After an existing contract, checking the conditions anyway gives contact for what is
    missed, never a refusal (issue 14, item 1), on every path the catalogue walks."""
    policy = year_policy
    checked = 0
    for provider in policy.provider_types:
        for values in paths(policy, provider):
            if values.get(RECHECK_KEY) != RECHECK_YES:
                continue
            result = evaluate(policy, provider, values)
            assert result.verdict != "not_eligible", (provider, values)
            checked += 1
    has_at_once = any(_decide_at_once(policy, p) for p in policy.provider_types)
    assert checked or not has_at_once


def _without_rule_ask_if(data: dict) -> None:
    for cond in data["conditions"]:
        if cond.get("kind") == "rule":
            cond.pop("ask_if", None)


def test_a_purchasing_rule_asked_when_checking_anyway_means_contact_not_its_refusal(data_copy):
    """Even where the data asks a purchasing rule when a contracted provider checks anyway,
    a rule that applies there counts as a condition not met: what the contract answer says
    (contact a.s.r.), never the rule's refusal or its steps (such as applying for a contract).
    The trees say the same."""
    data_dir = data_copy()
    edit_yaml(data_dir / "2024" / "conditions.yaml", _without_rule_ask_if)
    policy = load_policy(2024, data_dir)
    checked = 0
    for provider in policy.provider_types:
        asked = policy.questions_for(provider)
        rules = [q for q in asked if q.condition and q.condition.kind == "rule" and rule_outcome(q.condition).verdict == "not_eligible"]
        for q, option in _decide_at_once(policy, provider):
            change = option.outcomes.get("not_eligible")
            for rule in rules:
                unmet = next(o.value for o in rule.options if o.meets is False)
                values = complete(policy, provider, {q.id: option.value, RECHECK_KEY: RECHECK_YES, rule.id: unmet})
                assert rule.id in flow(policy, provider, values).ids
                result = evaluate(policy, provider, values)
                assert change is not None and result.verdict == (change.verdict or "not_eligible") != "not_eligible", (provider, result.verdict)
                assert [u.id for u in result.unmet] == [rule.id]
                assert [s.id for s in result.next_steps] == list(change.next_steps or [])
                assert not set(rule.condition.next_steps) & {s.id for s in result.next_steps}
                assert option.label in answer_effect(policy, provider, rule, rule.option(unmet)).text
                checked += 1
    assert checked, "de gegevens hebben geen inkoopregel bij een soort met een overeenkomst"

"""Every Dutch word and label the checker shows, in one place: verdicts, kinds of
condition, stages of the flow, and the short texts of the checker's screens. The code
names things in English (`Verdict.ELIGIBLE`); what a provider reads comes from here.
"""

from __future__ import annotations

from .model import Kind, Stage, Verdict

STAGE_LABELS: dict[Stage, str] = {
    Stage.ROUTE: "Uw situatie",
    Stage.GENERAL: "Alle zorgaanbieders",
    Stage.ORGANISATION: "Uw organisatie",
    Stage.PROFESSIONAL: "Uw zorgverleners",
    Stage.ARRANGEMENTS: "Toeslagen en bijzondere afspraken",
    Stage.EXPECTATIONS: "Wat a.s.r. verwacht",
    Stage.PROCEDURE: "Inkoop en aanvraag",
    Stage.DETAILS: "Gegevens voor uw aanvraag",
}
# The checker's pages (checker/pages.py): the steps the progress line names, and the fixed
# words of the pages that show several statements or options at once.
PROVIDER_STEP = "Soort zorgaanbieder"
EXTRA_STEP = "Wat u ook wilt weten"
REVIEW_STEP = "Controleer uw antwoorden"
PROGRESS = "Stap {step} van {total}: {label}"
PROGRESS_FIRST = "Stap 1: {label}"
STATEMENTS_QUESTION = {
    "organisation": "Geldt dit allemaal voor uw organisatie?",
    "professional": "Geldt dit allemaal voor iedere zorgverlener die bij u werkt?",
}
STATEMENTS_YES = "Ja"
STATEMENTS_NO = "Nee, niet allemaal"
UNMET_QUESTION = "Welke gelden niet?"
UNMET_HELP = "Kruis aan wat niet geldt. Wat u niet aankruist, geldt wel."
UNMET_NONE = "Kruis aan wat niet geldt. Geldt alles wel? Ga dan terug en kies ‘Ja’."
EXTRA_QUESTION = "Wilt u ook weten wat a.s.r. hierover zegt?"
EXTRA_HELP = "Kruis aan wat voor u geldt. Dit verandert de uitslag niet; u mag alles leeg laten."
EXTRA_EXPECTATIONS = "Voldoet uw organisatie aan wat a.s.r. verder van zorgaanbieders verwacht?"
EXTRA_EXPECTATIONS_HELP = "Dan vraagt de checker daarna naar die verwachtingen. Een contract hangt er niet van af."
RECHECK = "Toch nagaan of u nog aan alle voorwaarden voldoet?"
KIND_LABELS: dict[Kind, str] = {
    Kind.CONDITION: "Contractvoorwaarde",
    Kind.EXPECTATION: "Verwachting",
    Kind.EXCLUSION: "Uitsluitingsgrond",
    Kind.RULE: "Inkoopregel",
}
# Who a condition applies to: the organisation, or each professional working there.
APPLIES_LABELS = {"organisation": "Organisatie", "professional": "Iedere zorgverlener"}
VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "U voldoet aan de voorwaarden die u zelf kunt nagaan",
    Verdict.NOT_ELIGIBLE: "U komt nu niet in aanmerking voor een contract",
    Verdict.CONTACT: "Neem contact op met a.s.r.",
    Verdict.ELSEWHERE: "a.s.r. koopt deze zorg niet bij u in",
}
# The short words the decision trees use for an outcome.
VERDICT_SHORT: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "voldoet",
    Verdict.NOT_ELIGIBLE: "geen contract",
    Verdict.CONTACT: "neem contact op met a.s.r.",
    Verdict.ELSEWHERE: "a.s.r. koopt deze zorg elders in",
}
VERDICT_TEXTS: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "U voldoet aan alle voorwaarden voor een contract die u zelf kunt nagaan.",
    Verdict.NOT_ELIGIBLE: "U voldoet nu niet aan een of meer voorwaarden voor een contract. Hieronder staat welke, met de passage uit het beleid.",
    Verdict.CONTACT: "a.s.r. kan dit niet alleen op basis van uw antwoorden beoordelen. Neem contact op met a.s.r. Hieronder staat waarom, en met wie.",
    Verdict.ELSEWHERE: "",
}
# Belangrijke data in the result: a step without a last date in the policy (a new provider
# applying), said in plain words, before the dates the policy does name.
NO_DEADLINE = "Voor ‘{step}’ noemt het beleid geen laatste datum (deadline)."
DATES_NAMED = "Deze data noemt het beleid wel:"
ASR_NOTE = " a.s.r. beoordeelt daarnaast zelf een aantal punten; die staan hieronder."
# Also used by the page itself for the first question, before Python has loaded.
EMPTY_CHOICE = "Kies een van de antwoorden."
NOT_FILLED = "Niet ingevuld"

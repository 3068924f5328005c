"""Which of the policy's terms (terms.yaml) a text uses, and where the glossary explains
them. One rule for the site's links and for the checker's questions.

Why whole words and exact case: "NT" is a term in "NT-meting" but not in "ANT" or "nt";
"IGO’s" and "BIG-register" use IGO and BIG. Standard library only (runs in Pyodide).
"""

from __future__ import annotations

import re
from typing import Any

from .model import Policy, Term

# The generated glossary page, site-root relative; each term is an anchor on it.
GLOSSARY_URL = "begrippen/"


def term_url(term: Term) -> str:
    return f"{GLOSSARY_URL}#{term.id}"


def term_pattern(policy: Policy) -> re.Pattern[str] | None:
    """One pattern for all terms, longest first, so a longer term wins over a part of it."""
    spelled = sorted((t.term for t in policy.terms.values()), key=len, reverse=True)
    if not spelled:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(s) for s in spelled) + r")(?!\w)")


def used_terms(policy: Policy, *texts: str | None) -> list[Term]:
    """The terms the texts use, in the order they first appear."""
    pattern = term_pattern(policy)
    if pattern is None:
        return []
    by_spelling = {t.term: t for t in policy.terms.values()}
    found: dict[str, Term] = {}
    for text in texts:
        for match in pattern.finditer(text or ""):
            term = by_spelling[match.group(1)]
            found.setdefault(term.id, term)
    return list(found.values())


def terms_json(policy: Policy, *texts: str | None) -> list[dict[str, Any]]:
    """The terms a question uses, as the browser shows them under it."""
    return [{"term": t.term, "meaning": t.meaning, "url": term_url(t)} for t in used_terms(policy, *texts)]

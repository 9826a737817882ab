"""Brand voice: the brand's banned and preferred terms, tone limits, person, spelling, competitors.

Term matching goes through spaCy lemmas and skips hyphens, so "cheaper", "Cheap" and "cheap-looking"
all meet the term "cheap". Words the writer cannot change (the title, attribute values) are never
flagged as shouting or misspelt. The flattened spec table is exempt: it is attribute data.
"""

from __future__ import annotations

import re

from qualitygate.checks import voice_standard
from qualitygate.checks.common import CheckInput, quote, result
from qualitygate.checks.lexicons import (
    ACRONYMS,
    DISPARAGE,
    FIRST_PERSON,
    GENERIC_RIVALS,
    HYPE,
    SECOND_PERSON,
    SHOUT_SHORT,
    SLANG,
    SPELLING_UK_US,
    SPELLING_US_UK,
)
from qualitygate.checks.text import Analysis, Phrases, Tok, inside, phrase_words
from qualitygate.domain import CheckResult, Dimension, Finding, Severity

DIM: Dimension = "brand_voice"
_NUMBER_ONE = re.compile(r"#\s?1\b|\bno\.\s?1\b", re.IGNORECASE)
_BANG_RUN = re.compile(r"!{2,}")
_SLANG = frozenset(SLANG)
_HYPE = Phrases(HYPE)
_DISPARAGE = Phrases(DISPARAGE)
_GENERIC_RIVALS = Phrases(GENERIC_RIVALS)


def _writable(analysis: Analysis, span: tuple[int, int], exempt: list[tuple[int, int]]) -> bool:
    return not analysis.in_specs(span[0]) and not inside(span, exempt)


def _terms(inp: CheckInput, exempt: list[tuple[int, int]]) -> list[Finding]:
    out: list[Finding] = []
    g, analysis = inp.guidelines, inp.analysis
    for rule in g.terms:
        for span in analysis.find_phrase(phrase_words(rule.term)):
            if not _writable(analysis, span, exempt):
                continue
            why = f" ({rule.reason})" if rule.reason else ""
            out.append(
                Finding(
                    DIM,
                    "banned_term",
                    rule.severity,
                    f"'{quote(inp.text, span)}' is on {g.name}'s avoid list{why}.",
                    span=span,
                    suggestion=f"Use '{rule.use}' instead."
                    if rule.use
                    else "Remove or rephrase it.",
                )
            )
    for term in g.required_terms:
        if not analysis.find_phrase(phrase_words(term)):
            out.append(
                Finding(
                    DIM,
                    "missing_required_term",
                    "warning",
                    f"{g.name} copy must use the term '{term}'.",
                    suggestion=f"Work '{term}' into the description.",
                )
            )
    return out


def _hype(inp: CheckInput, exempt: list[tuple[int, int]]) -> list[Finding]:
    severity = inp.guidelines.hype
    if severity is None:
        return []
    analysis = inp.analysis
    spans = {s for _, found in _HYPE.spans(analysis) for s in found}
    spans |= {(m.start(), m.end()) for m in _NUMBER_ONE.finditer(inp.text)}
    out = []
    for span in sorted(spans):
        if any(a <= span[0] and span[1] <= b and (a, b) != span for a, b in spans):
            continue  # "best" inside "best in the world": report the longer phrase only
        if _writable(analysis, span, exempt):
            out.append(
                Finding(
                    DIM,
                    "hype",
                    severity,
                    f"'{quote(inp.text, span)}' is an unverifiable claim or hype cliché.",
                    span=span,
                    suggestion="Replace it with a concrete, checkable fact about the product.",
                )
            )
    return out


def _writable_words(analysis: Analysis, exempt: list[tuple[int, int]]) -> list[Tok]:
    """The word tokens the writer is answerable for (computed once for all tone rules)."""
    if not exempt:  # `_writable` without boilerplate to skip: outside the spec table
        return [t for t in analysis.tokens if t.is_word and not analysis.in_specs(t.start)]
    return [
        t for t in analysis.tokens if t.is_word and _writable(analysis, (t.start, t.end), exempt)
    ]


def _tone(
    inp: CheckInput, exempt: list[tuple[int, int]], words: list[Tok], names: frozenset[str]
) -> list[Finding]:
    g, analysis, text = inp.guidelines, inp.analysis, inp.text
    out: list[Finding] = []
    protected = names | g.allow_caps | ACRONYMS
    # A safety warning's capitals ("WARNING: CHOKING HAZARD -- SMALL PARTS") are the law's, not
    # the writer's: the standard exempts the whole warning from shouting.
    warnings = voice_standard.safety_passages(text)
    if warnings:
        words = [t for t in words if not inside((t.start, t.end), warnings)]
    caps = [
        t
        for t in words
        if t.text.isalpha()
        and t.text.isupper()
        and (len(t.text) >= 5 or t.text in SHOUT_SHORT)
        and t.text not in protected
    ]
    if g.shouting is not None:
        # Title and attribute words (brand names often in capitals) are not the writer's voice.
        alpha = [
            t
            for t in words
            if t.text.isalpha() and len(t.text) > 1 and t.text.upper() not in protected
        ]
        upper = [t for t in alpha if t.text.isupper()]
        if len(alpha) >= 10 and len(upper) / len(alpha) > 0.5:
            out.append(
                Finding(
                    DIM,
                    "all_caps_text",
                    "error",
                    "The description is written in capitals.",
                    span=(upper[0].start, upper[-1].end),
                    suggestion="Write in sentence case; keep capitals for acronyms and names.",
                )
            )
        else:
            for t in caps:
                out.append(
                    Finding(
                        DIM,
                        "shouting",
                        g.shouting,
                        f"'{t.text}' is shouting (all capitals).",
                        span=(t.start, t.end),
                        suggestion=f"Write '{t.text.capitalize()}'.",
                    )
                )
    if g.slang is not None:
        for t in words:
            if (
                t.lower in _SLANG
                and not t.text.isupper()
                and t.text.upper() not in protected
                and not _next_is_hyphen(analysis, t.i)
                and not voice_standard.literal(text, (t.start, t.end))
            ):
                out.append(
                    Finding(
                        DIM,
                        "slang",
                        g.slang,
                        f"'{t.text}' is slang or text-speak.",
                        span=(t.start, t.end),
                        suggestion="Write the word out in plain English.",
                    )
                )
    flat = voice_standard.mask_name_bangs(text, names)  # "Pop!" is a name
    bangs = [
        m for m in re.finditer(r"!", flat) if _writable(analysis, (m.start(), m.end()), exempt)
    ]
    for m in _BANG_RUN.finditer(text):
        if _writable(analysis, (m.start(), m.end()), exempt):
            out.append(
                Finding(
                    DIM,
                    "repeated_exclamation",
                    "warning",
                    "Repeated exclamation marks.",
                    span=(m.start(), m.end()),
                    suggestion="Use at most one, or none.",
                )
            )
    if g.max_exclamations is not None and len(bangs) > g.max_exclamations:
        extra = bangs[g.max_exclamations]
        out.append(
            Finding(
                DIM,
                "exclamations",
                "warning",
                f"{len(bangs)} exclamation marks; {g.name} allows {g.max_exclamations}.",
                span=(extra.start(), extra.end()),
                suggestion="End sentences with a full stop.",
            )
        )
    return out


def _next_is_hyphen(analysis: Analysis, i: int) -> bool:
    toks = analysis.tokens
    return (i + 1 < len(toks) and toks[i + 1].text == "-") or (i > 0 and toks[i - 1].text == "-")


def _person_spelling(inp: CheckInput, words: list[Tok], names: frozenset[str]) -> list[Finding]:
    g = inp.guidelines
    out: list[Finding] = []
    checks: list[tuple[Severity | None, frozenset[str], str]] = [
        (g.person_we, FIRST_PERSON, "first person ('we', 'our')"),
        (g.person_you, SECOND_PERSON, "second person ('you', 'your')"),
    ]
    protected = {w.lower() for w in names}
    variants = {"US": SPELLING_UK_US, "UK": SPELLING_US_UK}.get(g.spelling or "", {})
    for t in words:
        for severity, person, label in checks:
            if severity is not None and t.lower in person:
                out.append(
                    Finding(
                        DIM,
                        "person",
                        severity,
                        f"{g.name} copy avoids the {label}: '{t.text}'.",
                        span=(t.start, t.end),
                        suggestion="Describe the product in the third person.",
                    )
                )
        if t.lower in variants and t.lower not in protected:
            out.append(
                Finding(
                    DIM,
                    "spelling_variant",
                    "info",
                    f"'{t.text}' is not {g.spelling} spelling.",
                    span=(t.start, t.end),
                    suggestion=f"Write '{variants[t.lower]}'.",
                )
            )
    return out


def _competitors(inp: CheckInput) -> list[Finding]:
    analysis, text = inp.analysis, inp.text
    out: list[Finding] = []
    cues = [s for _, found in _DISPARAGE.spans(analysis) for s in found]

    def disparaged(span: tuple[int, int]) -> bool:
        return any(0 <= span[0] - b <= 25 for _, b in cues)

    for name in inp.guidelines.competitors:
        for span in analysis.find_phrase(phrase_words(name)):
            if text[span[0] : span[1]].lower() != name.lower() and not text[span[0]].isupper():
                continue  # a common word that happens to be a brand ("mi", "boat")
            bad = disparaged(span)
            out.append(
                Finding(
                    DIM,
                    "competitor_disparaged" if bad else "competitor_mention",
                    "error" if bad else "warning",
                    f"Names the competitor '{quote(text, span)}'"
                    + (" in a comparison." if bad else "."),
                    span=span,
                    suggestion="Talk about this product; leave competitors out.",
                )
            )
    for _, spans in _GENERIC_RIVALS.spans(analysis):
        for span in spans:
            if disparaged(span):
                out.append(
                    Finding(
                        DIM,
                        "disparaging_comparison",
                        "warning",
                        f"Runs down '{quote(text, span)}'.",
                        span=span,
                        suggestion="State this product's own strengths instead.",
                    )
                )
    return out


def check(inp: CheckInput) -> CheckResult:
    """All brand-voice rules for one draft."""
    exempt = inp.analysis.boilerplate
    words = _writable_words(inp.analysis, exempt)
    names = inp.names  # asked by the tone, person and standard rules
    findings = (
        _terms(inp, exempt)
        + _hype(inp, exempt)
        + _tone(inp, exempt, words, names)
        + _person_spelling(inp, words, names)
        + _competitors(inp)
    )
    # The standard's explicit fails are errors; a softer finding on the same words says less.
    strict = voice_standard.find(inp.text, inp.guidelines.max_exclamations, names)
    covered = [f.span for f in strict if f.span]
    findings = [
        f for f in findings if f.severity == "error" or not f.span or not inside(f.span, covered)
    ]
    return result(DIM, findings + strict)

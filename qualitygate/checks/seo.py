"""SEO: target keywords placed early, used enough but not stuffed, sensible length, no boilerplate.

Keywords come from `product.keywords`; without them they are derived from the title's head noun
phrase and the category leaf (the last category level that is not the product name).
Rules: keyword_missing, keyword_not_early, keyword_stuffing, title_keyword, too_short, too_long,
repeated_text, marketplace_boilerplate.
"""

from __future__ import annotations

import re

from qualitygate.checks.common import CheckInput, quote, result
from qualitygate.checks.lexicons import AUDIENCE, COLOURS
from qualitygate.checks.text import Analysis, phrase_words
from qualitygate.checks.units import UNITS
from qualitygate.domain import CheckResult, Dimension, Finding, Product, Severity

DIM: Dimension = "seo"
EARLY_CHARS = 160
SHORT_COPY_WORDS = 100
NGRAM = 8
# Stuffing that fails the dimension: this many uses that also make up this share of the words.
STUFF_ERROR_COUNT = 4
STUFF_ERROR_SHARE = 0.06
_PRICE_RE = re.compile(r"(?:price:\s*)?(?:\brs\.?|\binr|₹)\s?[\d,]+(?:\.\d+)?", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'&-]*")
_SKIP_HEAD = frozenset({"set", "pack", "combo", "of", "with", "for", "and", "the", "in", "by"})


def _head_phrase(title: str) -> str | None:
    """The title's head noun phrase: its last one or two plain words ("Cycling Shorts")."""
    title = re.sub(r"\(.*?\)|\[.*?\]", " ", title)
    title = re.split(r"\s[-|,]\s|\bwith\b|\bfor\b", title, maxsplit=1)[0]
    words = [w for w in _WORD_RE.findall(title) if len(w) > 1 and "'" not in w]
    words = [w for w in words if w.lower() not in _SKIP_HEAD and w.lower() not in UNITS]
    if len(words) >= 2 and words[-2].lower().rstrip("s") == words[-1].lower().rstrip("s"):
        words.pop()  # "Vacuum Bottles 350 ml Bottle", "Boots Boots"
    if not words:
        return None
    head = [words[-1]]
    if len(words) >= 3:
        prev = words[-2].lower()
        if prev not in COLOURS and prev not in AUDIENCE and not words[-2].isupper():
            head.insert(0, words[-2])
    return " ".join(head).lower()


def _category_leaf(product: Product) -> str | None:
    first = product.title.split()[0].lower() if product.title.split() else ""
    for level in reversed(product.category):
        lv = level.strip()
        if not lv or lv.endswith("...") or lv.lower() == product.title.lower():
            continue
        if lv.split()[0].lower() == first or len(lv.split()) > 3:
            continue  # a level named after the product or its brand
        return lv.split("&")[0].split(",")[0].strip().lower() or None
    return None


def target_keywords(product: Product) -> tuple[list[str], bool]:
    """The keywords to check and whether they were given (True) or derived (False)."""
    given = [k.strip() for k in product.keywords if k.strip()]
    if given:
        return given, True
    derived = [k for k in (_head_phrase(product.title), _category_leaf(product)) if k]
    return list(dict.fromkeys(derived)), False


def _occurrences(analysis: Analysis, keyword: str) -> list[tuple[int, int]]:
    words = phrase_words(keyword)
    spans = analysis.find_phrase(words)
    if not spans and len(words) > 1:
        spans = analysis.find_phrase(words[-1:])  # the head noun alone still serves the query
    return spans


def _keyword_rules(inp: CheckInput) -> list[Finding]:
    analysis, product = inp.analysis, inp.draft.product
    keywords, given = target_keywords(product)
    if not keywords:
        return []
    out: list[Finding] = []
    everywhere = {k: _occurrences(analysis, k) for k in keywords}
    # Placement and density are judged on the copy; the spec table only counts as presence.
    hits = {k: [s for s in v if not analysis.in_specs(s[0])] for k, v in everywhere.items()}
    listed = ", ".join(f"'{k}'" for k in keywords)
    if given and not any(
        set(phrase_words(k)) <= set(phrase_words(product.title)) for k in keywords
    ):
        out.append(
            Finding(
                DIM,
                "title_keyword",
                "warning",
                f"The title contains none of the target keywords ({listed}).",
                suggestion=f"Put '{keywords[0]}' in the product title.",
            )
        )
    if not any(everywhere.values()):
        return out + [
            Finding(
                DIM,
                "keyword_missing",
                "error" if given else "warning",
                f"None of the target keywords ({listed}) appears in the description.",
                suggestion=f"Use '{keywords[0]}' in the first sentence.",
            )
        ]
    if given:
        # A keyword the brief asks for is a requirement: each one absent fails the dimension.
        for k in keywords:
            if not analysis.find_phrase(phrase_words(k)):
                partial = bool(everywhere[k])
                out.append(
                    Finding(
                        DIM,
                        "keyword_missing",
                        "error",
                        f"The target keyword '{k}' does not appear in the description"
                        + (" (only its last word does)." if partial else "."),
                        suggestion=f"Work the phrase '{k}' into the copy once or twice.",
                    )
                )
    first = analysis.sentences[0] if analysis.sentences else None
    early_end = max(EARLY_CHARS, first.end if first else 0)
    if not any(s[0] < early_end for spans in everywhere.values() for s in spans):
        k, spans = next((k, v) for k, v in everywhere.items() if v)
        out.append(
            Finding(
                DIM,
                "keyword_not_early",
                "warning",
                f"The keyword '{k}' first appears at character {spans[0][0]}, not in the first "
                f"sentence or the first {EARLY_CHARS} characters.",
                span=spans[0],
                suggestion=f"Mention '{k}' in the opening sentence.",
            )
        )
    n = max(1, sum(1 for t in analysis.tokens if t.is_word and not analysis.in_specs(t.start)))
    for k, spans in hits.items():
        count, share = len(spans), len(spans) * len(phrase_words(k)) / n
        over = count >= STUFF_ERROR_COUNT and share > STUFF_ERROR_SHARE
        stuffed = count > 4 if n < SHORT_COPY_WORDS else (share > 0.04 and count > 4)
        if stuffed or over:
            severity: Severity = "error" if over else "warning"
            out.append(
                Finding(
                    DIM,
                    "keyword_stuffing",
                    severity,
                    f"'{k}' appears {count} times in {n} words ({share:.0%}).",
                    span=spans[-1],
                    suggestion=f"Use '{k}' two or three times at most; vary the wording.",
                )
            )
    return out


def _length_rules(inp: CheckInput) -> list[Finding]:
    g, n = inp.guidelines, inp.analysis.n_words
    if 0 < n < g.min_words:
        return [
            Finding(
                DIM,
                "too_short",
                "warning",
                f"{n} words; search engines and shoppers need at least {g.min_words}.",
                suggestion="Add detail on material, use, size and care.",
            )
        ]
    if n > g.max_words:
        return [
            Finding(
                DIM,
                "too_long",
                "info",
                f"{n} words; {g.max_words} is plenty.",
                suggestion="Cut repetition; move specs to the attribute table.",
            )
        ]
    return []


def _repetition_rules(inp: CheckInput) -> list[Finding]:
    analysis, text = inp.analysis, inp.text
    out: list[Finding] = []
    # Repeating the product name is normal; a repeated run of other words is copy-paste.
    title = {w.lower() for w in re.findall(r"[\w.']+", inp.draft.product.title)}
    words = [t for t in analysis.tokens if t.is_word and not analysis.in_specs(t.start)]
    regions = [analysis.region_at(t.start) for t in words]
    first_seen: dict[tuple[str, ...], int] = {}
    repeated = []
    for i in range(len(words) - NGRAM + 1):
        gram = tuple(t.lower for t in words[i : i + NGRAM])
        j = first_seen.setdefault(gram, i)
        # A feature list echoed in the prose is how the shop page was crawled, not the writer.
        same_part = regions[j] == regions[i]
        if j + NGRAM <= i and same_part and sum(w not in title for w in gram) >= NGRAM // 2:
            repeated.append(i)
    runs: list[tuple[int, int]] = []
    for i in repeated:
        if runs and i <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    for a, b in runs:
        span = (words[a].start, words[b + NGRAM - 1].end)
        out.append(
            Finding(
                DIM,
                "repeated_text",
                "warning",
                f"{b + NGRAM - a} words repeat earlier text: '{quote(text, span)}'.",
                span=span,
                suggestion="Say it once.",
            )
        )
    prices = [m for m in _PRICE_RE.finditer(text) if not analysis.in_specs(m.start())]
    if prices:
        out.append(
            Finding(
                DIM,
                "price_in_text",
                "info",
                f"The description states a price ('{prices[0].group(0)}'); it goes stale when the "
                "price changes.",
                span=prices[0].span(),
                suggestion="Leave prices to the price field.",
            )
        )
    spans = [s for s in analysis.boilerplate if not _PRICE_RE.fullmatch(text[s[0] : s[1]])]
    if spans:
        out.append(
            Finding(
                DIM,
                "marketplace_boilerplate",
                "warning",
                f"{len(spans)} piece(s) of marketplace boilerplate such as "
                f"'{quote(text, spans[0], 50)}'.",
                span=spans[0],
                suggestion="Remove shop boilerplate; it adds nothing searchable.",
            )
        )
    return out


def check(inp: CheckInput) -> CheckResult:
    """All SEO rules for one draft (an empty text is completeness's error, not SEO's)."""
    if not inp.text.strip():
        return result(DIM, [])
    return result(DIM, _keyword_rules(inp) + _length_rules(inp) + _repetition_rules(inp))

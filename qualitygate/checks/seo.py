"""SEO: the brief's keywords placed early and not stuffed; without a brief, the product named early.

Keywords come from `product.keywords` only; none are invented. Without them the standard's
naming rules apply: the product's type (the title's head noun phrase, the category leaf) named
within the first two sentences, matched loosely; no stuffing of it; product text to index.
Rules: keyword_missing, keyword_not_early, keyword_stuffing, title_keyword, product_not_named,
product_named_late, no_product_text, too_short, too_long, repeated_text, price_in_text,
marketplace_boilerplate.
"""

from __future__ import annotations

import re

from qualitygate.checks import artefacts
from qualitygate.checks.attributes import stem
from qualitygate.checks.caseblind import find_all_ci
from qualitygate.checks.common import CheckInput, quote, result
from qualitygate.checks.completeness import TEMPLATE_MAX_WORDS, substance_words
from qualitygate.checks.lexicons import AUDIENCE, COLOURS
from qualitygate.checks.text import (
    Analysis,
    Tok,
    count_words,
    joined_sentences,
    phrase_words,
)
from qualitygate.checks.units import UNITS
from qualitygate.domain import CheckResult, Dimension, Finding, Product, Severity

DIM: Dimension = "seo"
EARLY_CHARS = 160
SHORT_COPY_WORDS = 100
NGRAM = 8
# Stuffing that fails the dimension: this many uses that also make up this share of the words.
STUFF_ERROR_COUNT = 4
STUFF_ERROR_SHARE = 0.06
NOT_NAMED_SEVERITY: Severity = "error"
NAMED_LATE_SEVERITY: Severity = "error"
_PRICE_RE = re.compile(r"(?:price:\s*)?(?:\brs\.?|\binr|₹)\s?[\d,]+(?:\.\d+)?", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'&-]*")
_SKIP_HEAD = frozenset({"set", "pack", "combo", "of", "with", "for", "and", "the", "in", "by"})
# Words of a title that say which variant, not what the product is: sizes ("One Size", "Small",
# "X-Large", "Plus"), pack phrases ("Pack", "Pieces", "Count"). With colours they are never the
# product's type or distinctive name.
_VARIANT_WORDS = frozenset(
    {
        "one",
        "size",
        "sizes",
        "small",
        "medium",
        "large",
        "x-large",
        "xx-large",
        "xxx-large",
        "x-small",
        "xx-small",
        "extra",
        "xs",
        "xl",
        "xxl",
        "xxxl",
        "petite",
        "plus",
        "regular",
        "standard",
        "tall",
        "short",
        "big",
        "little",
        "mini",
        "pcs",
        "pieces",
        "piece",
        "count",
        "ct",
        "pk",
        "pair",
        "pairs",
        "assorted",
        "multicolor",
        "multicolour",
        "multi",
    }
)


def _variant(word: str) -> bool:
    w = word.lower()
    return w in _VARIANT_WORDS or w in COLOURS or re.fullmatch(r"\d*x{1,3}[sl]|\d+t", w) is not None


def _head_phrase(title: str) -> str | None:
    """The title's head noun phrase: its last one or two plain words ("Cycling Shorts")."""
    title = re.sub(r"\(.*?\)|\[.*?\]", " ", title)
    title = re.split(r"\s[-|,]\s|\bwith\b|\bfor\b", title, maxsplit=1)[0]
    words = [w for w in _WORD_RE.findall(title) if len(w) > 1 and "'" not in w]
    words = [w for w in words if w.lower() not in _SKIP_HEAD and w.lower() not in UNITS]
    while len(words) > 1 and _variant(words[-1]):
        words.pop()  # "Pirate Costume, Small", "T-Shirt One Size Black": the variant, not the type
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


def target_keywords(product: Product) -> list[str]:
    """The brief's target keywords. None are invented: without a brief the keyword rules lapse
    and the naming rules (`_naming_rules`) judge what the standard asks instead."""
    return [k.strip() for k in product.keywords if k.strip()]


def product_types(product: Product) -> list[str]:
    """What the product is, as a shopper searches for it: the title's head noun phrase and the
    category leaf (for a T-shirt under '... > T-Shirts': 't-shirt' and 'T-Shirts')."""
    return list(
        dict.fromkeys(k for k in (_head_phrase(product.title), _category_leaf(product)) if k)
    )


def _forms(word: str) -> tuple[str, ...]:
    """A word and its singular/plural: "shorts"/"short", "bellies"/"belly", "box"/"boxes"."""
    w = word.lower()
    forms = {w, stem(w), w + "s", w + "es"}
    if w.endswith("y"):
        forms.add(w[:-1] + "ies")
    return tuple(sorted(forms))


def _title_nouns(product: Product) -> frozenset[str]:
    """Singulars of the title's words that can name the product: not the brand (the first word
    or the Brand attribute), colours, audiences, units or numbers."""
    brand = {w.lower() for w in _WORD_RE.findall(product.attributes.get("Brand", ""))}
    words = _WORD_RE.findall(re.sub(r"\(.*?\)|\[.*?\]", " ", product.title))[1:]
    return frozenset(
        stem(w)
        for w in words
        if len(w) > 2
        and w.lower() not in brand
        and w.lower() not in COLOURS
        and w.lower() not in AUDIENCE
        and w.lower() not in UNITS
        and w.lower() not in _SKIP_HEAD
        and not _variant(w)
    )


def named_at(analysis: Analysis, product: Product) -> tuple[int, int] | None:
    """Where the text first names the product, matched loosely: the head noun of its type,
    singular or plural, in any phrase or word order ("cycling shorts" is named by "shorts for
    cycling"); a noun of the title ("aroma burner" for "... Aroma Burner ... Air Freshener"); a
    word the type ends with ("tie" for "necktie"); or the title itself."""
    spans: list[tuple[int, int]] = []
    heads = []
    for phrase in product_types(product):
        words = phrase_words(phrase)
        if words:
            heads.append(stem(words[-1]))
            for form in _forms(words[-1]):
                spans += analysis.find_phrase((form,))
    nouns = _title_nouns(product)
    for tok in analysis.tokens:
        if tok.pos not in ("NOUN", "PROPN") or len(tok.lower) < 3:
            continue
        word = stem(tok.lower)
        if word in nouns or any(h.endswith(word) and len(word) >= 3 for h in heads):
            spans.append((tok.start, tok.end))
            break
    title = product.title.strip()
    if title:
        spans += find_all_ci(title, analysis.text)[:1]
    return min(spans) if spans else None


def _type_named(analysis: Analysis, types: list[str]) -> bool:
    """Whether the head noun of one of the product's types occurs anywhere, singular or plural."""
    for phrase in types:
        words = phrase_words(phrase)
        if words and any(analysis.find_phrase((f,)) for f in _forms(words[-1])):
            return True
    return False


Found = tuple[tuple[str, ...], list[tuple[int, int]]]


def _occurrences(analysis: Analysis, keyword: str) -> Found:
    """The words actually searched for (the keyword, or its head noun alone when the whole
    phrase is absent: the head still serves the query) and where they occur."""
    words = tuple(phrase_words(keyword))
    spans = analysis.find_phrase(words)
    if not spans and len(words) > 1:
        words = words[-1:]
        spans = analysis.find_phrase(words)
    return words, spans


def _keyword_rules(inp: CheckInput) -> list[Finding]:
    """The brief's target keywords: each one present, in the title, early, and not stuffed."""
    analysis, product = inp.analysis, inp.draft.product
    keywords = target_keywords(product)
    if not keywords:
        return []
    out: list[Finding] = []
    everywhere = {k: _occurrences(analysis, k) for k in keywords}
    listed = ", ".join(f"'{k}'" for k in keywords)
    if not any(set(phrase_words(k)) <= set(phrase_words(product.title)) for k in keywords):
        out.append(
            Finding(
                DIM,
                "title_keyword",
                "warning",
                f"The title contains none of the target keywords ({listed}).",
                suggestion=f"Put '{keywords[0]}' in the product title.",
            )
        )
    # A keyword the brief asks for is a requirement: each one absent fails the dimension.
    for k in keywords:
        if not analysis.find_phrase(phrase_words(k)):
            partial = bool(everywhere[k][1])
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
    if not any(spans for _, spans in everywhere.values()):
        return out
    sentences = joined_sentences(analysis, inp.names)
    first = sentences[0] if sentences else None
    early_end = max(EARLY_CHARS, first.end if first else 0)
    if not any(s[0] < early_end for _, spans in everywhere.values() for s in spans):
        k, (words, spans) = next((k, v) for k, v in everywhere.items() if v[1])
        said = " ".join(words)
        what = f"'{k}'" if said == " ".join(phrase_words(k)) else f"'{said}' (from '{k}')"
        out.append(
            Finding(
                DIM,
                "keyword_not_early",
                "warning",
                f"The keyword {what} first appears at character {spans[0][0]}, not in the first "
                f"sentence or the first {EARLY_CHARS} characters.",
                span=spans[0],
                suggestion=f"Mention '{k}' in the opening sentence.",
            )
        )
    return out + _stuffing(inp, everywhere, brief=True)


def _copy_grams(analysis: Analysis) -> tuple[list[Tok], list[int]]:
    """The words of the copy (spec table aside) and, for the run of NGRAM words starting at each
    word i, the word where that run (lower-cased) first starts: i itself for a new one.
    `verbatim_repeats` and `repeated_text` both read it (`Analysis.once`)."""
    words = [t for t in analysis.tokens if t.is_word and not analysis.in_specs(t.start)]
    lows = [t.lower for t in words]
    seen: dict[tuple[str, ...], int] = {}
    first = [seen.setdefault(tuple(lows[i : i + NGRAM]), i) for i in range(len(lows) - NGRAM + 1)]
    return words, first


def verbatim_repeats(analysis: Analysis) -> list[tuple[int, int]]:
    """Second copies in the copy (spec table aside): sentences repeated word for word
    (readability's repeated_passage) and runs of NGRAM+ words seen before (SEO's repeated_text,
    here whatever the words and the part of the text)."""
    spans = [s for s in artefacts.repeats(analysis.text) if not analysis.in_specs(s[0])]
    words, first = analysis.once(_copy_grams)
    for i, j in enumerate(first):
        if j + NGRAM <= i:
            spans.append((words[i].start, words[i + NGRAM - 1].end))
    return spans


def _stuffing(inp: CheckInput, everywhere: dict[str, Found], *, brief: bool) -> list[Finding]:
    """A keyword of the brief (or, without one, the product's type) repeated as filler. Placement
    and density are judged on the copy with verbatim repeats collapsed (a pasted duplicate is
    repeated_text's finding, not more uses); the spec table only counts as presence. The message
    names exactly what was counted: the phrase, or its last word when only that occurs; without a
    brief it is "the phrase", never a keyword nobody asked for."""
    analysis = inp.analysis
    out: list[Finding] = []
    repeats = verbatim_repeats(analysis)

    def repeated(span: tuple[int, int]) -> bool:
        return any(a <= span[0] and span[1] <= b for a, b in repeats)

    merged: list[list[int]] = []
    for a, b in sorted(repeats):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    duplicate = sum(count_words(analysis.text[a:b]) for a, b in merged)
    n = max(1, analysis.copy_words() - duplicate)
    for k, (words, found) in everywhere.items():
        spans = [s for s in found if not analysis.in_specs(s[0]) and not repeated(s)]
        if not spans:
            continue
        count, share = len(spans), len(spans) * len(words) / n
        over = count >= STUFF_ERROR_COUNT and share > STUFF_ERROR_SHARE
        stuffed = count > 4 if n < SHORT_COPY_WORDS else (share > 0.04 and count > 4)
        if stuffed or over:
            severity: Severity = "error" if over and brief else "warning"
            counted = " ".join(words)
            partial = counted != " ".join(phrase_words(k))
            if brief:
                what = f"The keyword '{counted}'"
                if partial:
                    what = f"'{counted}' (the last word of the keyword '{k}')"
            else:
                what = f"The phrase '{counted}'"
                if partial:
                    what = f"The word '{counted}' (from the product's type '{k}')"
            out.append(
                Finding(
                    DIM,
                    "keyword_stuffing",
                    severity,
                    f"{what} appears {count} times in {n} words of copy; the repeats are "
                    f"{share:.0%} of those words.",
                    span=spans[-1],
                    suggestion=f"Use '{counted}' two or three times at most; vary the wording.",
                )
            )
    return out


def _early_end(analysis: Analysis, names: frozenset[str]) -> int:
    """Where "early" ends: the end of the second sentence (the standard's bar), a "!" of a name
    ("Zoom! Zoom! Racers") or a decimal point ending none."""
    sentences = joined_sentences(analysis, names)
    if not sentences:
        return len(analysis.text)
    return sentences[min(1, len(sentences) - 1)].end


def _naming_rules(inp: CheckInput) -> list[Finding]:
    """Without a brief: the product's type named within the first two sentences, the title not
    repeated as filler, the type not stuffed."""
    analysis, product = inp.analysis, inp.draft.product
    types = product_types(product)
    out: list[Finding] = []
    where = named_at(analysis, product)
    if types and where is None:
        out.append(
            Finding(
                DIM,
                "product_not_named",
                NOT_NAMED_SEVERITY,
                f"The description never names the product ('{types[0]}', from the title); a "
                "shopper searching for it will not find this text.",
                suggestion=f"Say what the product is ('{types[0]}') in the first sentence.",
            )
        )
    elif types and where is not None and where[0] >= _early_end(analysis, inp.names):
        said = analysis.text[where[0] : where[1]]
        if _type_named(analysis, types):
            message = (
                f"The product ('{types[0]}') is first named at character {where[0]} ('{said}'), "
                "after the first two sentences."
            )
        else:
            message = (
                f"The product's type ('{types[0]}') never appears; the text first refers to the "
                f"product at character {where[0]} ('{said}'), after the first two sentences."
            )
        out.append(
            Finding(
                DIM,
                "product_named_late",
                NAMED_LATE_SEVERITY,
                message,
                span=where,
                suggestion=f"Name the product ('{types[0]}') in the first sentence.",
            )
        )
    substance = substance_words(analysis.text, product.title, analysis.boilerplate)
    if len(substance) < TEMPLATE_MAX_WORDS:
        out.append(
            Finding(
                DIM,
                "no_product_text",
                "error",
                f"Only {len(substance)} distinct words beyond the title and shop boilerplate: "
                "nothing product-specific for a search engine to index.",
                span=(0, len(analysis.text)),
                suggestion="Describe the product itself: what it is, what it is made of, how it "
                "is used.",
            )
        )
    if types:
        out += _stuffing(inp, {types[0]: _occurrences(analysis, types[0])}, brief=False)
    return out


def _length_rules(inp: CheckInput) -> list[Finding]:
    g, n = inp.guidelines, inp.analysis.n_words
    if 0 < n < g.min_words:
        return [
            Finding(
                DIM,
                "too_short",
                "info",  # an unscored tip (common.TIPS): the standard sets no word minimum
                f"Tip: {n} words; {g.name} suggests at least {g.min_words} to give search "
                "engines more to index.",
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
    words, first = analysis.once(_copy_grams)
    repeated = [
        i
        for i, j in enumerate(first)
        if j + NGRAM <= i
        # A feature list echoed in the prose is how the shop page was crawled, not the writer.
        and analysis.region_at(words[j].start) == analysis.region_at(words[i].start)
        and sum(t.lower not in title for t in words[i : i + NGRAM]) >= NGRAM // 2
    ]
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
                "info",  # an unscored tip (common.TIPS): SEO's repetition fail is stuffing
                f"Tip: {b + NGRAM - a} words repeat earlier text: '{quote(text, span)}'.",
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
    naming = [] if target_keywords(inp.draft.product) else _naming_rules(inp)
    return result(DIM, _keyword_rules(inp) + naming + _length_rules(inp) + _repetition_rules(inp))

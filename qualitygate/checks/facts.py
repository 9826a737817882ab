"""Typed facts: what an attribute value or a sentence states, as a comparable value.

Numeric kinds (values in one base unit): mass (g), length (m), volume (l), power (W), charge
(mAh), age (years), count (pieces). A fact is a range `low..high` (a single value has low ==
high; "3 years and up" has high = inf); "16x8x1inches" gives three length facts sharing a span.
Battery facts carry (count, type) in `detail`. Categorical kinds (colour, material, gender, size)
keep the lower-cased value; accuracy compares them through the lexicons.

An attribute's kind comes from its name (`KIND_OF_KEY`: Weight / Item Weight / Net Weight are
mass) and, for a name seen nowhere, from its value: "5 ounces" under "Heft" is still a mass.
Values are read with or without spaces ("5.3ounces", "14yearsandup"), with fractions ("1 1/2
in", "½ lb"), ranges ("5-7 lbs") and units in words or symbols (oz, lb, g, kg, in, ″, cm, mm,
ml, l, W, mAh). `agree` converts units and allows rounding; a value inside a stated range agrees
(an age range must start where the attribute's does: the standard, version 4).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from qualitygate.checks import units
from qualitygate.checks.common import norm_key

INF = math.inf
# Relative tolerance for rounding and conversion ("15 inch" written as "38 cm").
REL_TOL = 0.05
# Ages written in months and years round differently ("18 months" and "1.5 years").
AGE_TOL = 0.25

# unit -> (kind, factor to the base unit): units.py's table (one set of conversion factors), for
# the kinds facts compare, less three spellings read differently here, plus symbols and words
# units.py leaves out ("in" and the prime marks are read only right after a number: _WORDY).
_NOT_HERE = frozenset({"in.", "gr", "ah"})  # "in." is "in" and a full stop here
UNITS: dict[str, tuple[str, float]] = {
    name: unit
    for name, unit in units.UNITS.items()
    if unit[0] in {"length", "mass", "volume", "power", "charge"} and name not in _NOT_HERE
}


def _units(kind: str, factor: float, *names: str) -> None:
    for name in names:
        UNITS[name] = (kind, factor)


_units("length", 0.0254, "in", "″", "''")
_units("length", 0.3048, "′")
_units("mass", 1.0, "grm")
_units("volume", 0.0295735, "fl.oz", "fluid ounce", "fluid ounces")

# Units that are also English words or letters: read in text only right after a number and
# before a non-letter ("12 in." or "12in,"; never "2 in 1").
_WORDY = frozenset({"in", "m", "l", "w", "g"})

# Attribute names -> kind. Compared after `norm_key`; a name not listed falls back on its value.
KIND_OF_KEY: dict[str, str] = {}
for _kind, _names in {
    "mass": (
        "weight",
        "item weight",
        "net weight",
        "product weight",
        "unit weight",
        "weight (g)",
        "weight (kg)",
        "net wt",
    ),
    "dimensions": (
        "dimensions",
        "product dimensions",
        "item dimensions",
        "size (l x w x h)",
        "item dimensions l x w x h",
        "dimensions (l x w x h)",
        "assembled product dimensions",
    ),
    "length": ("length", "width", "height", "depth", "diameter", "item length", "item height"),
    "volume": ("capacity", "volume", "mug capacity", "net volume", "net quantity"),
    "power": ("power", "wattage", "power consumption", "output power", "power output"),
    "charge": ("battery capacity", "battery capacity (mah)"),
    "battery": ("batteries", "batteries required", "battery", "battery type", "batteries included"),
    "age": (
        "age",
        "age group",
        "age range",
        "recommended age",
        "manufacturer recommended age",
        "ideal age",
        "age range (description)",
        "minimum age",
    ),
    "count": ("number of pieces", "piece count", "pieces", "unit count", "count", "item count"),
    "colour": ("color", "colour", "primary color", "primary colour", "color name", "colour name"),
    "material": (
        "material",
        "fabric",
        "material type",
        "outer material",
        "base material",
        "primary material",
        "body material",
        "upper material",
    ),
    "gender": ("gender", "ideal for", "target gender", "department", "target audience"),
    "size": ("size", "brand size", "size name"),
}.items():
    for _name in _names:
        KIND_OF_KEY[_name] = _kind
# Names whose value is the package's, not the product's: they are facts, but about another thing.
PACKAGE_WORDS = frozenset({"package", "packaging", "shipping", "box", "carton", "parcel"})

_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}
# A number: "1,500", "2.5", ".5", "1 1/2", "3/4", "1½", "½".
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s?\d+/\d+|\s?[½¼¾⅓⅔⅛])?"
    r"|\.\d+|\d+/\d+|[½¼¾⅓⅔⅛])"
)
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
# A unit ends where a word ends; quote-mark units need no boundary.
_END = r"(?:(?<=[\"”″′'.])|(?![a-z]))"
_RANGE_SEP = r"\s?(?:-|–|to)\s?"
_QTY_RE = re.compile(
    rf"(?<![\w.,/])(?P<a>{_NUM})(?:\s?(?P<u1>{_UNIT_ALT}){_END})?"
    rf"(?:{_RANGE_SEP}(?P<b>{_NUM}))?\s?-?\s?(?P<u>{_UNIT_ALT}){_END}",
    re.IGNORECASE,
)
_BY = r"\s?(?:x|×|\*|by)\s?"
_LWH = r"(?:[lwhd]\b\.?\s?)?"  # "5 L x 3 W x 2 H inches"
_LWH_BEFORE = r"(?:[lwhd]\.?\s?:?\s?(?=[\d.]))?"  # "L 5 x W 3 x H 2 in", "L10 x W8 x H6 cm"
_DIM_PART = rf"{_LWH_BEFORE}(?P<nI>{_NUM})\s?{_LWH}(?:(?P<uI>{_UNIT_ALT}){_END})?\s?{_LWH}"
_DIMS_RE = re.compile(
    r"(?<![\w.])"
    + _DIM_PART.replace("I>", "1>")
    + _BY
    + _DIM_PART.replace("I>", "2>")
    + rf"(?:{_BY}"
    + _DIM_PART.replace("I>", "3>")
    + ")?",
    re.IGNORECASE,
)
_AGE_UNIT = r"(?P<unit>years?|yrs?|months?|mos?)"
_UP = r"(?:\+|plus|\s?(?:and|&)\s?(?:up|over|above|older))"
_AGE_RES = (
    # "ages 4-15", "age 3 to 5 years", "ages 8+", "ages 3 and up", "for ages 14yearsandup"
    re.compile(
        rf"\bages?\s?:?\s?(?P<lo>\d{{1,2}})(?:{_RANGE_SEP}(?P<hi>\d{{1,2}}))?\s?{_AGE_UNIT}?"
        rf"\s?(?:old\s?)?(?P<up>{_UP})?",
        re.IGNORECASE,
    ),
    # "3 years and up", "36 months+", "14yearsandup", "3-5 years old", "8+ years", "5 year olds"
    re.compile(
        rf"(?<![\w.])(?P<lo>\d{{1,2}})(?:{_RANGE_SEP}(?P<hi>\d{{1,2}}))?\s?(?P<pre>\+)?\s?"
        rf"{_AGE_UNIT}(?:\s?-?\s?(?P<old>old)s?)?\s?(?P<up>{_UP})?",
        re.IGNORECASE,
    ),
)
_BATTERY_RE = re.compile(
    r"(?<![\w.])(?:(?P<n>\d{1,2})\s?(?:x\s?)?)?(?P<type>AAA|AA|C|D|9V|CR\d{4}|LR\d{2}|"
    r"lithium[- ]ion|li-?ion|lithium(?:\s?metal)?|button(?:\s?cell)?)"
    r"\s?(?:size\s?)?(?:batter(?:y|ies)|cells?)\b",
    re.IGNORECASE,
)
_COUNT_RE = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,5})\s?-?\s?(?P<unit>pieces?|pcs?|count|ct|pc)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One typed value: a range in the kind's base unit, or a categorical value."""

    kind: str
    low: float = 0.0
    high: float = 0.0
    span: tuple[int, int] = (0, 0)
    raw: str = ""
    detail: str = ""  # battery type; the categorical value

    def show(self) -> str:
        """The fact as it was written."""
        return " ".join(self.raw.split())


def number(text: str) -> float:
    """ "1,500" -> 1500, "1 1/2" -> 1.5, "3/4" -> 0.75, "1½" -> 1.5."""
    text = text.replace(",", "").strip()
    if text and text[-1] in _FRACTIONS:
        head = text[:-1].strip()
        return (float(head) if head else 0.0) + _FRACTIONS[text[-1]]
    if "/" in text:
        parts = text.split()
        num, den = parts[-1].split("/")
        whole = float(parts[0]) if len(parts) == 2 else 0.0
        return whole + (float(num) / float(den) if float(den) else 0.0)
    return float(text)


def _unit(raw: str | None) -> tuple[str, float] | None:
    if not raw:
        return None
    return UNITS.get(raw.lower().replace("  ", " "))


def _wordy_ok(text: str, m: re.Match[str], group: str) -> bool:
    """A unit that is also a word ("in", "m", "l") counts only when glued to the number or
    followed by punctuation or the end: "12in", "12 in.", "12 in," - never "2 in 1"."""
    unit = (m.group(group) or "").lower()
    if unit not in _WORDY:
        return True
    end = m.end(group)
    after = text[end : end + 2]
    glued = m.start(group) > 0 and text[m.start(group) - 1].isdigit()
    return glued or after == "" or after[0] in ".,;)" or (unit != "in" and after[0] == " ")


def quantities(text: str) -> Iterator[Fact]:
    """Every number with a unit in `text` (dimension groups give one length fact per number)."""
    taken: list[tuple[int, int]] = []
    for m in _DIMS_RE.finditer(text):
        units = [m.group(f"u{i}") for i in (1, 2, 3) if m.group(f"u{i}")]
        if not units or not _wordy_ok(text, m, [f"u{i}" for i in (3, 2, 1) if m.group(f"u{i}")][0]):
            continue
        found = _unit(units[-1])
        if found is None or found[0] != "length":
            continue
        taken.append(m.span())
        for i in (1, 2, 3):
            if m.group(f"n{i}"):
                own = _unit(m.group(f"u{i}"))
                factor = own[1] if own is not None and own[0] == "length" else found[1]
                v = number(m.group(f"n{i}")) * factor
                yield Fact("length", v, v, m.span(), m.group(0), "dimensions")
    for m in _QTY_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or not _wordy_ok(text, m, "u"):
            continue
        found = _unit(m.group("u"))
        if found is None:
            continue
        kind, factor = found
        lo = number(m.group("a")) * (_unit(m.group("u1")) or found)[1]
        hi = number(m.group("b")) * factor if m.group("b") else lo
        if m.group("u1") and (_unit(m.group("u1")) or found)[0] != kind:
            continue
        yield Fact(kind, min(lo, hi), max(lo, hi), m.span(), m.group(0))


def ages(text: str, *, loose: bool = False) -> Iterator[Fact]:
    """Age ranges in years: "ages 4-15", "3 years and up", "36 months+", "14yearsandup".

    In prose an age needs its cue ("ages", "old", "and up", "+"): "3 years" alone is a warranty
    or a lifetime. `loose` (an attribute already named as an age) reads "3 - 5 Years" too."""
    taken: list[tuple[int, int]] = []
    for regex in _AGE_RES:
        for m in regex.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            groups = m.groupdict()
            cued = regex is _AGE_RES[0] or any(groups.get(g) for g in ("old", "up", "pre"))
            if not (cued or loose):
                continue
            unit = (groups.get("unit") or "years").lower()
            scale = 1 / 12 if unit.startswith("mo") else 1.0
            lo = float(groups["lo"]) * scale
            if groups.get("hi"):
                hi = float(groups["hi"]) * scale
            elif groups.get("up") or groups.get("pre"):  # "8+ years" is open-ended
                hi = INF
            else:
                hi = lo
            taken.append(m.span())
            yield Fact("age", lo, hi, m.span(), m.group(0))


def batteries(text: str) -> Iterator[Fact]:
    """ "2 AA batteries", "requires 3 AAA batteries", "1 Lithium ion batteries required"."""
    for m in _BATTERY_RE.finditer(text):
        kind = m.group("type").upper().replace(" ", "").replace("-", "")
        if kind.startswith(("LITHIUM", "LIION")):
            kind = "LITHIUM"
        n = float(m.group("n")) if m.group("n") else 0.0
        yield Fact("battery", n, n, m.span(), m.group(0), kind)


def counts(text: str) -> Iterator[Fact]:
    """Piece counts: "100 pieces", "12 pcs", "24 count"."""
    for m in _COUNT_RE.finditer(text):
        n = float(m.group("n"))
        yield Fact("count", n, n, m.span(), m.group(0))


@lru_cache(maxsize=16)  # completeness (twice) and fact_checks ask, one after the other, per draft
def text_facts(text: str) -> tuple[Fact, ...]:
    """Every numeric fact a text states."""
    return (*quantities(text), *ages(text), *batteries(text), *counts(text))


@lru_cache(maxsize=4096)
def key_kind(key: str) -> str | None:
    """The kind an attribute name stands for, or None when the name is not in the table."""
    k = norm_key(key)
    if k in KIND_OF_KEY:
        return KIND_OF_KEY[k]
    words = k.replace("(", " ").replace(")", " ").split()
    for n in (3, 2, 1):
        tail = " ".join(words[-n:])
        if len(words) >= n and tail in KIND_OF_KEY:
            return KIND_OF_KEY[tail]
    return None


@lru_cache(maxsize=8192)
def value_facts(key: str, value: str) -> tuple[Fact, ...]:
    """The typed facts of one attribute, its kind taken from its name, else from its value."""
    kind = key_kind(key)
    if kind == "age":
        return tuple(ages(value, loose=True))
    if kind == "battery":
        return tuple(batteries(value))
    if kind == "count":
        found = list(counts(value))
        if not found and re.fullmatch(r"\s*\d{1,5}\s*", value):
            n = float(value)
            found = [Fact("count", n, n, (0, len(value)), value)]
        return tuple(found)
    if kind in ("colour", "material", "gender", "size"):
        return (Fact(kind, span=(0, len(value)), raw=value, detail=value.strip().lower()),)
    found = [*quantities(value), *ages(value), *batteries(value), *counts(value)]
    if kind in ("mass", "volume", "power", "charge"):
        found = [f for f in found if f.kind == kind] or found
    elif kind in ("dimensions", "length"):
        found = [f for f in found if f.kind == "length"] or found
    return tuple(found)


def about_package(key: str) -> bool:
    """Whether an attribute describes the package or shipping rather than the product."""
    return bool(PACKAGE_WORDS & set(norm_key(key).split()))


def attribute_facts(attributes: Mapping[str, str]) -> dict[str, list[tuple[str, str, Fact]]]:
    """kind -> [(key, value, fact)] over every attribute of a product."""
    out: dict[str, list[tuple[str, str, Fact]]] = {}
    for key, value in attributes.items():
        value = str(value).strip()
        if not value or norm_key(key).startswith("other "):
            continue
        for fact in value_facts(key, value):
            out.setdefault(fact.kind, []).append((key, value, fact))
    return out


def close(a: float, b: float) -> bool:
    """Equal within rounding and conversion tolerance."""
    return a == b or abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def agree(said: Fact, stated: Fact) -> bool:
    """Whether a fact from the text agrees with one from the attributes (same kind).

    Numbers agree when equal within tolerance, or when the text's value lies inside the
    attribute's stated range (and the other way round: "5-7 lbs" in the text agrees with 6 lb).
    An age range agrees when it starts where the attribute's does ("36 months+" and "3 years and
    up"; not "ages 5 and up" for "3 - 10 years"); a single age ("5 year olds") when it lies in the
    range. Batteries agree on type and, where both give it, on count.
    """
    if said.kind != stated.kind:
        return False
    if said.kind == "battery":
        if said.detail != stated.detail:
            return False
        return not (said.low and stated.low) or said.low == stated.low
    if said.kind == "age":
        # The standard (v4): a single age inside the range agrees; a range or "N and up" must
        # start where the attribute's does ("ages 8-13" for a 6-13 product misleads).
        if said.low == said.high:
            return stated.low - AGE_TOL <= said.low <= stated.high + AGE_TOL
        return abs(said.low - stated.low) <= AGE_TOL
    if close(said.low, stated.low) and close(said.high, stated.high):
        return True
    inside = stated.low <= said.low and said.high <= stated.high
    around = said.low <= stated.low and stated.high <= said.high
    return (inside and stated.high > stated.low) or (around and said.high > said.low)


def kinds_of(attributes: Mapping[str, str]) -> dict[str, str]:
    """key -> kind for every attribute whose kind is known from its name or its value."""
    out: dict[str, str] = {}
    for key, value in attributes.items():
        kind = key_kind(key)
        if kind is None:
            facts = value_facts(key, str(value))
            kinds = {f.kind for f in facts}
            if len(kinds) == 1:
                kind = kinds.pop()
        if kind is not None:
            out[key] = kind
    return out


# The canonical key each categorical kind is read under by the colour, material, audience and
# size rules (the Flipkart sheet's names).
CANONICAL_KEY = {"colour": "Color", "material": "Material", "gender": "Ideal For", "size": "Size"}


def with_aliases(attributes: Mapping[str, str]) -> dict[str, str]:
    """The attributes plus, for a categorical attribute named unlike the canonical key ("Color
    Name", "Target Gender"), a copy under that key, unless the product already has it."""
    out = dict(attributes)
    have = {norm_key(k) for k in attributes}
    for key, value in attributes.items():
        kind = key_kind(key)
        canonical = CANONICAL_KEY.get(kind or "")
        if canonical and norm_key(canonical) not in have and str(value).strip():
            if kind == "gender" and not _GENDER_VALUE.search(str(value)):
                continue  # "Department: Toys" says nothing of the audience
            out[canonical] = str(value)
            have.add(norm_key(canonical))
    return out


_GENDER_VALUE = re.compile(
    r"\b(?:men|mens|man|women|womens|woman|boys?|girls?|unisex|male|female|kids|baby|babies|"
    r"ladies|gents|infants?|toddlers?)\b",
    re.IGNORECASE,
)

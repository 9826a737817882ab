"""The same matches as spaCy's attribute_ruler, found by lookup instead of by trying every pattern.

`en_core_web_sm`'s attribute_ruler holds 179 patterns: the tag map (`{"TAG": "NNS"}` -> POS and
morphology) and exceptions keyed on words (`{"LOWER": "but", "TAG": "CC", "DEP": "advmod"}`).
spaCy's Matcher tries every pattern at every token, which was a fifth of the whole parse of a
Flipkart description. Each pattern is a conjunction of conditions on a few token attributes,
nearly all exact values or sets of values, so the patterns that can start at a token are found
with one dictionary lookup per attribute. The ruler still writes the annotations itself
(`AttributeRuler.set_annotations`) from a match list equal to the Matcher's, so POS, morphology
and lemmas do not change (tests/checks/test_ruler_index.py compares the two).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from spacy.attrs import IDS
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

# Attributes the index reads, in the order preferred as the index key (the most selective first).
# A pattern using anything else, or an operator other than IN, NOT_IN and REGEX, keeps the stock
# Matcher.
_ATTRS = ("LOWER", "ORTH", "NORM", "TAG", "DEP", "IS_SPACE")
_ALIASES = {"TEXT": "ORTH"}
_EQ, _IN, _NOT_IN, _REGEX = 0, 1, 2, 3

# One condition on a token: (column in the attribute array, operator, value / set / regex).
Condition = tuple[int, int, Any]
TokenSpec = tuple[Condition, ...]
Rule = tuple[int, tuple[TokenSpec, ...]]  # (rule number, one spec per token)
# In the index: (rule number, specs), specs None when the lookup alone decides (one token, one
# condition: the tag map).
Entry = tuple[int, tuple[TokenSpec, ...] | None]
Match = tuple[int, int, int, int]  # (rule number, match id, start, end), as AttributeRuler.match
# What a row of token attributes decides: (one-token rules it matches, longer rules it starts).
_RowRules = tuple[tuple[int, ...], tuple[tuple[int, tuple[TokenSpec, ...]], ...]]


class _RegexTest:
    """`REGEX` on an attribute's string, memoised by its hash (a vocabulary's words recur)."""

    def __init__(self, pattern: str, strings: StringStore) -> None:
        self._regex = re.compile(pattern)
        self._strings = strings
        self._memo: dict[int, bool] = {}

    def __call__(self, value: int) -> bool:
        hit = self._memo.get(value)
        if hit is None:
            if len(self._memo) >= 100_000:
                self._memo.clear()
            hit = self._memo[value] = bool(self._regex.search(self._strings[value]))
        return hit


def _condition(column: int, value: object, strings: StringStore) -> Condition | None:
    """A pattern value as the Matcher reads it (same hashing), or None if unsupported."""
    if isinstance(value, bool):
        return (column, _EQ, int(value))
    if isinstance(value, str):
        return (column, _EQ, strings.add(value))
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if (
            op in ("IN", "NOT_IN")
            and isinstance(arg, list)
            and all(isinstance(v, str) for v in arg)
        ):
            ids = frozenset(get_string_id(v) for v in arg)
            return (column, _IN if op == "IN" else _NOT_IN, ids)
        if op == "REGEX" and isinstance(arg, str):
            return (column, _REGEX, _RegexTest(arg, strings))
    return None


def _token_spec(token: object, strings: StringStore) -> TokenSpec | None:
    if not isinstance(token, dict) or not token:
        return None  # a wildcard token
    spec: list[Condition] = []
    for raw_name, value in token.items():
        name = str(raw_name).upper()
        name = _ALIASES.get(name, name)
        if name not in _ATTRS:
            return None
        cond = _condition(_ATTRS.index(name), value, strings)
        if cond is None:
            return None
        spec.append(cond)
    return tuple(sorted(spec, key=lambda c: (c[0], c[1])))


class RulerIndex:
    """The ruler's patterns indexed by the value of one attribute of their first token.

    Whether a one-token pattern matches, and whether a longer one can start, depends on that
    token's row of attributes alone, so both are worked out once per distinct row (a
    vocabulary's words and tags recur: the tag map is one rule per token) and remembered; only
    the tokens after the first of a longer pattern are tested at each place it can start."""

    _MEMO_SIZE = 100_000

    def __init__(
        self,
        index: list[tuple[int, dict[int, list[Entry]]]],
        always: list[Rule],
        match_ids: list[int],
    ) -> None:
        self._attr_ids: list[int | str] = [IDS[name] for name in _ATTRS]
        self._index = [
            (column, {v: [e for e in es if e[1] is None or len(e[1]) == 1] for v, es in t.items()})
            for column, t in index
        ]
        self._multi = [
            (column, multi)
            for column, t in index
            if (multi := {v: m for v, es in t.items() if (m := _multi_token(es))})
        ]
        self._always = [rule for rule in always if len(rule[1]) == 1]
        self._always_multi = [rule for rule in always if len(rule[1]) > 1]
        self._match_ids = match_ids
        self._memo: dict[tuple[int, ...], _RowRules] = {}

    @classmethod
    def build(cls, ruler: AttributeRuler) -> RulerIndex | None:
        """Index `ruler`'s patterns, or None when one uses something the index does not read
        (an operator, another predicate, another attribute, a wildcard token)."""
        strings = ruler.vocab.strings
        tables: list[dict[int, list[Entry]]] = [{} for _ in _ATTRS]
        always: list[Rule] = []
        patterns = ruler.patterns
        for key, entry in enumerate(patterns):
            alternatives = entry["patterns"]
            if not isinstance(alternatives, list):
                return None
            for pattern in alternatives:
                if not isinstance(pattern, list) or not pattern:
                    return None
                specs = [_token_spec(token, strings) for token in pattern]
                if any(spec is None for spec in specs):
                    return None
                rule: Rule = (key, tuple(spec for spec in specs if spec is not None))
                keyed = [c for c in rule[1][0] if c[1] in (_EQ, _IN)]
                if not keyed:
                    always.append(rule)
                    continue
                column, op, value = keyed[0]  # the most selective attribute
                decided = len(rule[1]) == 1 and len(rule[1][0]) == 1
                for v in value if op == _IN else (value,):
                    tables[column].setdefault(v, []).append((key, None if decided else rule[1]))
        index = [(column, table) for column, table in enumerate(tables) if table]
        match_ids = [strings[str(key)] for key in range(len(patterns))]
        return cls(index, always, match_ids)

    def _holds(self, row: Sequence[int], spec: TokenSpec) -> bool:
        for column, op, value in spec:
            got = row[column]
            if op == _EQ:
                if got != value:
                    return False
            elif op == _IN:
                if got not in value:
                    return False
            elif op == _NOT_IN:
                if got in value:
                    return False
            elif not value(got):
                return False
        return True

    def _row_rules(self, row: Sequence[int]) -> _RowRules:
        """The one-token rules (numbers) that match a token with this row of attributes, and
        the longer rules whose first token it matches."""
        keys: set[int] = set()
        for column, table in self._index:
            for key, specs in table.get(row[column], ()):
                if specs is None or self._holds(row, specs[0]):
                    keys.add(key)
        for key, specs in self._always:
            if self._holds(row, specs[0]):
                keys.add(key)
        starts = [
            (key, specs)
            for column, table in self._multi
            for key, specs in table.get(row[column], ())
            if self._holds(row, specs[0])
        ]
        starts += [(key, specs) for key, specs in self._always_multi if self._holds(row, specs[0])]
        return tuple(keys), tuple(starts)

    def match(self, doc: Doc) -> list[Match]:
        """What `AttributeRuler.match(doc)` returns: every match, sorted by rule number."""
        if not len(doc):
            return []
        rows: Sequence[Sequence[int]] = doc.to_array(self._attr_ids).tolist()
        found: set[tuple[int, int, int]] = set()
        memo = self._memo
        for i, row in enumerate(rows):
            key = tuple(row)
            known = memo.get(key)
            if known is None:
                if len(memo) >= self._MEMO_SIZE:
                    memo.clear()
                known = memo[key] = self._row_rules(row)
            ones, starts = known
            for rule in ones:
                found.add((rule, i, i + 1))
            for rule, specs in starts:  # the first token holds: test the rest
                if self._matches_at(rows, i, specs, 1):
                    found.add((rule, i, i + len(specs)))
        ids = self._match_ids
        return sorted((key, ids[key], start, end) for key, start, end in found)

    def _matches_at(
        self, rows: Sequence[Sequence[int]], i: int, specs: tuple[TokenSpec, ...], skip: int = 0
    ) -> bool:
        return i + len(specs) <= len(rows) and all(
            self._holds(rows[i + j], specs[j]) for j in range(skip, len(specs))
        )


def _multi_token(entries: list[Entry]) -> list[tuple[int, tuple[TokenSpec, ...]]]:
    return [(key, specs) for key, specs in entries if specs is not None and len(specs) > 1]


def speed_up(ruler: AttributeRuler) -> bool:
    """Give `ruler` the indexed `match` when its patterns allow it; True if they did."""
    index = RulerIndex.build(ruler)
    if index is None:
        return False
    fast: Callable[[Doc], list[Match]] = index.match
    ruler.match = fast  # type: ignore[method-assign,assignment]
    return True

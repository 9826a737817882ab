"""Brand guidelines and category templates, loaded from YAML once per `RuleEngine`.

Brand files live in `<config_dir>/brands/<name>.yaml` and are merged over `default.yaml`
(mappings override key by key; term, competitor and allowed-caps lists extend), so a
brand only writes what differs from the house style. The schema is documented in docs/checks.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import yaml

from qualitygate.domain import DIMENSIONS, Dimension, Severity

DEFAULT_BRAND = "default"
_SEVERITY_OFF = "off"
# Lists a brand file adds to rather than replaces (e.g. `grade: [5, 8]` replaces the band).
_EXTEND = frozenset({"terms", "required_terms", "competitors", "allow_caps"})


@dataclass(frozen=True, slots=True)
class TermRule:
    """A term a brand does not want (or wants written another way)."""

    term: str
    use: str | None = None
    severity: Severity = "warning"
    reason: str = ""


@dataclass(frozen=True, slots=True)
class BrandGuidelines:
    """One brand's voice and the bars its copy must clear."""

    name: str
    description: str = ""
    thresholds: Mapping[Dimension, float] = field(default_factory=dict)
    grade_band: tuple[float, float] = (6.0, 10.0)
    max_sentence_words: int = 25
    # None: no count of its own; the standard's limits ("!!", over a third of sentences) apply.
    max_exclamations: int | None = None
    hype: Severity | None = "warning"
    slang: Severity | None = "warning"
    shouting: Severity | None = "warning"
    allow_caps: frozenset[str] = frozenset()
    terms: tuple[TermRule, ...] = ()
    required_terms: tuple[str, ...] = ()
    competitors: tuple[str, ...] = ()
    person_you: Severity | None = None
    person_we: Severity | None = None
    spelling: str | None = None
    min_words: int = 40
    max_words: int = 350


@dataclass(frozen=True, slots=True)
class RequiredAttribute:
    """A payload attribute a category needs, under any of several key spellings."""

    name: str
    keys: tuple[str, ...]
    severity: Severity = "warning"


@dataclass(frozen=True, slots=True)
class CategoryTemplate:
    """What a category's payload and description must cover."""

    name: str
    match: tuple[str, ...] = ()
    required: tuple[RequiredAttribute, ...] = ()
    mentions: tuple[str, ...] = ()
    min_substance_words: int = 15


def _severity(value: Any, default: Severity | None) -> Severity | None:
    if value is None:
        return default
    text = str(value).lower()
    if text in (_SEVERITY_OFF, "false", "allow", "no"):
        return None
    if text in ("error", "warning", "info"):
        return cast(Severity, text)
    raise ValueError(f"unknown severity {value!r} (use error, warning, info or off)")


def _limit(value: Any) -> int | None:
    """A count limit from YAML: a number, or null/off for none."""
    if value is None or str(value).lower() in (_SEVERITY_OFF, "false", "none"):
        return None
    return int(value)


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, Mapping):
            merged[key] = _merge(old, value)
        elif key in _EXTEND and isinstance(old, list) and isinstance(value, list):
            merged[key] = old + value
        else:
            merged[key] = value
    return merged


def _read_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def _thresholds(raw: Mapping[str, Any]) -> dict[Dimension, float]:
    out: dict[Dimension, float] = {}
    for key, value in raw.items():
        if key not in DIMENSIONS:
            raise ValueError(f"unknown dimension {key!r} in thresholds")
        score = float(value)
        if not 0.0 <= score <= 1.0:
            raise ValueError(f"threshold for {key} must be in [0, 1], got {score}")
        out[key] = score
    return out


def guidelines_from_dict(name: str, raw: Mapping[str, Any]) -> BrandGuidelines:
    """Build guidelines from an already merged YAML mapping (see docs/checks.md for the schema)."""
    readability = raw.get("readability") or {}
    tone = raw.get("tone") or {}
    person = raw.get("person") or {}
    seo = raw.get("seo") or {}
    band = readability.get("grade", [6, 10])
    terms = tuple(
        TermRule(
            term=str(item["term"]),
            use=str(item["use"]) if item.get("use") else None,
            severity=_severity(item.get("severity"), "warning") or "info",
            reason=str(item.get("reason", "")),
        )
        for item in raw.get("terms") or []
    )
    # A later entry for the same term (from the brand file) replaces the house style's.
    by_term = {re.sub(r"[\s-]+", " ", t.term.lower()): t for t in terms}
    return BrandGuidelines(
        name=name,
        description=str(raw.get("description", "")),
        thresholds=_thresholds(raw.get("thresholds") or {}),
        grade_band=(float(band[0]), float(band[1])),
        max_sentence_words=int(readability.get("max_sentence_words", 25)),
        max_exclamations=_limit(tone.get("max_exclamations")),
        hype=_severity(tone.get("hype"), "warning"),
        slang=_severity(tone.get("slang"), "warning"),
        shouting=_severity(tone.get("shouting"), "warning"),
        allow_caps=frozenset(str(w).upper() for w in tone.get("allow_caps") or []),
        terms=tuple(by_term.values()),
        required_terms=tuple(str(t) for t in raw.get("required_terms") or []),
        competitors=tuple(str(c) for c in raw.get("competitors") or []),
        person_you=_severity(person.get("you"), None),
        person_we=_severity(person.get("we"), None),
        spelling=str(raw["spelling"]).upper() if raw.get("spelling") else None,
        min_words=int(seo.get("min_words", 40)),
        max_words=int(seo.get("max_words", 350)),
    )


def load_all_guidelines(config_dir: Path) -> dict[str, BrandGuidelines]:
    """Every brand file under `config_dir/brands`, each merged over `default.yaml`."""
    brand_dir = config_dir / "brands"
    default_raw = _read_yaml(brand_dir / f"{DEFAULT_BRAND}.yaml")
    out = {DEFAULT_BRAND: guidelines_from_dict(DEFAULT_BRAND, default_raw)}
    for path in sorted(brand_dir.glob("*.yaml")):
        name = path.stem.lower()
        if name == DEFAULT_BRAND:
            continue
        out[name] = guidelines_from_dict(name, _merge(default_raw, _read_yaml(path)))
    return out


def _template(name: str, raw: Mapping[str, Any]) -> CategoryTemplate:
    required = tuple(
        RequiredAttribute(
            name=str(item["name"]),
            keys=tuple(str(k).lower() for k in item.get("keys") or [item["name"]]),
            severity=_severity(item.get("severity"), "warning") or "info",
        )
        for item in raw.get("required") or []
    )
    return CategoryTemplate(
        name=name,
        match=tuple(str(m).lower() for m in raw.get("match") or []),
        required=required,
        mentions=tuple(str(m) for m in raw.get("mentions") or []),
        min_substance_words=int(raw.get("min_substance_words", 15)),
    )


# Path levels whose decision `CategoryTemplates` remembers (a catalogue has a few thousand).
_DECIDED_MAX = 65536
# The parts of a level that joins several ("Home & Kitchen", "Patio, Lawn & Garden").
_JOINER = re.compile(r"&|,|\band\b")


def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words) or r"(?!)")


@dataclass(frozen=True, slots=True)
class CategoryTemplates:
    """Category templates in match order, with the general fallback and the domain words that
    make a joined level ambiguous."""

    templates: tuple[CategoryTemplate, ...]
    general: CategoryTemplate
    domains: frozenset[str] = frozenset()
    _patterns: tuple[re.Pattern[str], ...] = ()
    # What each path level decided (`_decide`, remembered): catalogues repeat their levels from
    # product to product.
    _decides: Callable[[str], CategoryTemplate | None] = field(
        init=False, compare=False, hash=False, repr=False
    )

    def __post_init__(self) -> None:
        patterns = tuple(_words_pattern(t.match) for t in self.templates)
        object.__setattr__(self, "_patterns", patterns)
        object.__setattr__(self, "_decides", lru_cache(maxsize=_DECIDED_MAX)(self._decide))

    def _decide(self, level: str) -> CategoryTemplate | None:
        low = level.lower()
        hits = [
            t
            for t, pattern in zip(self.templates, self._patterns, strict=True)
            if pattern.search(low)
        ]
        if len(hits) != 1:
            return None
        # "Home & Kitchen" joins a domain to the kitchen: a department of two domains, not a
        # kitchen category. A product name with a comma ("Sports Running Shoes, Cycling") is not.
        if any(part.strip(" '") in self.domains for part in _JOINER.split(low)):
            return None
        return hits[0]

    def for_path(self, path: tuple[str, ...]) -> CategoryTemplate:
        """The template of the most specific path level that names exactly one template.

        Levels are read from the narrowest up: 'Clothing, Shoes & Jewelry > Men > Shirts >
        T-Shirts' is decided by 'T-Shirts' (apparel), never by the broad first level. A level that
        matches several templates ('Clothing, Shoes & Jewelry'), or joins one template's word to
        a domain without a template ('Home & Kitchen'), decides nothing; a path where no level
        decides gets the general template, never a guessed one."""
        for level in reversed(path):
            found = self._decides(level)
            if found is not None:
                return found
        return self.general


def load_categories(config_dir: Path) -> CategoryTemplates:
    """Read `categories.yaml`: a `general` template, `domains` (departments without a template)
    and an ordered list of `categories`."""
    raw = _read_yaml(config_dir / "categories.yaml")
    general = _template("general", raw.get("general") or {})
    templates = tuple(_template(str(item["name"]), item) for item in raw.get("categories") or [])
    domains = frozenset(str(d).lower() for d in raw.get("domains") or [])
    return CategoryTemplates(templates=templates, general=general, domains=domains)

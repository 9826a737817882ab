"""Rule-based checks: one module per dimension, run together by a `RuleEngine`.

CONTRACT (the gate and the worker rely on it; the implementation behind it may change):

    engine = RuleEngine(config_dir=None)  # loads spaCy, categories, brand guidelines once
    engine.guidelines("acme") -> BrandGuidelines # unknown brand -> the `default` house style
    engine.check_many(drafts) -> list[dict[Dimension, CheckResult]]   # batched (spaCy nlp.pipe)
    engine.check(draft) -> dict[Dimension, CheckResult]

Every dimension is present in each result dict; scores are in [0, 1], 1 = meets the standard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from importlib.resources import files
from pathlib import Path

from spacy.language import Language

from qualitygate.checks import accuracy, brand_voice, completeness, readability, seo
from qualitygate.checks.common import CheckInput, name_words
from qualitygate.checks.guidelines import (
    DEFAULT_BRAND,
    BrandGuidelines,
    CategoryTemplates,
    load_all_guidelines,
    load_categories,
)
from qualitygate.checks.text import Analysis, iter_analyses, load_nlp
from qualitygate.domain import DIMENSIONS, CheckResult, Dimension, Draft

__all__ = ["BrandGuidelines", "RuleEngine", "CHECKS"]

CHECKS: Mapping[Dimension, Callable[[CheckInput], CheckResult]] = {
    "completeness": completeness.check,
    "readability": readability.check,
    "accuracy": accuracy.check,
    "brand_voice": brand_voice.check,
    "seo": seo.check,
}
assert tuple(CHECKS) == DIMENSIONS


def packaged_config_dir() -> Path:
    """The YAML shipped inside the package (qualitygate/config)."""
    return Path(str(files("qualitygate") / "config"))


class RuleEngine:
    """Loads spaCy and the YAML config once; scores drafts on all five dimensions."""

    def __init__(self, config_dir: Path | None = None, nlp: Language | None = None) -> None:
        config = config_dir or packaged_config_dir()
        self._brands = load_all_guidelines(config)
        self._categories: CategoryTemplates = load_categories(config)
        self.nlp = nlp or load_nlp()

    @property
    def brands(self) -> tuple[str, ...]:
        """Names of the configured brands (including `default`)."""
        return tuple(self._brands)

    def guidelines(self, brand: str) -> BrandGuidelines:
        """The brand's guidelines; an unknown brand gets the `default` house style."""
        return self._brands.get(brand.strip().lower(), self._brands[DEFAULT_BRAND])

    def check_analysed(self, draft: Draft, analysis: Analysis) -> dict[Dimension, CheckResult]:
        """Run every dimension on a draft whose text is already parsed."""
        inp = CheckInput(
            draft=draft,
            analysis=analysis,
            guidelines=self.guidelines(draft.brand),
            template=self._categories.for_path(draft.product.category),
            names=name_words(draft.product),
        )
        return {dim: fn(inp) for dim, fn in CHECKS.items()}

    def check_many(self, drafts: Sequence[Draft]) -> list[dict[Dimension, CheckResult]]:
        """Check drafts in one batched spaCy pass; each analysis is dropped once checked."""
        analyses = iter_analyses(self.nlp, [d.text for d in drafts])
        return [self.check_analysed(d, a) for d, a in zip(drafts, analyses, strict=True)]

    def check(self, draft: Draft) -> dict[Dimension, CheckResult]:
        """Check one draft."""
        return self.check_many([draft])[0]

"""QualityGate: a product-description quality gate (CMS webhook -> BERT + rules -> verdict)."""

__version__ = "0.1.0"

"""The README documents every setting, and nothing that no longer exists; the security docs
state the input limits the code enforces."""

from __future__ import annotations

import re

from qualitygate import limits
from qualitygate.settings import PROJECT_ROOT, Settings


def test_readme_settings_table_matches_settings_class() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `(QG_[A-Z_]+)` \|", readme, flags=re.M))
    expected = {f"QG_{name.upper()}" for name in Settings.model_fields}
    assert documented == expected


def test_ci_runs_the_readme_test_command() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make test" in ci and "`make test`" in readme


def test_the_security_section_states_the_limits_the_code_enforces() -> None:
    ops = (PROJECT_ROOT / "docs" / "operations.md").read_text()
    section = ops[ops.index("### Refusing bad input clearly") : ops.index("### Fuzzing")]
    expected = [
        f"nesting depth over {limits.MAX_JSON_DEPTH}",
        f"number literal over {limits.MAX_NUMBER_CHARS} characters",
        f"`event_id` or `sku` over {limits.MAX_SKU_CHARS} characters, `title` over "
        f"{limits.MAX_TITLE_CHARS}",
        f"attribute name over {limits.MAX_ATTRIBUTE_NAME_CHARS} characters, an attribute value "
        f"over {limits.MAX_ATTRIBUTE_VALUE_CHARS:,}",
        f"category or keyword over {limits.MAX_KEYWORD_CHARS} characters",
        f"`description.text` over {limits.MAX_TEXT_CHARS:,} characters",
        f"more than {limits.MAX_ATTRIBUTES} `product.attributes` ({limits.MAX_CATEGORIES} "
        f"categories, {limits.MAX_KEYWORDS} keywords)",
        f"`locale` over {limits.MAX_LOCALE_CHARS} characters, `author` over "
        f"{limits.MAX_AUTHOR_CHARS}, `callback_url` over {limits.MAX_CALLBACK_URL_CHARS:,}",
        f"years {limits.MIN_WEEK_YEAR} to {limits.MAX_WEEK_YEAR}",
    ]
    assert [phrase for phrase in expected if phrase not in section] == []
    # The identifiers share one limit, and so do categories and keywords (the table says so).
    assert limits.MAX_EVENT_ID_CHARS == limits.MAX_SKU_CHARS
    assert limits.MAX_CATEGORY_CHARS == limits.MAX_KEYWORD_CHARS

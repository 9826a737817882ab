"""Every input limit in one place: the JSON reader, the schemas, the week parser and the docs agree.

docs/operations.md ("Refusing bad input clearly") lists each limit and the answer it gets;
tests/test_docs.py checks that table against these numbers.
"""

from __future__ import annotations

# ---- the JSON body, before any field is looked at (400) ------------------------------------------
# Nesting deeper than this is refused before parsing: the parser and every walk over the result
# recurse, and no webhook needs more than four levels.
MAX_JSON_DEPTH = 32
# Characters of one number literal. Python refuses to read integers over 4,300 digits (a
# ValueError deep in the parser); no price, count or measure needs more than this.
MAX_NUMBER_CHARS = 100

# ---- fields of the webhook body (422, naming the field) ------------------------------------------
MAX_EVENT_ID_CHARS = 200
MAX_SKU_CHARS = 200
MAX_TITLE_CHARS = 500
MAX_CATEGORIES = 20
MAX_CATEGORY_CHARS = 200
MAX_ATTRIBUTES = 200
MAX_ATTRIBUTE_NAME_CHARS = 200
# The longest Flipkart specification value is 1,573 characters; the 99.9th percentile 250.
MAX_ATTRIBUTE_VALUE_CHARS = 2_000
MAX_KEYWORDS = 50
MAX_KEYWORD_CHARS = 200
MAX_TEXT_CHARS = 50_000
MAX_LOCALE_CHARS = 20
MAX_AUTHOR_CHARS = 200
MAX_CALLBACK_URL_CHARS = 2_000

# ---- query parameters ----------------------------------------------------------------------------
# ISO weeks the metrics answer for: a week's boundaries, and the weeks before it that a report
# compares with, must stay inside the calendar Python can represent (years 1 to 9999).
MIN_WEEK_YEAR = 2000
MAX_WEEK_YEAR = 9998

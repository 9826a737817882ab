"""Tenant credentials as material: a webhook secret, a read token, and the hash a token is kept as.

The secret is stored as is (an HMAC needs its key); the read token only as its sha256, so a copy
of the database reads nobody's data. The prefixes let secret scanners recognise leaked ones.
"""

from __future__ import annotations

import hashlib
import secrets

SECRET_PREFIX = "qgs_"
TOKEN_PREFIX = "qgt_"


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_hex(32)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

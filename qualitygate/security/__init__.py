"""Outbound-call safety: where callbacks may go (ssrf) and how they are signed (signing)."""

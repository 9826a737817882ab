"""Dialect-aware SQL pieces: durations in seconds and percentiles, computed in the database.

Percentiles follow PostgreSQL's `percentile_cont` (linear interpolation between the two nearest
ranks). PostgreSQL computes them natively; elsewhere (SQLite) one window query ranks each group's
values and returns only the two rows around each wanted rank, so no group is ever loaded whole
into Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, Select, cast, func, or_, select
from sqlalchemy.orm import Session


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def seconds_between(name: str, start: Any, end: Any) -> ColumnElement[float]:
    """`end - start` in seconds for two timestamp columns, rounded to the millisecond.

    SQLite's date functions read milliseconds only, and julianday() is a float that lands 1 s a
    hair below 1; rounding both dialects to ms gives the same numbers (and buckets) on each.
    """
    if name == "postgresql":
        return cast(func.round(func.extract("epoch", end - start), 3), Float)
    return func.round((func.julianday(end) - func.julianday(start)) * 86400.0, 3)


def percentiles(
    session: Session, rows: Select[Any], ps: Sequence[float]
) -> dict[str, list[float | None]]:
    """Per group, the `ps` percentiles of `rows` = SELECT grp, x ... (x not null)."""
    sub = rows.subquery()
    grp, x = sub.c[0], sub.c[1]
    out: dict[str, list[float | None]] = {}
    if dialect(session) == "postgresql":
        stmt = select(grp, *[func.percentile_cont(p).within_group(x) for p in ps]).group_by(grp)
        for row in session.execute(stmt):
            out[row[0]] = [None if v is None else float(v) for v in row[1:]]
        return out
    ranked = select(
        grp.label("grp"),
        x.label("x"),
        (func.row_number().over(partition_by=grp, order_by=x) - 1).label("i"),
        func.count().over(partition_by=grp).label("n"),
    ).subquery()
    wanted = []
    for p in ps:
        lo = cast(p * (ranked.c.n - 1), Integer)  # floor: the value is never negative
        wanted += [ranked.c.i == lo, ranked.c.i == lo + 1]
    stmt2 = select(ranked.c.grp, ranked.c.i, ranked.c.n, ranked.c.x).where(or_(*wanted))
    found: dict[str, dict[int, float]] = defaultdict(dict)
    sizes: dict[str, int] = {}
    for g, i, n, value in session.execute(stmt2):
        found[g][int(i)] = float(value)
        sizes[g] = int(n)
    for g, values in found.items():
        n = sizes[g]
        result: list[float | None] = []
        for p in ps:
            pos = p * (n - 1)
            lo_i = int(pos)
            lo_v = values[lo_i]
            hi_v = values.get(lo_i + 1, lo_v)
            result.append(lo_v + (pos - lo_i) * (hi_v - lo_v))
        out[g] = result
    return out

"""The HTML report: headline numbers, three charts (PNG data URIs) and the tables behind them."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, select_autoescape

from qualitygate.domain import DIMENSIONS
from qualitygate.monitoring.charts import accuracy_chart, drift_chart
from qualitygate.monitoring.health import BrandHealth
from qualitygate.reports import charts
from qualitygate.reports.charts import History
from qualitygate.reports.metrics import WeeklyReport

_ENV = Environment(autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>QualityGate — {{ title }}</title>
<style>
 body{font:15px/1.4 system-ui,sans-serif;margin:24px auto;max-width:960px;color:#1d2633}
 h1{font-size:22px;margin:0 0 4px} .sub{color:#5b6675;margin:0 0 16px}
 .tiles{display:grid;grid-template-columns:repeat(3,1fr);gap:10px;margin:0 0 18px}
 .tile{border:1px solid #d9dee5;border-radius:8px;padding:10px 12px}
 .tile b{display:block;font-size:26px} .tile span{color:#5b6675;font-size:13px}
 .up{color:#2e8b57} .down{color:#c0392b}
 img{width:100%;border:1px solid #eef0f3;border-radius:6px;margin:6px 0 14px}
 table{border-collapse:collapse;width:100%;margin:6px 0 18px;font-size:14px}
 th,td{border-bottom:1px solid #e6e9ee;padding:4px 8px;text-align:left}
 td.n,th.n{text-align:right} h2{font-size:17px;margin:18px 0 4px}
 .st-ok{color:#2e8b57} .st-watch{color:#b7950b} .st-drifting{color:#c0392b}
 .st-insufficient{color:#5b6675}
</style></head><body>
<h1>{{ title }}</h1>
<p class="sub">{{ period }} ({{ tz }}) · {{ scope }}</p>
<div class="tiles">
{% for t in tiles %}
 <div class="tile"><span>{{ t.label }}</span><b>{{ t.value }}</b>
 <span class="{{ t.trend_class }}">{{ t.note }}</span></div>
{% endfor %}
</div>
<img alt="Pass rate and flag rate per dimension, last {{ n_weeks }} weeks" src="{{ img_quality }}">
<img alt="Webhook to verdict time distribution this week" src="{{ img_turnaround }}">
<img alt="First-pass acceptance by reviewers, last {{ n_weeks }} weeks" src="{{ img_acceptance }}">
<h2>Most frequent findings</h2>
<table><tr><th>dimension</th><th>rule</th><th class="n">count</th><th>example</th></tr>
{% for f in m.findings %}
<tr><td>{{ f.dimension }}</td><td>{{ f.rule }}</td><td class="n">{{ f.count }}</td>
<td>{{ f.example }}</td></tr>
{% else %}<tr><td colspan="4">no findings this week</td></tr>{% endfor %}
</table>
<h2>Where writers struggle</h2>
<table><tr><th>by</th><th>who</th><th class="n">verdicts</th><th class="n">flagged</th>
<th class="n">pass rate</th></tr>
{% for r in struggle %}
<tr><td>{{ r[0] }}</td><td>{{ r[1] }}</td><td class="n">{{ r[2] }}</td><td class="n">{{ r[3] }}</td>
<td class="n">{{ r[4] }}</td></tr>
{% else %}<tr><td colspan="5">no verdicts this week</td></tr>{% endfor %}
</table>
<h2>Reviewers overriding the gate</h2>
<table><tr><th>dimension</th><th class="n">false flags</th><th class="n">misses</th>
<th class="n">flag rate</th></tr>
{% for d in dims %}
<tr><td>{{ d[0] }}</td><td class="n">{{ d[1] }}</td><td class="n">{{ d[2] }}</td>
<td class="n">{{ d[3] }}</td></tr>
{% endfor %}
</table>
{% if health is not none %}
<h2 id="drift">Drift and live accuracy</h2>
<p class="sub">Each brand's verdicts this week against the serving model's reference, and what
reviewers said (docs/monitoring.md). ok / watch / drifting; insufficient = too little data.</p>
<table><tr><th>brand</th><th>status</th><th class="n">verdicts</th><th>signals that moved</th>
<th class="n">reviews</th><th>live accuracy (lowest)</th><th class="n">override rate</th></tr>
{% for h in health %}
<tr><td>{{ h.brand }}</td><td class="st-{{ h.status }}"><b>{{ h.status }}</b></td>
<td class="n">{{ h.verdicts }}</td><td>{{ h.signals }}</td><td class="n">{{ h.reviews }}</td>
<td>{{ h.accuracy }}</td><td class="n">{{ h.overrides }}</td></tr>
{% else %}<tr><td colspan="7">no verdicts or reviews this week</td></tr>{% endfor %}
</table>
{% if img_drift %}
<img alt="Drift: PSI of the signals that moved most, per brand" src="{{ img_drift }}">
<img alt="Live accuracy per dimension with 95% intervals" src="{{ img_accuracy }}">
{% endif %}
{% endif %}
<h2>Revisions and models</h2>
<table>
<tr><td>passed on first submission</td><td class="n">{{ first_share }}</td></tr>
<tr><td>versions until pass (mean, {{ n_passed }} descriptions)</td>
<td class="n">{{ mean_v }}</td></tr>
{% for name, n in models %}<tr><td>model {{ name }}</td><td class="n">{{ n }} verdicts</td></tr>
{% endfor %}
</table>
</body></html>
"""


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    note: str = ""
    trend_class: str = ""


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def _delta_pts(now: float | None, before: float | None, good_up: bool = True) -> tuple[str, str]:
    if now is None or before is None:
        return "no comparison", ""
    pts = 100 * (now - before)
    cls = "" if abs(pts) < 0.5 else ("up" if (pts > 0) == good_up else "down")
    return f"{pts:+.0f} pts vs last week", cls


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


@dataclass(frozen=True)
class HealthRow:
    brand: str
    status: str
    verdicts: int
    signals: str
    reviews: int
    accuracy: str
    overrides: str


def _health_row(h: BrandHealth) -> HealthRow:
    moved = h.drift.worst(3)
    signals = (
        "; ".join(f"{s.signal} PSI {s.psi:.2f} ({s.reference} → {s.live})" for s in moved)
        if moved
        else (h.drift.note or "none")
    )
    acc = h.accuracy
    if acc.accuracy:
        dim, low = min(acc.accuracy.items(), key=lambda kv: kv[1].value)
        accuracy = f"{dim.replace('_', ' ')} {_pct(low.value)} ({_pct(low.low)}–{_pct(low.high)})"
    else:
        accuracy = "too few reviews"
    overrides = _pct(acc.override_rate.value) if acc.override_rate else "–"
    return HealthRow(h.brand, h.status, h.drift.size, signals, acc.reviews, accuracy, overrides)


def render(
    report: WeeklyReport,
    history: History,
    health: Sequence[BrandHealth] | None = None,
    accuracy_floor: float = 0.8,
) -> bytes:
    """The page for the report's own brand (or ALL), with `history` (oldest first) for trends,
    and, when given, the brands' drift and live accuracy (`qualitygate.monitoring`)."""
    key, m = next(iter(report.brands.items()))
    before = history[-2][1] if len(history) > 1 else None
    pass_note = _delta_pts(m.pass_rate, before.pass_rate if before else None)
    acc_note = _delta_pts(
        m.first_pass_acceptance_rate, before.first_pass_acceptance_rate if before else None
    )
    tiles = [
        Tile("verdicts this week", str(m.scored.total), f"{m.versions_received.total} received"),
        Tile("pass rate", _pct(m.pass_rate), *pass_note),
        Tile("flagged back before review", _pct(m.queue_avoided_share), "queue volume avoided"),
        Tile(
            "webhook → verdict, p95",
            charts.secs(m.verdict_latency[1]),
            f"p50 {charts.secs(m.verdict_latency[0])}",
        ),
        Tile("accepted on first review", _pct(m.first_pass_acceptance_rate), *acc_note),
        Tile(
            "submission → acceptance, p50",
            charts.secs(m.acceptance_time[0]),
            f"p95 {charts.secs(m.acceptance_time[1])}",
        ),
    ]
    struggle: list[tuple[str, str, int, int, str]] = []
    for by in ("source", "author"):
        scored = m.scored.by.get(by, {})
        flagged = m.flagged.by.get(by, {})
        ranked = sorted(scored, key=lambda k: (-flagged.get(k, 0), k))[:8]
        for k in ranked:
            rate = (scored[k] - flagged.get(k, 0)) / scored[k]
            struggle.append((by, k, scored[k], flagged.get(k, 0), _pct(rate)))
    dims = [
        (d.replace("_", " "), m.gate_false_flags[d], m.gate_misses[d])
        + (_pct(m.dimension_flag_rate(d)),)
        for d in DIMENSIONS
    ]
    mean_v = m.versions_until_pass_mean
    context: dict[str, Any] = {
        "title": f"Quality gate weekly report {report.week}",
        "period": f"{report.start:%Y-%m-%d %H:%M} – {report.end:%Y-%m-%d %H:%M} UTC",
        "tz": f"weeks in {report.timezone}",
        "scope": "all brands" if report.brand is None else f"brand {key}",
        "tiles": tiles,
        "n_weeks": len(history),
        "img_quality": _data_uri(charts.quality_trend(history)),
        "img_turnaround": _data_uri(charts.turnaround(m)),
        "img_acceptance": _data_uri(charts.acceptance_trend(history)),
        "m": m,
        "struggle": struggle,
        "dims": dims,
        "first_share": _pct(m.first_submission_pass_share),
        "mean_v": "–" if mean_v is None else f"{mean_v:.2f}",
        "n_passed": sum(m.versions_until_pass.values()),
        "models": sorted(m.scored.by.get("model_version", {}).items()),
        "health": None if health is None else [_health_row(h) for h in health],
        "img_drift": _data_uri(drift_chart(health)) if health else "",
        "img_accuracy": _data_uri(accuracy_chart(health, accuracy_floor)) if health else "",
    }
    return _ENV.from_string(_TEMPLATE).render(**context).encode()

"""A real (tiny) fine-tune: real base model and tokenizer, a few steps, a servable artifact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qualitygate.domain import DIMENSIONS
from qualitygate.ml import load_predictor
from training.config import TrainConfig
from training.labels import read_label_file
from training.train import train

DEMO = Path(__file__).parents[2] / "training" / "data" / "demo.jsonl"


@pytest.fixture(scope="module")
def tiny_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 rows per split from the shipped demo set."""
    rows = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    picked: list[dict[str, object]] = []
    for split in ("train", "validation", "test"):
        picked += [r for r in rows if r["split"] == split][:12]
    path = tmp_path_factory.mktemp("data") / "tiny.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in picked), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["lora", "full"])
def test_smoke_fine_tune_produces_a_servable_model(
    tiny_file: Path, tmp_path: Path, mode: str
) -> None:
    out = tmp_path / f"m-{mode}"
    cfg = TrainConfig(
        data=str(tiny_file),
        out=str(out),
        mode=mode,  # type: ignore[arg-type]
        epochs=1,
        max_steps=2,
        batch_size=8,
        progress=False,
    )
    result = train(cfg)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["mode"] == mode
    assert manifest["data"]["sizes"] == {"train": 12, "validation": 12, "test": 12}
    assert set(manifest["thresholds"]) == set(DIMENSIONS)
    assert (out / "README.md").is_file()
    reference = json.loads((out / "reference.json").read_text())  # drift monitoring's baseline
    assert reference["model"] == result.version and reference["size"] == 12
    assert set(reference["flag_rates"]) == set(DIMENSIONS)
    assert sum(reference["numeric"]["model.seo"]["counts"]) == 12
    weights = "adapter_model.safetensors" if mode == "lora" else "model.safetensors"
    assert (out / weights).is_file()
    assert not list(out.glob("*.bin")) and not list(out.glob("*.pkl"))

    # fp32 here so that "alone == in a batch" can be exact; bf16 is compared below.
    predictor = load_predictor(out, precision="fp32")
    assert predictor.version == result.version
    drafts = [ex.draft for ex in read_label_file(tiny_file)[:5]]
    probs = predictor.predict(drafts)
    assert len(probs) == 5
    assert all(set(p) == set(DIMENSIONS) and all(0 <= v <= 1 for v in p.values()) for p in probs)
    # order is restored after length sorting: scoring one draft alone gives the same numbers
    alone = predictor.predict([drafts[3]])[0]
    assert alone == pytest.approx(probs[3], abs=1e-5)
    # bf16 autocast (what `auto` serves on CPUs with native bf16) stays close to fp32
    fast = load_predictor(out, precision="bf16").predict(drafts)
    for got, ref in zip(fast, probs, strict=True):
        assert got == pytest.approx(ref, abs=0.02)


JUDGED = Path(__file__).parents[2] / "training" / "data" / "judged.jsonl"


@pytest.mark.slow
def test_smoke_train_and_evaluate_on_a_judged_slice(tmp_path: Path) -> None:
    """The judged file trains like any label file; the judged report compares systems on it."""
    from training.judged_eval import evaluate_judged, is_judged

    rows = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines()]
    picked: list[dict[str, object]] = []
    for split in ("train", "validation", "test"):
        for source in ("natural", "written"):
            part = [r for r in rows if r["split"] == split and r["description"]["source"] == source]
            picked += part[:8]
    data = tmp_path / "judged-slice.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in picked), encoding="utf-8")
    assert is_judged(data) and not is_judged(DEMO)
    out = tmp_path / "m"
    cfg = TrainConfig(data=str(data), out=str(out), epochs=1, max_steps=2, progress=False)
    train(cfg)
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["rule_vetoes"]) == set(DIMENSIONS)
    assert all(isinstance(v, bool) for v in manifest["rule_vetoes"].values())
    assert manifest["data"]["sizes"] == {"train": 16, "validation": 16, "test": 16}

    result = evaluate_judged(out, data, tmp_path / "report", compare=out)
    names = [s.name for s in result.systems]
    assert names == [
        "inter_judge",
        "rules_only",
        "tfidf_logreg",
        "shipped_model",
        "shipped_gate",
        "new_model",
        "new_gate",
    ]
    # The same model compared with itself gives the same figures: the comparison is like for like.
    by_name = {s.name: s for s in result.systems}
    assert by_name["shipped_gate"].headline == by_name["new_gate"].headline
    for system in result.systems:
        assert system.n == 16 and 0 <= system.headline["filter_rate"] <= 1
    report = (tmp_path / "report" / "judged_report.md").read_text(encoding="utf-8")
    assert "## Targets (new gate)" in report and "inter_judge" in report
    assert (tmp_path / "report" / "judged_kappa.png").stat().st_size > 1000

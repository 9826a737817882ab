"""Per-brand LoRA adapters over one shared base: trained by `qualitygate train --brand`, selected
by brand when scoring, switched exactly, activated per brand in the registry.

Real base model and tokenizer; two tiny real adapters trained by the CLI for two steps each.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
import torch
from click.testing import CliRunner

from qualitygate import db
from qualitygate.checks import RuleEngine
from qualitygate.cli import main
from qualitygate.domain import DIMENSIONS, Draft
from qualitygate.errors import Conflict
from qualitygate.ml import Predictor, load_predictor
from qualitygate.ml.artifacts import ArtifactError, read_manifest, resolve_base
from qualitygate.models import Submission, Verdict
from qualitygate.pipeline import verdicts
from qualitygate.pipeline.gate import Scorer
from qualitygate.pipeline.verdicts import ScorerCache
from qualitygate.services import model_registry
from qualitygate.settings import Settings
from tests.conftest import sample_body
from training.labels import read_label_file

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "training" / "data" / "demo.jsonl"
DEFAULT = ROOT / "models" / "default"
BRANDS = ("acme", "globex")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def brand_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo rows relabelled as two brands (12 per split each), plus default rows to ignore."""
    rows = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    picked: list[dict[str, object]] = []
    for split in ("train", "validation", "test"):
        of_split = [r for r in rows if r["split"] == split]
        picked += [{**r, "brand": "acme"} for r in of_split[:12]]
        picked += [{**r, "brand": "globex"} for r in of_split[12:24]]
        picked += of_split[24:30]  # brand "default": not used by a --brand run
    path = tmp_path_factory.mktemp("data") / "brands.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in picked), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def adapters(brand_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two brand adapters written by the CLI: acme from scratch, globex from the default's."""
    root = tmp_path_factory.mktemp("models")
    out: dict[str, Path] = {}
    for brand, extra in (("acme", []), ("globex", ["--init-from", str(DEFAULT)])):
        args = ["train", "--brand", brand, "--data", str(brand_file), "--out", str(root / brand)]
        args += ["--epochs", "1", "--batch-size", "8", "--max-length", "128"]
        args += ["--version", f"{brand}-v1", *extra]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert f"adapter for brand {brand}" in result.output
        out[brand] = root / brand
    return out


@pytest.fixture(scope="module")
def shared(adapters: dict[str, Path]) -> Predictor:
    """One base: the shipped default plus both brand adapters."""
    predictor = load_predictor(DEFAULT)
    for brand in BRANDS:
        predictor.add_adapter(adapters[brand], name=f"{brand}-v1")
    return predictor


@functools.cache
def _demo_drafts() -> list[Draft]:
    return [r.draft for r in read_label_file(DEMO)]


def drafts_of(brand: str, n: int = 6, skip: int = 0) -> list[Draft]:
    """The same demo texts, submitted for `brand`."""
    return [Draft(brand, d.product, d.text) for d in _demo_drafts()[skip : skip + n]]


def test_train_brand_writes_that_brand_s_adapter_over_the_shared_base(
    adapters: dict[str, Path], brand_file: Path, tmp_path: Path
) -> None:
    default = read_manifest(DEFAULT)
    for brand in BRANDS:
        manifest = read_manifest(adapters[brand])
        assert (manifest.brand, manifest.mode, manifest.version) == (brand, "lora", f"{brand}-v1")
        assert manifest.base_model == default.base_model
        assert manifest.data["sizes"] == {"train": 12, "validation": 12, "test": 12}
        assert set(manifest.thresholds) == set(DIMENSIONS)
        assert (adapters[brand] / "adapter_model.safetensors").is_file()
        assert not (adapters[brand] / "model.safetensors").exists()
    assert read_manifest(adapters["globex"]).training_config["init_from"] == str(DEFAULT)

    runner = CliRunner()
    base = ["train", "--data", str(brand_file), "--out", str(tmp_path / "x")]
    bad_key = runner.invoke(main, [*base, "--brand", "Acme!"])
    assert bad_key.exit_code == 2 and "is not a brand key" in bad_key.output
    full = runner.invoke(main, [*base, "--brand", "acme", "--mode", "full"])
    assert full.exit_code == 2 and "use --mode lora" in full.output
    nobody = runner.invoke(main, [*base, "--brand", "initech"])
    assert nobody.exit_code == 1 and "has no rows for brand 'initech'" in nobody.output


def test_each_brand_is_scored_by_its_adapter_and_others_by_the_default(
    shared: Predictor,
) -> None:
    rules = RuleEngine()
    scorer = Scorer(rules, shared)
    n = 3
    drafts = [*drafts_of("acme", n), *drafts_of("globex", n), *drafts_of("initech", n)]
    results = scorer.score_many(drafts)
    versions = [r.model_version for r in results]
    assert versions == ["acme-v1"] * n + ["globex-v1"] * n + [shared.version] * n
    # the same texts, three models: three sets of probabilities
    scores = [[r.dimensions[d].model_score for d in DIMENSIONS] for r in results]
    for i in range(n):
        assert len({tuple(scores[i]), tuple(scores[n + i]), tuple(scores[2 * n + i])}) == 3
    # each verdict is judged against its own model's thresholds (no brand file overrides them)
    acme_thresholds = shared.adapter_for("acme").thresholds
    assert {d: results[0].dimensions[d].threshold for d in DIMENSIONS} == acme_thresholds
    assert {d: results[-1].dimensions[d].threshold for d in DIMENSIONS} == dict(shared.thresholds)


def test_switching_is_exact(shared: Predictor, adapters: dict[str, Path]) -> None:
    acme, globex, other = drafts_of("acme"), drafts_of("globex", skip=6), drafts_of("initech")
    first = shared.predict(acme)
    shared.predict(globex)
    shared.predict(other)
    again = shared.predict(acme)
    fresh = load_predictor(adapters["acme"]).predict(acme)
    assert first == again == fresh
    # a mixed batch: each brand's drafts get exactly what they get alone
    mixed = shared.predict([*acme, *globex, *other])
    assert mixed == [*first, *shared.predict(globex), *shared.predict(other)]
    # after all that switching the weights are still, bit for bit, peft's merge of acme
    shared.predict(acme)
    from peft import PeftModel
    from transformers import AutoModelForSequenceClassification

    manifest = read_manifest(adapters["acme"])
    base = AutoModelForSequenceClassification.from_pretrained(
        str(resolve_base(manifest.base_model)), num_labels=5, local_files_only=True
    )
    merged = PeftModel.from_pretrained(base, str(adapters["acme"])).merge_and_unload()
    ours = dict(shared._model.named_parameters())
    assert all(torch.equal(p, ours[n]) for n, p in merged.named_parameters())


def test_adapters_that_do_not_fit_are_refused(
    shared: Predictor, adapters: dict[str, Path], tmp_path: Path
) -> None:
    other_base = tmp_path / "other-base"
    other_base.mkdir()
    for f in adapters["acme"].iterdir():
        (other_base / f.name).write_bytes(f.read_bytes())
    raw = json.loads((other_base / "manifest.json").read_text())
    (other_base / "manifest.json").write_text(json.dumps({**raw, "base_model": "/elsewhere"}))
    with pytest.raises(ArtifactError, match="but this process serves the base"):
        shared.add_adapter(other_base)
    with pytest.raises(ArtifactError, match="no brand given and none in the manifest"):
        shared.add_adapter(DEFAULT)
    assert shared.brands == {"acme": "acme-v1", "globex": "globex-v1"}


def _settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"model_enabled": True, "model_dir": DEFAULT, "model_check_interval_s": 5.0}
    )


def _post(client, brand: str) -> int:
    body = sample_body(brand=brand)
    sid = client.post("/api/v1/submissions", json=body).get_json()["submission_id"]
    return int(db.session().get(Submission, sid).latest.id)


def test_registry_activates_adapters_per_brand_and_verdicts_record_them(
    client, settings: Settings, adapters: dict[str, Path], monkeypatch
) -> None:
    now = [0.0]
    cache = ScorerCache(_settings(settings), clock=lambda: now[0])
    session = db.session()
    scorer = cache.get(session)
    default = scorer.model_version
    base = scorer.predictor
    assert scorer.model_for("acme")[0] == default

    monkeypatch.setenv("QG_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()
    registered = runner.invoke(main, ["model", "register", str(adapters["acme"]), "--activate"])
    assert registered.exit_code == 0, registered.output
    assert "registered acme-v1 for brand acme (active)" in registered.output
    assert runner.invoke(main, ["model", "register", str(adapters["globex"])]).exit_code == 0
    with pytest.raises(Conflict, match="an adapter for brand 'globex', not 'acme'"):
        model_registry.register(session, adapters["globex"], name="g2", brand="acme")

    now[0] += 10
    scorer = cache.get(session)
    assert scorer.predictor is base  # one base: the adapter was added to it, nothing reloaded
    assert [scorer.model_for(b)[0] for b in ("acme", "globex", "initech")] == [
        "acme-v1",
        default,
        default,
    ]
    ids = {brand: _post(client, brand) for brand in ("acme", "globex")}
    verdicts.score_versions(session, scorer, list(ids.values()))
    recorded = dict(session.execute(sa.select(Verdict.version_id, Verdict.model_version)).all())
    assert recorded == {ids["acme"]: "acme-v1", ids["globex"]: default}

    activated = runner.invoke(main, ["model", "activate", "globex-v1"])
    assert "activated globex-v1 for brand globex" in activated.output
    deactivated = runner.invoke(main, ["model", "deactivate", "acme-v1"])
    assert "brand acme is scored by the default model" in deactivated.output
    listing = runner.invoke(main, ["model", "list"]).output
    assert "* globex-v1" in listing and "  acme-v1" in listing and "brand=acme" in listing
    now[0] += 10
    scorer = cache.get(session)
    assert scorer.predictor is base
    assert [scorer.model_for(b)[0] for b in ("acme", "globex")] == [default, "globex-v1"]
    assert base.brands == {"globex": "globex-v1"}

    # `qualitygate score` serves what a worker serves: the registry's default and brand adapters.
    src = settings.data_dir / "backtest.jsonl"
    bodies = [sample_body(brand=b) for b in ("acme", "globex")]
    src.write_text("".join(json.dumps(b) + "\n" for b in bodies), encoding="utf-8")
    out = settings.data_dir / "backtest-verdicts.jsonl"
    scored = runner.invoke(main, ["score", str(src), "-o", str(out)])
    assert scored.exit_code == 0, scored.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["model_version"] for r in records] == [default, "globex-v1"]


def test_a_worker_claims_its_own_brand_s_waiting_work_first(client) -> None:
    """So a batch is mostly one brand's: one adapter, full batches (bench/bench_adapters.py)."""
    mine = _post(client, "acme")
    others = [_post(client, b) for b in ("globex", "globex", "acme", "globex", "acme")]
    claimed = verdicts.claim_waiting(db.session(), mine, limit=2)
    assert claimed == [others[2], others[4]]  # the two other acme versions, oldest first
    rest = verdicts.claim_waiting(db.session(), mine, limit=10)
    assert rest == [others[0], others[1], others[3]]

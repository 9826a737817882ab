"""The classifier as the worker serves it.

CONTRACT (the gate and the worker rely on it):

    predictor = load_predictor(model_dir)        # once per process; reads manifest.json
    predictor.version -> str                     # recorded on every verdict
    predictor.thresholds -> Mapping[Dimension, float]   # chosen on validation, stored in the manifest
    predictor.predict(drafts) -> list[dict[Dimension, float]]   # P(meets the standard) per dimension
"""

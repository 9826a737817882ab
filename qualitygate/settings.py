"""Typed settings, read once from `QG_*` environment variables.

Defaults are the embedded laptop setup (SQLite + kombu's filesystem transport under `./var`), so
`make run` needs no server. Production sets `QG_ENV=production`, a PostgreSQL URL and a Redis URL;
it then refuses to start with any default secret.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEV_SECRET = "dev-insecure-secret-change-me"
DEV_CALLBACK_SECRET = "dev-insecure-callback-secret-change-me"


class Settings(BaseSettings):
    """Every knob of the service. The README's settings table mirrors this class."""

    model_config = SettingsConfigDict(env_prefix="QG_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Field(default_factory=lambda: Path("var").resolve())
    database_url: str = ""  # empty: sqlite:///<data_dir>/qualitygate.db
    # Seconds a PostgreSQL connection attempt may take (libpq's connect_timeout): a server that
    # accepts TCP but never answers fails the caller instead of hanging it (libpq: 2 s at least).
    db_connect_timeout: int = Field(default=10, ge=1)
    broker_url: str = "filesystem://"  # kombu filesystem transport under <data_dir>/broker
    broker_polling_interval: float = 0.1
    task_queue: str = "scoring"
    callback_queue: str = "callbacks"
    export_queue: str = "exports"
    sweep_interval_s: float = 60.0
    sweep_after_s: float = 120.0
    secret_key: str = DEV_SECRET
    public_base_url: str = ""  # empty: http://<host>:<port>
    host: str = "127.0.0.1"
    port: int = 8000
    max_body_bytes: int = 256 * 1024
    model_dir: Path = PROJECT_ROOT / "models" / "default"
    model_enabled: bool = True
    model_check_interval_s: float = 5.0
    inference_precision: Literal["auto", "bf16", "fp32"] = "auto"
    # Batches padded to a multiple of this many tokens: few kernel shapes, bounded worker memory.
    inference_pad_to_multiple_of: int = Field(default=16, ge=1)
    score_batch_size: int = Field(default=16, ge=1)
    # CPU niceness of scoring workers (0-19): queued scoring yields the cores to the API.
    worker_nice: int = Field(default=10, ge=0, le=19)
    config_dir: Path | None = None  # overrides packaged brand guidelines and category templates
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    feedback_link_ttl_days: int = 30
    export_dir: Path | None = None  # weekly metrics files; None: <data_dir>/exports
    metrics_token: str = ""  # bearer token of GET /api/v1/metrics/weekly; empty: closed (401)
    timezone: str = "UTC"  # IANA zone: ISO week boundaries and the Monday 06:00 export schedule
    export_webhook_url: str = ""  # optional: POSTed {week, files} after each scheduled export
    callback_secret: str = DEV_CALLBACK_SECRET  # HMAC key of the X-QualityGate-Signature header
    callback_timeout_s: float = 10.0
    callback_max_attempts: int = Field(default=5, ge=1)
    callback_backoff_s: float = 2.0  # first retry after ~this; doubles per attempt, plus jitter
    callback_backoff_max_s: float = 900.0
    broker_visibility_timeout_s: float = Field(default=600.0, gt=0)  # Redis: unacked tasks return
    # Tenant credentials (docs/operations.md): None resolves to "optional" outside production,
    # "required" in production, which refuses "optional".
    auth: Literal["required", "optional"] | None = None
    ratelimit: str = "50/second"  # per tenant, Flask-Limiter syntax ("50/second;1000/minute")
    ratelimit_storage_url: str = ""  # empty: memory:// (per process); production: a Redis URL
    # Production monitoring (docs/monitoring.md): live accuracy below this floor raises an alert;
    # fewer reviews / verdicts than these in a window and nothing is judged.
    live_accuracy_floor: float = Field(default=0.80, ge=0.0, le=1.0)
    monitor_min_reviews: int = Field(default=30, ge=1)
    monitor_min_verdicts: int = Field(default=50, ge=1)
    monitor_cache_s: float = Field(default=600.0, ge=0)  # /metrics recomputes health this often
    monitor_interval_s: float = Field(default=86400.0, gt=0)  # beat: health check + alerts
    drift_webhook_url: str = ""  # optional: signed POST of the brands that need attention
    # Beat proposes (logs, never runs or activates) a retrain once a model's scope has this many
    # reviews since its data cutoff; 0 turns the proposal off.
    retrain_min_reviews: int = Field(default=300, ge=0)

    @model_validator(mode="after")
    def _production_needs_real_secrets(self) -> Settings:
        if self.env == "production":
            if self.secret_key == DEV_SECRET:
                raise ValueError("QG_SECRET_KEY must be set to a real secret in production")
            if self.callback_secret == DEV_CALLBACK_SECRET:
                raise ValueError("QG_CALLBACK_SECRET must be set to a real secret in production")
            if not self.database_url or self.database_url.startswith("sqlite"):
                raise ValueError("QG_DATABASE_URL must point at PostgreSQL in production")
            if self.auth == "optional":
                raise ValueError("QG_AUTH must be 'required' in production")
        if self.auth is None:
            self.auth = "required" if self.env == "production" else "optional"
        return self

    @property
    def auth_required(self) -> bool:
        """Every API request needs tenant credentials (QG_AUTH=required)."""
        return self.auth == "required"

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'qualitygate.db'}"

    @property
    def base_url(self) -> str:
        """Where the CMS and writers reach this service (links in responses and callbacks)."""
        return (self.public_base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def broker_dir(self) -> Path:
        return self.data_dir / "broker"

    @property
    def exports_dir(self) -> Path:
        """Where the weekly metrics files are written (`QG_EXPORT_DIR`, else under the data dir)."""
        return self.export_dir or self.data_dir / "exports"


def load_settings(**overrides: object) -> Settings:
    """Read the environment; explicit overrides (tests, the CLI) win."""
    return Settings(**overrides)  # type: ignore[arg-type]

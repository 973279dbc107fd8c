"""Validating tables with Great Expectations and writing the Data Docs report.

Great Expectations costs seconds to import, so it is imported inside these functions only, never
at module import time.
"""

from __future__ import annotations

import json
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from flows.contract.settings import Settings
from flows.contract.tables import TABLES
from flows.prefect_server.runtime import quiet_libraries
from flows.quality.expectations import Rule, rules_for
from flows.quality.page_security import escaped_result
from flows.quality.report_site import localise_assets
from flows.storage.layout import gx_store_dir, report_index, validation_dir

logger = logging.getLogger(__name__)

SITE_NAME = "newsflow"


def result_format(table: str) -> dict[str, Any]:
    return {
        "result_format": "COMPLETE",
        "unexpected_index_column_names": [TABLES[table].owner],
        "partial_unexpected_count": 10,
    }


@dataclass(frozen=True)
class ExpectationOutcome:
    table: str
    expectation: str
    column: str
    severity: str
    success: bool
    unexpected_count: int
    examples: list[Any]
    failing_owners: frozenset[str] = field(default_factory=frozenset)

    @property
    def name(self) -> str:
        return f"{self.table}: {self.expectation}({self.column})"


@dataclass(frozen=True)
class ValidationReport:
    outcomes: list[ExpectationOutcome]
    report_path: Path

    @property
    def critical_failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "critical"]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "warning"]


def _quiet_great_expectations() -> None:
    quiet_libraries()
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


def _context(output_dir: Path):
    _quiet_great_expectations()
    import great_expectations as gx

    site_dir = validation_dir(output_dir).resolve()
    context = gx.get_context(mode="file", project_root_dir=gx_store_dir(output_dir).resolve())
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    sites = context.variables.data_docs_sites or {}
    # The site's folder is stored as an absolute path: set it again when the output has moved.
    if set(sites) != {SITE_NAME} or _site_directory(sites) != str(site_dir):
        context.variables.data_docs_sites = {
            SITE_NAME: {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(site_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        }
    context.variables.save()
    return context


def _site_directory(sites: dict[str, Any]) -> str | None:
    return sites.get(SITE_NAME, {}).get("store_backend", {}).get("base_directory")


def _expectation(rule: Rule):
    import great_expectations.expectations as gxe

    meta = {"severity": rule.severity, **({"notes": rule.notes} if rule.notes else {}), **rule.meta}
    return getattr(gxe, rule.expectation)(**rule.kwargs, meta=meta)


@dataclass
class Checkpoints:
    """The Great Expectations context and one checkpoint per table and severity, ready to run."""

    context: Any
    by_suite: dict[tuple[str, str], Any]

    def severities(self, table: str) -> list[str]:
        """The severities of the table's suites, in the order they were defined."""
        return [severity for name, severity in self.by_suite if name == table]


def prepare(output_dir: Path, settings: Settings) -> Checkpoints:
    """Open the store and define every suite, validation definition and checkpoint.

    None of this needs the data, and it costs seconds (Great Expectations' import among them),
    so a run does it in the background while its batches are processed (`prepare_in_background`).
    """
    context = _context(output_dir)
    source = context.data_sources.add_or_update_pandas("newsflow")
    return Checkpoints(
        context,
        {
            (table, severity): _checkpoint(context, source, table, severity, rules)
            for table in TABLES
            for severity, rules in rules_by_severity(table, settings).items()
        },
    )


def prepare_in_background(output_dir: Path, settings: Settings) -> Future[Checkpoints]:
    """`prepare` in a thread of its own; its future is handed to `validate_frames`."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare-validation")
    future = executor.submit(prepare, output_dir, settings)
    executor.shutdown(wait=False)
    return future


def validate_frames(
    frames: dict[str, pl.DataFrame],
    output_dir: Path,
    run_name: str,
    settings: Settings,
    prepared: Future[Checkpoints] | None = None,
) -> ValidationReport:
    """Validate every table, store the results and add them to the Data Docs site.

    Great Expectations writes its store files in place (open, then write), so a run killed in
    between leaves an empty file that makes every later validation fail. When validation fails
    and the store holds such files, they are removed and validation runs once more: every run
    defines its suites, validation definitions and checkpoints again, and a lost result only
    drops out of the report.
    """
    try:
        checkpoints = prepared.result() if prepared else prepare(output_dir, settings)
        return _validate_frames(frames, output_dir, run_name, checkpoints)
    except Exception:
        damaged = remove_damaged_store_files(output_dir)
        if not damaged:
            raise
        logger.warning(
            "removed Great Expectations store files left damaged by an interrupted run: %s",
            ", ".join(str(path) for path in damaged),
        )
        return _validate_frames(frames, output_dir, run_name, prepare(output_dir, settings))


def remove_damaged_store_files(output_dir: Path) -> list[Path]:
    """Delete the files of the Great Expectations store that no longer parse; returns them."""
    store = gx_store_dir(output_dir)
    damaged = [path for path in sorted(store.rglob("*")) if path.is_file() and not _parses(path)]
    for path in damaged:
        path.unlink()
    return damaged


def _parses(path: Path) -> bool:
    """Whether a store file reads back: JSON parses, the project's YAML holds a mapping."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            json.loads(text)
        elif path.name == "great_expectations.yml":
            return isinstance(yaml.safe_load(text), dict)
    except (OSError, ValueError, yaml.YAMLError):
        return False
    return True


def _validate_frames(
    frames: dict[str, pl.DataFrame], output_dir: Path, run_name: str, checkpoints: Checkpoints
) -> ValidationReport:
    import great_expectations as gx
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
    )

    outcomes: list[ExpectationOutcome] = []
    written: list[Any] = []
    for table, frame in frames.items():
        data = frame.to_pandas()
        for severity in checkpoints.severities(table):
            result = checkpoints.by_suite[(table, severity)].run(
                batch_parameters={"dataframe": data},
                run_id=gx.RunIdentifier(run_name=run_name),
            )
            outcomes += [_outcome(table, r) for v in result.run_results.values() for r in v.results]
            _store_escaped(checkpoints.context, result.run_results)
            written += [*result.run_results, ExpectationSuiteIdentifier(f"{table}.{severity}")]
    build_started = time.time()
    # Only this run's pages (and the index) are rendered: the site of a long-lived output holds
    # every earlier run's pages, which do not change.
    checkpoints.context.build_data_docs(site_names=[SITE_NAME], resource_identifiers=written)
    localise_assets(validation_dir(output_dir), changed_since=build_started)
    return ValidationReport(outcomes, report_index(output_dir))


def _store_escaped(context: Any, run_results: dict[Any, Any]) -> None:
    """Store the results again with every value from the data HTML-escaped, for the report.

    Great Expectations inserts the unexpected values it lists into its pages as they are; the
    outcomes newsflow acts on were read from the results before this.
    """
    for identifier, suite_result in run_results.items():
        for expectation_result in suite_result.results:
            expectation_result.result = escaped_result(expectation_result.result)
        context.validation_results_store.set(identifier, suite_result)


def rules_by_severity(table: str, settings: Settings) -> dict[str, list[Rule]]:
    """A table's rules grouped into one suite per severity, so the report shows severity."""
    groups: dict[str, list[Rule]] = {}
    for rule in rules_for(table, settings):
        groups.setdefault(rule.severity, []).append(rule)
    return groups


def _checkpoint(context: Any, source: Any, table: str, severity: str, rules: list[Rule]) -> Any:
    """A suite `<table>.<severity>` of the given rules, in a checkpoint that stores results."""
    import great_expectations as gx

    name = f"{table}.{severity}"
    # Built whole, then stored once: `add_expectation` would rewrite the stored suite each time.
    suite = gx.ExpectationSuite(name=name, expectations=[_expectation(rule) for rule in rules])
    suite = context.suites.add_or_update(suite)
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(
            name=name, data=_batch_definition(_asset(source, table)), suite=suite
        )
    )
    return context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=f"newsflow-{name}",
            validation_definitions=[definition],
            actions=[],
            result_format=result_format(table),
        )
    )


def _asset(source, table: str):
    try:
        return source.get_asset(table)
    except LookupError:
        return source.add_dataframe_asset(table)


def _batch_definition(asset):
    try:
        return asset.get_batch_definition("whole table")
    except (LookupError, KeyError):
        return asset.add_batch_definition_whole_dataframe("whole table")


def _outcome(table: str, result: Any) -> ExpectationOutcome:
    config = result.expectation_config
    kwargs = config.kwargs
    column = kwargs.get("column") or ",".join(
        kwargs.get("column_list") or [kwargs.get("column_A", ""), kwargs.get("column_B", "")]
    )
    details = result.result or {}
    owner = TABLES[table].owner
    failing = {
        row[owner]
        for row in details.get("unexpected_index_list") or []
        if isinstance(row, dict) and row.get(owner) is not None
    }
    return ExpectationOutcome(
        table=table,
        expectation=config.type,
        column=column,
        severity=(config.meta or {}).get("severity", "critical"),
        success=bool(result.success),
        unexpected_count=int(details.get("unexpected_count") or 0),
        examples=list(details.get("partial_unexpected_list") or [])[:5],
        failing_owners=frozenset(failing),
    )

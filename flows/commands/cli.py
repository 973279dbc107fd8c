"""The `newsflow` command line (see README.md, "Command line")."""

from __future__ import annotations

import argparse
import sys
import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from flows.prefect_server.runtime import apply_defaults

if TYPE_CHECKING:
    from flows.contract.settings import Settings
    from flows.prefect_server.temporary import TemporaryServer


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsflow", description="Turn raw news text into validated analytics tables."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the pipeline once over the input folder")
    _add_paths(run, with_input=True)
    run.add_argument("--model", help="installed spaCy pipeline for NER (default: settings)")
    run.add_argument("--dask-address", help="run the work on this Dask scheduler (tcp://HOST:PORT)")
    run.add_argument(
        "--full-refresh", action="store_true", help="re-ingest every file and rebuild the tables"
    )
    _add_publish_uri(run)
    validate = commands.add_parser("validate", help="validate the published tables again")
    _add_paths(validate, with_input=False)
    serve = commands.add_parser(
        "serve", help="serve the flow on a schedule (needs PREFECT_API_URL)"
    )
    _add_paths(serve, with_input=True)
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", help="cron expression, e.g. '0 6 * * *'")
    when.add_argument("--interval", type=float, help="seconds between runs")
    serve.add_argument("--timezone", help="IANA time zone of the cron expression (default: UTC)")
    _add_publish_uri(serve)
    return parser


def _add_publish_uri(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--publish-uri",
        help="after every run, mirror tables, quarantine and report to this URI (s3://BUCKET/PREFIX)",
    )


def _add_paths(parser: argparse.ArgumentParser, *, with_input: bool) -> None:
    if with_input:
        parser.add_argument("--input", type=Path, help="folder of raw text files (default: seeds)")
    parser.add_argument("--output", type=Path, help="folder for tables and report (default: data)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    apply_defaults()
    commands = {"run": run_command, "validate": validate_command, "serve": serve_command}
    return commands[args.command](args)


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings, with the command line's arguments winning over the environment."""
    from flows.contract.settings import resolve_settings

    return resolve_settings(
        input_dir=getattr(args, "input", None),
        output_dir=args.output,
        spacy_model=getattr(args, "model", None),
        dask_address=getattr(args, "dask_address", None),
        publish_uri=getattr(args, "publish_uri", None),
        timezone=getattr(args, "timezone", None),
    )


def serve_command(args: argparse.Namespace) -> int:
    from flows.commands.serve import serve_flow

    settings = settings_from(args)
    return serve_flow(
        input_dir=settings.input_dir,
        output_dir=settings.output_dir,
        cron=args.cron,
        interval=args.interval,
        timezone=settings.timezone,
        publish_uri=settings.publish_uri,
    )


def validate_command(args: argparse.Namespace) -> int:
    from flows.quality.revalidate import revalidate
    from flows.storage.layout import tables_dir

    settings = settings_from(args)
    output_dir = settings.output_dir
    if not tables_dir(output_dir).is_dir():
        print(f"newsflow: no published tables under {output_dir}", file=sys.stderr)
        return 2
    summary = revalidate(output_dir, settings)
    print(terminal_table(summary))
    for name in summary.critical_failures:
        print(f"newsflow validate: critical expectation failed: {name}", file=sys.stderr)
    return 1 if summary.failed else 0


def run_command(args: argparse.Namespace) -> int:
    from flows.orchestration.unchanged import record_if_unchanged
    from flows.prefect_server.temporary import temporary_server_unless_configured
    from flows.processing.workers import POOL
    from flows.storage.mirror import uri_problem

    settings = settings_from(args)
    input_dir = settings.input_dir.resolve()
    output_dir = settings.output_dir.resolve()
    if not input_dir.is_dir():
        print(f"newsflow: input folder {input_dir} does not exist", file=sys.stderr)
        return 2
    if settings.publish_uri and (problem := uri_problem(settings.publish_uri)):
        print(f"newsflow: {problem}", file=sys.stderr)
        return 2
    if not args.full_refresh:
        try:
            unchanged = record_if_unchanged(input_dir, output_dir, settings)
        except OSError as error:
            print(f"newsflow: {error}", file=sys.stderr)
            return 1
        if unchanged:
            print(terminal_table(unchanged))
            return 0
    with temporary_server_unless_configured() as server:
        prestarting = start_workers_early(args, input_dir, output_dir, settings)
        try:
            state = start_flow(args, input_dir, output_dir, server)
        finally:
            if prestarting:
                prestarting.join()
            POOL.shutdown()
    summary = state.result(raise_on_failure=False)
    if isinstance(summary, BaseException) or summary is None:
        print(f"newsflow: run failed: {state.message}", file=sys.stderr)
        return 1
    print(terminal_table(summary))
    if state.is_completed():
        return 0
    print(f"newsflow: {state.message}", file=sys.stderr)
    return 1


def start_workers_early(
    args: argparse.Namespace, input_dir: Path, output_dir: Path, settings: Settings
) -> threading.Thread | None:
    """Start local workers in the background while Prefect starts (see `workers.prestart`)."""
    from flows.processing.workers import prestart

    if settings.dask_address:
        return None
    arguments = (input_dir, output_dir, settings, args.full_refresh)
    thread = threading.Thread(target=prestart, args=arguments, daemon=True)
    thread.start()
    return thread


def start_flow(
    args: argparse.Namespace, input_dir: Path, output_dir: Path, server: TemporaryServer | None
):
    """Run the flow, reporting to the temporary server unless Prefect names a server itself."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.orchestration.pipeline import newsflow_run

    run = partial(
        newsflow_run,
        input_dir=input_dir,
        output_dir=output_dir,
        model=args.model,
        full_refresh=args.full_refresh,
        dask_address=args.dask_address,
        publish_uri=args.publish_uri,
        return_state=True,
    )
    if server is None or PREFECT_API_URL.value():
        if server:
            server.stop()  # a Prefect profile names a server
        return run()
    with temporary_settings({PREFECT_API_URL: server.url()}):
        try:
            return run()
        finally:
            send_queued_reports()


def send_queued_reports() -> None:
    """Send the logs and events Prefect still queues, before the server they go to stops."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all()
    EventsWorker.drain_all()


def terminal_table(summary: object) -> str:
    from flows.quality.summary import terminal_table as table

    return table(summary)


if __name__ == "__main__":
    sys.exit(main())

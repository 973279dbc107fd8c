"""Copying the published output to an object store or another file system, for readers elsewhere.

The output folder is where newsflow works: its lock, staging area, publish journal and Great
Expectations store need a local POSIX file system. Readers on other machines (a BI tool or Spark
over S3, say) read a mirror instead: after every run, the published tables, the quarantine and the
validation report are copied to `NEWSFLOW_PUBLISH_URI`, any URI that pyarrow opens (`s3://`,
`gs://`, `abfs://`, `hdfs://`, `file://`) or, failing that, fsspec.

Copying follows the rules of publishing: table files go children first (`documents` last), the
report's index after its pages, and files that left the output (replaced by compaction or
`--full-refresh`) are deleted from the mirror only after every new file is in place. An object
store shows an object whole or not at all; on a file system each file is written under a
temporary name and renamed. The mirror deletes only files it copied there itself: a manifest in
`OUTPUT/_mirror/` lists them, written before each copy begins, so a run killed while mirroring is
finished by the next run without leaving a stale file behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyarrow as pa
import pyarrow.fs as pafs

from flows.contract.tables import PUBLISH_ORDER
from flows.storage import layout
from flows.storage.files import write_json

logger = logging.getLogger(__name__)

# What a reader of the output needs; the rest (staging, journal, lock, the Great Expectations
# store) is the working state of the runs.
MIRRORED = layout.PUBLISHED
NOT_MIRRORED = layout.UNPUBLISHED
# Rank of each file's place in the copy order: table files children first, then the quarantine,
# then the report's pages, and its index last.
COPY_ORDER = (
    *(f"{layout.TABLES}/{name}/" for name in PUBLISH_ORDER),
    f"{layout.QUARANTINE}/",
    f"{layout.VALIDATION}/",
)
REPORT_INDEX = f"{layout.VALIDATION}/{layout.REPORT_INDEX}"
# A first mirror of a large output copies thousands of files: a run killed part-way through
# redoes at most this many.
MANIFEST_EVERY = 200

# File systems whose files are visible while being written, and that rename atomically.
RENAMING_FILE_SYSTEMS = (pafs.LocalFileSystem, pafs.HadoopFileSystem)

# Local size and modification time (ns) of each file, by path relative to the output.
FileStamps = dict[str, tuple[int, int]]


@dataclass
class Manifest:
    """What the mirror holds of this output: files it may hold (`owned`) and those known copied.

    `copied` records each file's local size and modification time when it was copied; a file
    rewritten since (the report's index, say) is copied again.
    """

    owned: set[str] = field(default_factory=set)
    copied: FileStamps = field(default_factory=dict)


@dataclass(frozen=True)
class MirrorResult:
    uri: str
    copied: int
    deleted: int
    unchanged: int

    def line(self) -> str:
        return (
            f"{self.uri}: {self.copied} files copied, {self.deleted} deleted, "
            f"{self.unchanged} unchanged"
        )


def redacted(uri: str) -> str:
    """`uri` without its query (options, perhaps keys) and user information, for logs."""
    parts = urlsplit(uri)
    return urlunsplit((parts.scheme, parts.hostname or "", parts.path, "", ""))


def open_uri(uri: str) -> tuple[pafs.FileSystem, str]:
    """The file system behind `uri` and the path of the mirror's root in it."""
    try:
        filesystem, root = pafs.FileSystem.from_uri(uri)
    except pa.ArrowInvalid:
        import fsspec

        fsspec_filesystem, root = fsspec.core.url_to_fs(uri)
        filesystem = pafs.PyFileSystem(pafs.FSSpecHandler(fsspec_filesystem))
    return filesystem, root.rstrip("/")


def failure_message(uri: str, error: Exception) -> str:
    """What a run says when the mirror could not be brought up to date."""
    return f"mirroring to {redacted(uri)} failed ({error}); the next run copies what is missing"


def uri_problem(uri: str) -> str | None:
    """Why `uri` cannot be mirrored to (an unknown scheme, a malformed address), or None.

    Checked before a run starts, so that a mistyped URI does not wait for the end of a long run.
    Whether the place exists and accepts writes is known only when the mirror writes there.
    """
    if "://" not in uri:
        return f"the publish URI {uri!r} has no scheme (s3://BUCKET/PREFIX, file:///PATH, ...)"
    try:
        open_uri(uri)
    except (ValueError, ImportError, OSError) as error:
        return f"cannot open the publish URI {redacted(uri)}: {error}"
    return None


def mirror_output(output_dir: Path, uri: str) -> MirrorResult:
    """Bring the mirror at `uri` up to date with what `output_dir` publishes."""
    filesystem, root = open_uri(uri)
    local = local_files(output_dir)
    remote = remote_files(filesystem, root)
    manifest_path = manifest_file(output_dir, uri)
    manifest = read_manifest(manifest_path)
    to_copy = sorted(
        (path for path, stamp in local.items() if needs_copy(path, stamp, remote, manifest)),
        key=copy_rank,
    )
    to_delete = sorted(path for path in manifest.owned - local.keys() if path in remote)
    manifest.owned |= set(to_copy)
    write_manifest(manifest, manifest_path, uri)
    for done, path in enumerate(to_copy, start=1):
        copy_file(output_dir / path, filesystem, f"{root}/{path}")
        manifest.copied[path] = local[path]
        if done % MANIFEST_EVERY == 0:
            write_manifest(manifest, manifest_path, uri)
    write_manifest(manifest, manifest_path, uri)
    for path in to_delete:
        filesystem.delete_file(f"{root}/{path}")
    manifest.owned &= local.keys()
    manifest.copied = {path: stamp for path, stamp in manifest.copied.items() if path in local}
    write_manifest(manifest, manifest_path, uri)
    foreign = sorted(remote.keys() - manifest.owned)
    if foreign:
        logger.warning(
            "the mirror %s holds %d files this output did not write (e.g. %s); its readers see "
            "them too",
            redacted(uri), len(foreign), foreign[0],
        )  # fmt: skip
    return MirrorResult(redacted(uri), len(to_copy), len(to_delete), len(local) - len(to_copy))


def needs_copy(
    path: str, stamp: tuple[int, int], remote: dict[str, int], manifest: Manifest
) -> bool:
    """Missing from the mirror, of another size there, or changed since it was last copied."""
    return remote.get(path) != stamp[0] or manifest.copied.get(path) != stamp


def copy_rank(path: str) -> tuple[int, bool, str]:
    rank = next((i for i, prefix in enumerate(COPY_ORDER) if path.startswith(prefix)), 0)
    return (rank, path == REPORT_INDEX, path)


def local_files(output_dir: Path) -> FileStamps:
    """Every file a reader needs, by `/`-separated path relative to the output."""
    found: FileStamps = {}
    for top in MIRRORED:
        for path in sorted((output_dir / top).rglob("*")):
            relative = path.relative_to(output_dir).as_posix()
            if path.name.startswith(".") or relative.startswith(NOT_MIRRORED):
                continue
            if path.is_file():
                stat = path.stat()
                found[relative] = (stat.st_size, stat.st_mtime_ns)
    return found


def remote_files(filesystem: pafs.FileSystem, root: str) -> dict[str, int]:
    """The mirror's files under the mirrored folders, with their sizes."""
    found: dict[str, int] = {}
    for top in MIRRORED:
        selector = pafs.FileSelector(f"{root}/{top}", recursive=True, allow_not_found=True)
        for info in filesystem.get_file_info(selector):
            if info.type == pafs.FileType.File:
                found[info.path.removeprefix(f"{root}/")] = info.size
    return found


def copy_file(source: Path, filesystem: pafs.FileSystem, target: str) -> None:
    """Copy one file so that a reader sees it whole or not at all."""
    data = source.read_bytes()
    if not isinstance(filesystem, RENAMING_FILE_SYSTEMS):
        with filesystem.open_output_stream(target) as out:  # an object store: one atomic put
            out.write(data)
        return
    parent, name = target.rsplit("/", 1)
    filesystem.create_dir(parent, recursive=True)
    partial = f"{parent}/.{name}.{uuid.uuid4().hex[:8]}.partial"
    with filesystem.open_output_stream(partial) as out:
        out.write(data)
    filesystem.move(partial, target)


def manifest_file(output_dir: Path, uri: str) -> Path:
    key = hashlib.sha256(uri.encode()).hexdigest()[:16]
    return layout.mirror_dir(output_dir) / f"{key}.json"


def read_manifest(path: Path) -> Manifest:
    if not path.exists():
        return Manifest()
    document = json.loads(path.read_text(encoding="utf-8"))
    copied = {name: (stamp[0], stamp[1]) for name, stamp in document["copied"].items()}
    return Manifest(set(document["owned"]), copied)


def write_manifest(manifest: Manifest, path: Path, uri: str) -> None:
    document = {
        "uri": redacted(uri),
        "owned": sorted(manifest.owned),
        "copied": {name: list(stamp) for name, stamp in sorted(manifest.copied.items())},
    }
    write_json(document, path)

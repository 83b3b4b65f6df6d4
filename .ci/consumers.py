#!/usr/bin/env python3
"""Independent consumers of a Tally release, run by .ci/run in its own venv.

usage: consumers.py RELEASE_DIR

Checks, with tools that share no code with Tally:
  1. Python `jsonschema`: every released schema is a valid draft 2020-12
     schema, and every record of articles/claims/events/corrections.jsonl and
     dataset.json validates (Draft202012Validator, format checking on).
  2. `frictionless validate datapackage.json` reports the package VALID.
  3. DuckDB reads events.jsonl and events.csv with the row counts `wc -l` gives.
Prints what it checked; exits 1 on the first family of failures found.
"""
import json
import subprocess
import sys
from pathlib import Path

RECORD_FILES = {
    "articles.jsonl": "article.schema.json",
    "claims.jsonl": "claim.schema.json",
    "events.jsonl": "event.schema.json",
    "corrections.jsonl": "correction.schema.json",
}


def fail(message):
    print(f"consumers: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def line_count(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def check_jsonschema(release):
    from jsonschema import Draft202012Validator

    def validator(schema_file):
        schema = json.loads((release / schema_file).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)

    errors = []
    for data_file, schema_file in RECORD_FILES.items():
        v = validator(schema_file)
        records = 0
        with open(release / data_file, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                records += 1
                for e in v.iter_errors(json.loads(line)):
                    errors.append(f"{data_file}:{n}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
        print(f"jsonschema: {data_file}: {records} records checked against {schema_file}")
    dataset = json.loads((release / "dataset.json").read_text(encoding="utf-8"))
    for e in validator("dataset.schema.json").iter_errors(dataset):
        errors.append(f"dataset.json: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
    print("jsonschema: dataset.json checked against dataset.schema.json")
    if errors:
        print("\n".join(errors[:50]), file=sys.stderr)
        fail(f"jsonschema: {len(errors)} violation(s)")


def check_frictionless(release):
    bin_dir = Path(sys.executable).parent
    done = subprocess.run(
        [str(bin_dir / "frictionless"), "validate", "datapackage.json"],
        cwd=release,
        capture_output=True,
        text=True,
    )
    print(done.stdout.strip())
    if done.returncode != 0 or "VALID" not in done.stdout or "INVALID" in done.stdout:
        print(done.stderr, file=sys.stderr)
        fail("frictionless: the data package is not VALID")
    print("frictionless: datapackage.json VALID")


def check_duckdb(release):
    import duckdb

    con = duckdb.connect()
    jsonl = release / "events.jsonl"
    expected = line_count(jsonl)
    if expected == 0:
        # Nothing to infer a schema from: name one column so the read still runs.
        got = con.execute(
            "select count(*) from read_json(?, format='newline_delimited', columns={'id': 'VARCHAR'})",
            [str(jsonl)],
        ).fetchone()[0]
    else:
        got = con.execute(
            "select count(*) from read_json(?, format='newline_delimited')", [str(jsonl)]
        ).fetchone()[0]
    print(f"duckdb: events.jsonl: {got} rows (wc -l: {expected})")
    if got != expected:
        fail("duckdb: events.jsonl row count differs from its line count")

    csv = release / "events.csv"
    expected = line_count(csv) - 1  # the header
    got = con.execute("select count(*) from read_csv(?, header=true)", [str(csv)]).fetchone()[0]
    print(f"duckdb: events.csv: {got} rows (wc -l minus header: {expected})")
    if got != expected:
        fail("duckdb: events.csv row count differs from its line count")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    release = Path(sys.argv[1]).resolve()
    check_jsonschema(release)
    check_frictionless(release)
    check_duckdb(release)
    print("consumers: all independent checks passed")


if __name__ == "__main__":
    main()

"""Read a dev set with a schema of other names and paraphrased descriptions, and score it as the original.

    python benchmarks/paraphrased.py ../shared/datasets/sroie benchmarks/paraphrased/sroie.json OUT --jobs 2

The paraphrase file holds a schema whose field names and descriptions are not the dev set's (``seller`` for
``company``, "Final amount the customer had to pay" for the total) and the map from its names to the dev
set's. The engine reads every document with that schema (``OUT/pred``); the predictions, renamed back, are
scored against the dev set's own schema (``OUT/report.md``)."""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

from groundex.evaluate.report import markdown, summary
from groundex.evaluate.run import evaluate

_META = "_metadata"


def _renamed(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, list):
        return [_renamed(v, names) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, inner in value.items():
        base = key[: -len(_META)] if key.endswith(_META) else key
        new = names.get(base, base) + (_META if key.endswith(_META) else "")
        out[new] = inner if key.endswith(_META) else _renamed(inner, names)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path, help="dev set folder (gt.jsonl, schema.json)")
    parser.add_argument("paraphrase", type=Path, help="JSON with the paraphrased schema and its field map")
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--ocr-cache")
    args = parser.parse_args()
    spec = json.loads(args.paraphrase.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    schema = args.out / "schema.json"
    schema.write_text(json.dumps(spec["schema"]), encoding="utf-8")
    pred, renamed = args.out / "pred", args.out / "renamed"
    gt = args.dataset / "gt.jsonl"
    evaluate(gt, schema=str(schema), jobs=args.jobs, ocr_cache=args.ocr_cache, predictions=pred)
    shutil.rmtree(renamed, ignore_errors=True)
    renamed.mkdir()
    for path in pred.iterdir():
        if path.suffix != ".json":
            shutil.copy(path, renamed / path.name)
            continue
        record = json.loads(path.read_text(encoding="utf-8"))
        record["response"] = _renamed(record["response"], spec["fields"])
        (renamed / path.name).write_text(json.dumps(record), encoding="utf-8")
    scored = evaluate(gt, schema=str(args.dataset / "schema.json"), from_predictions=renamed, progress=False)
    command = shlex.join(["python", "benchmarks/paraphrased.py", *sys.argv[1:]])
    (args.out / "report.md").write_text(markdown(scored, command), encoding="utf-8")
    print(summary(scored))


if __name__ == "__main__":
    main()

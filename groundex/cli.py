"""The ``groundex`` command line."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from groundex.errors import GroundexError

OCR_CHOICES = ("auto", "tesseract", "rapidocr")
BACKEND_CHOICES = ("local", "vlm", "hybrid")
ENV_API_KEYS = "GROUNDEX_API_KEYS"
ENV_WEBHOOK_SECRET = "GROUNDEX_WEBHOOK_SECRET"


def _ocr_flag(parser: argparse.ArgumentParser) -> None:
    """``--ocr`` of the commands that read documents (extract, eval, serve)."""
    parser.add_argument(
        "--ocr", choices=OCR_CHOICES, default="auto", help="OCR engine for pages without text"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="groundex", description="Grounded document extraction.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ext = sub.add_parser("extract", help="extract a schema from an image or PDF, with boxes and confidence")
    ext.add_argument("file", metavar="FILE", help="image (JPEG, PNG, TIFF, WebP, BMP, GIF) or PDF")
    which = ext.add_mutually_exclusive_group(required=True)
    which.add_argument("--domain", metavar="NAME", help="a named domain, e.g. document.us-drivers-license")
    which.add_argument(
        "--schema", metavar="PATH_OR_MODULE:MODEL", help="JSON Schema file or package.module:Model"
    )
    ext.add_argument("-o", "--output", metavar="OUT.json", help="write the JSON here instead of stdout")
    ext.add_argument(
        "--annotate", metavar="OUT.png", help="write the page(s) with every grounded field boxed"
    )
    ext.add_argument("--pages", metavar="0,2-3", help="0-based pages to read (default: all)")
    _ocr_flag(ext)
    ext.add_argument("--no-grounding", action="store_true", help="leave boxes out of the metadata")
    ext.add_argument("--password", metavar="PW", help="password of an encrypted PDF")
    _model_flags(ext, "--api-key")

    ev = sub.add_parser("eval", help="run the pipeline on a gt.jsonl dataset and score it")
    ev.add_argument("gt", metavar="GT.jsonl", help="ground truth, one JSON document per line")
    schema = ev.add_mutually_exclusive_group(required=True)
    schema.add_argument("--schema", metavar="PATH", help="JSON Schema file (or a domain / module:Model)")
    schema.add_argument(
        "--schema-per-doc", action="store_true", help="build each schema with make_funsd_schema.py beside GT"
    )
    ev.add_argument("--limit", type=int, metavar="N", help="only the first N documents")
    ev.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    _ocr_flag(ev)
    ev.add_argument("--report", metavar="OUT.md", help="write the markdown report here")
    ev.add_argument("--predictions", metavar="DIR", help="write each PredictionResponse to DIR/<id>.json")
    ev.add_argument(
        "--from-predictions", metavar="DIR", help="score DIR/<id>.json instead of running the pipeline"
    )
    ev.add_argument("--annotate-failures", metavar="DIR", help="write a PNG per document with failures")
    ev.add_argument(
        "--ocr-cache",
        metavar="DIR",
        help="keep OCR results in DIR and reuse them (stale once the OCR code changes)",
    )

    cal = sub.add_parser("calibrate", help="fit the confidence calibration on runs of `eval --predictions`")
    cal.add_argument("runs", nargs="+", metavar="DIR", help="predictions directories of labelled eval runs")
    cal.add_argument("--out", metavar="OUT.json", help="write the fitted calibration here")
    cal.add_argument("--hi-precision", type=float, default=0.985, metavar="P", help="target for hi")
    cal.add_argument("--med-precision", type=float, default=0.7, metavar="P", help="target for med")

    srv = sub.add_parser("serve", help="run the VLM Run-compatible REST server (and the playground)")
    srv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine)")
    srv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    srv.add_argument(
        "--data-dir", metavar="DIR", help="where files and predictions are kept (default $GROUNDEX_DATA_DIR"
        " or ~/.local/share/groundex)",
    )  # fmt: skip
    srv.add_argument(
        "--api-key", action="append", metavar="KEY", help="require Authorization: Bearer KEY (repeatable; or"
        f" {ENV_API_KEYS}=k1,k2)",
    )  # fmt: skip
    srv.add_argument("--webhook-secret", metavar="SECRET", help=f"sign callbacks (or {ENV_WEBHOOK_SECRET})")
    srv.add_argument("--workers", type=int, default=1, metavar="N", help="extraction processes (default 1)")
    _ocr_flag(srv)
    srv.add_argument("--max-upload-mb", type=float, default=25.0, metavar="MB", help="upload cap (25)")
    srv.add_argument("--max-pages", type=int, default=50, metavar="N", help="pages per document (default 50)")
    srv.add_argument("--timeout", type=float, default=120.0, metavar="S", help="time limit per prediction")
    srv.add_argument(
        "--allow-private-urls", action="store_true", help="let URL inputs and callbacks reach private hosts"
    )
    _model_flags(srv, "--model-api-key")

    sub.add_parser("domains", help="list the named domains")
    sub.add_parser("engines", help="list the OCR engines and whether each is usable here")
    return parser


def _model_flags(parser: argparse.ArgumentParser, key_flag: str) -> None:
    """``--backend`` and the flags of the model endpoint it may use (its key under ``key_flag``)."""
    group = parser.add_argument_group("model backend (any OpenAI-compatible server)")
    group.add_argument(
        "--backend", choices=BACKEND_CHOICES, default="local",
        help="local: OCR + layout (default); vlm: a model reads the fields; hybrid: the model reads only"
        " what local left empty or low",
    )  # fmt: skip
    group.add_argument("--model", metavar="NAME", help="model name, e.g. Qwen/Qwen2.5-VL-7B-Instruct")
    group.add_argument("--base-url", metavar="URL", help="endpoint, e.g. http://localhost:8000/v1")
    group.add_argument(
        key_flag, dest="model_api_key", metavar="KEY",
        help="the model server's API key (or $GROUNDEX_VLM_API_KEY, $OPENAI_API_KEY)",
    )  # fmt: skip
    group.add_argument(
        "--vlm-images", action=argparse.BooleanOptionalAction, default=True,
        help="send the page images with the OCR lines (default: yes)",
    )  # fmt: skip
    group.add_argument("--vlm-timeout", type=float, default=120.0, metavar="S", help="per request (120)")
    group.add_argument(
        "--strict", action="store_true", help="drop model values that are printed nowhere in the document"
    )


def _model_options(args: argparse.Namespace) -> dict[str, Any]:
    from groundex.errors import UsageError

    if args.backend != "local" and not args.model:
        raise UsageError(f"--backend {args.backend} needs --model")
    if args.vlm_timeout <= 0:
        raise UsageError("--vlm-timeout must be positive")
    return {
        "backend": args.backend,
        "model": args.model,
        "base_url": args.base_url,
        "api_key": args.model_api_key,
        "vlm_images": args.vlm_images,
        "vlm_timeout": args.vlm_timeout,
        "strict": args.strict,
    }


def _extract(args: argparse.Namespace) -> int:
    from groundex.pipeline import Extractor, pages_arg

    pages = pages_arg(args.pages) if args.pages else None
    schema = args.domain if args.domain else args.schema
    if args.schema and not (Path(args.schema).exists() or ":" in args.schema):
        from groundex.errors import SchemaError

        raise SchemaError(f"schema {args.schema!r} is neither a file nor package.module:Model")
    extractor = Extractor(
        ocr=args.ocr,
        pages=pages,
        grounding=not args.no_grounding,
        password=args.password,
        **_model_options(args),
    )
    prediction = extractor.extract(Path(args.file), schema)
    text = json.dumps(prediction.to_vlmrun(), indent=2, ensure_ascii=False)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    if args.annotate:
        images = prediction.annotate()
        out = Path(args.annotate)
        if len(images) == 1:
            images[0].save(out)
        else:
            for page, image in zip(prediction.document.pages, images, strict=True):
                image.save(out.with_name(f"{out.stem}-p{page.index}{out.suffix or '.png'}"))
    for warning in prediction.warnings:
        print(f"groundex: warning: {warning}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace) -> int:
    from groundex.errors import UsageError
    from groundex.evaluate.failures import write_failures
    from groundex.evaluate.report import markdown, summary
    from groundex.evaluate.run import evaluate, safe_id

    gt = Path(args.gt)
    if not gt.is_file():
        raise UsageError(f"no ground-truth file {args.gt}")
    if args.jobs < 1 or (args.limit is not None and args.limit < 0):
        raise UsageError("--jobs must be >= 1 and --limit >= 0")
    result = evaluate(
        gt,
        schema=args.schema,
        per_doc=args.schema_per_doc,
        limit=args.limit,
        jobs=args.jobs,
        ocr=args.ocr,
        ocr_cache=args.ocr_cache,
        predictions=Path(args.predictions) if args.predictions else None,
        from_predictions=Path(args.from_predictions) if args.from_predictions else None,
    )
    if args.report:
        command = shlex.join(["groundex", *args.argv])
        Path(args.report).write_text(markdown(result, command), encoding="utf-8")
    if args.annotate_failures:
        out = Path(args.annotate_failures)
        for doc in result.docs:
            failures = [o for o in result.outcomes if o.doc == doc.id and o.failed]
            if failures and doc.id not in result.errors:
                write_failures(doc.image, failures, out, safe_id(doc.id))
    print(summary(result))
    return 0


def _calibrate(args: argparse.Namespace) -> int:
    from groundex.evaluate.fit import calibration_json, fit, read_rows, report

    rows = read_rows(Path(r) for r in args.runs)
    cal, sizes = fit(rows, args.hi_precision, args.med_precision)
    print(f"fitted on {sizes['tune']} values, {sizes['held_out']} held out: hi >= {cal.hi}, med >= {cal.med}")
    print("\n".join(report(cal, rows)))
    if args.out:
        Path(args.out).write_text(calibration_json(cal, sizes, args.runs), encoding="utf-8")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from groundex.errors import UsageError
    from groundex.server.app import create_app
    from groundex.server.settings import Settings, split_keys

    if args.workers < 1 or args.max_pages < 1 or args.timeout <= 0 or args.max_upload_mb <= 0:
        raise UsageError("--workers, --max-pages, --timeout and --max-upload-mb must be positive")
    default_dir = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "groundex"
    data_dir = Path(args.data_dir or os.environ.get("GROUNDEX_DATA_DIR") or default_dir)
    keys = tuple(args.api_key or ()) or split_keys(os.environ.get(ENV_API_KEYS))
    settings = Settings(
        data_dir=data_dir,
        api_keys=keys,
        webhook_secret=args.webhook_secret or os.environ.get(ENV_WEBHOOK_SECRET) or None,
        workers=args.workers,
        ocr=args.ocr,
        max_upload_bytes=int(args.max_upload_mb * 1024 * 1024),
        max_pages=args.max_pages,
        request_timeout=args.timeout,
        allow_private_urls=args.allow_private_urls,
        model_options=_model_options(args),
    )
    if not keys and args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"groundex: warning: serving on {args.host} without an API key", file=sys.stderr)
    print(f"groundex: serving http://{args.host}:{args.port}/ (API /v1, docs /docs, data {data_dir})",
          file=sys.stderr)  # fmt: skip
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
    return 0


def _domains() -> int:
    from groundex.domains import domain_names

    for name in domain_names():
        print(name)
    return 0


def _engines() -> int:
    from groundex.ocr import engine_status

    for name, ok, reason in engine_status():
        print(f"{name:<10} {'usable' if ok else 'unavailable':<12} {reason}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; exit 0 on success, 1 on a document/schema problem, 2 on bad usage."""
    args = _parser().parse_args(argv)
    args.argv = list(argv) if argv is not None else sys.argv[1:]
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "eval":
            return _eval(args)
        if args.command == "calibrate":
            return _calibrate(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "domains":
            return _domains()
        return _engines()
    except GroundexError as exc:
        print(f"groundex: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("groundex: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("GROUNDEX_DEBUG"):
            raise
        reason = " ".join(str(exc).split()) or type(exc).__name__
        print(f"groundex: internal error: {type(exc).__name__}: {reason}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

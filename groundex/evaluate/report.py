"""The markdown report and the compact stdout summary of an evaluation."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from datetime import datetime

from groundex.evaluate.fit import held_out
from groundex.evaluate.metrics import BUCKETS, Metrics, by_field, metrics
from groundex.evaluate.run import Evaluation
from groundex.evaluate.score import Outcome

NORMALIZATION = " ".join(
    (
        "Values: case-insensitive, dashes and underscores after a word read as spaces, whitespace collapsed",
        "(removed when the gt has no spaces, and next to punctuation), punctuation stripped at the ends;",
        "dates compared as dates (an ambiguous day/month",
        "order matches either reading; a weekday or time next to the date is ignored); amounts compared as",
        "numbers (currency symbols and codes ignored). A value equal to a gt alternative counts as correct.",
        "A null for a field absent in gt is correct; a value for it is a false positive.",
        "ANLS: 1 - normalized Levenshtein, 0 below 0.5.",
        "Schema property -> gt field: same name, else same name ignoring case, else the property's `title`;",
        "list rows (WildReceipt `Prod_item/Prod_quantity/Prod_price` -> `items[].name/quantity/price`) are",
        "paired by vertical overlap of their boxes (in top-to-bottom order when a column has one entry per",
        "item, each within 3/4 of a line of it: slanted photos, or on the line under it and on no other",
        "item's line; entries of a row without a name pair with each other) and aligned to predicted rows by",
        "value similarity and box IoU. Grounding: a correct value is a hit when the union of its boxes per",
        "page has IoU >= 0.5 with the union of the boxes of its gt value or of an alternative with the same",
        "value. Unsupported: a returned box that overlaps no gt word sharing characters with its content",
        "(partial_ratio >= 60).",
    )
)


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f} %"


def _quantile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def speed(ev: Evaluation) -> dict[str, float | None]:
    per_page = [r.seconds / r.pages for r in ev.runs.values() if r.error is None and r.pages]
    rss = max((r.peak_rss_kb for r in ev.runs.values()), default=0)
    return {
        "p50": _quantile(per_page, 0.5),
        "p95": _quantile(per_page, 0.95),
        "wall": ev.wall_seconds,
        "rss_mb": rss / 1024 if rss else None,
    }


def overall_rows(m: Metrics, ev: Evaluation | None = None) -> list[tuple[str, str]]:
    """The overall metrics, and the speed of the run when ``ev`` ran the pipeline."""
    rows = [
        ("value accuracy (all slots)", pct(m.value_accuracy)),
        (
            "value accuracy (fields present in gt)",
            f"{pct(m.present_accuracy)} ({m.correct_present}/{m.present})",
        ),
        ("ANLS", "-" if m.anls is None else f"{m.anls:.3f}"),
        ("ground hit (IoU >= 0.5, of correct values)", pct(m.ground_hit)),
        ("mean IoU (of correct values)", "-" if m.mean_iou is None else f"{m.mean_iou:.3f}"),
        ("page accuracy (of correct values)", pct(m.page_accuracy)),
    ]
    rows += [
        (f"`{b}`: share of returned / precision", f"{pct(m.bucket_share[b])} / {pct(m.bucket_precision[b])}")
        for b in BUCKETS
    ]
    rows += [
        ("wrong values reported `hi`", pct(m.wrong_hi)),
        ("false positives (value where gt has none)", str(m.false_positives)),
        ("unsupported boxes (box overlaps none of its content)", str(m.unsupported)),
        ("returned with `bboxes: []`", str(m.boxless)),
    ]
    if ev is not None and ev.runs:
        s = speed(ev)
        fmt = "-" if s["p50"] is None else f"{s['p50']:.2f} / {s['p95']:.2f}"
        rows += [
            ("seconds per page p50 / p95", fmt),
            ("total wall time", f"{ev.wall_seconds:.0f} s"),
            ("peak RSS of a worker", "-" if s["rss_mb"] is None else f"{s['rss_mb']:.0f} MB"),
        ]
    return rows


def _cell(value: object, width: int = 60) -> str:
    text = "null" if value is None else " ".join(str(value).split())
    text = text.replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def field_table(outcomes: Sequence[Outcome]) -> list[str]:
    lines = [
        "| field | in gt | returned | value acc | ANLS | ground hit | mean IoU | false pos | `hi` prec. |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in by_field(outcomes).items():
        iou = "-" if m.mean_iou is None else f"{m.mean_iou:.2f}"
        anls = "-" if m.anls is None else f"{m.anls:.3f}"
        lines.append(
            f"| `{_cell(name, 48)}` | {m.present} | {m.returned} | {pct(m.present_accuracy)} | {anls} | "
            f"{pct(m.ground_hit)} | {iou} | {m.false_positives} | {pct(m.bucket_precision['hi'])} |"
        )
    return lines


def _failure(o: Outcome) -> str:
    if o.correct:
        reason = f"ungrounded (IoU {o.iou or 0:.2f})"
    elif o.false_positive:
        reason = "false positive"
    elif not o.returned:
        reason = "missing"
    else:
        reason = "wrong value"
    row = "" if o.row is None else f" row {o.row}"
    return (
        f"| `{_cell(o.doc, 40)}`{row} | {_cell(o.expected)} | {_cell(o.predicted)} | "
        f"{o.bucket or '-'} | {reason} |"
    )


def worst_fields(outcomes: Sequence[Outcome], fields: int = 6, examples: int = 8) -> list[str]:
    stats = by_field(outcomes)
    ranked = sorted(
        (n for n, m in stats.items() if m.present or m.false_positives),
        key=lambda n: (stats[n].present_accuracy if stats[n].present_accuracy is not None else 1.0,
                       -stats[n].present - stats[n].false_positives),
    )  # fmt: skip
    lines: list[str] = []
    for name in ranked[:fields]:
        fails = [o for o in outcomes if o.field == name and o.failed]
        if not fails:
            continue
        m = stats[name]
        lines += [
            "",
            f"**`{name}`** — {pct(m.present_accuracy)} correct, {len(fails)} failures",
            "",
            "| doc | expected | predicted | conf | why |",
            "|---|---|---|---|---|",
        ]
        lines += [_failure(o) for o in fails[:examples]]
    return lines


def _held_out(outcomes: Sequence[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if held_out(o.doc)]


def causes(ev: Evaluation) -> list[str]:
    """Wrong or missing values split by whether the read text holds the gt value at all (else no locator
    could find it: an OCR misread, or a value the reader missed), per field."""
    if not ev.runs:
        return ["(predictions read back from files: the read text is not known)"]
    rows = ["| field | wrong or missing | gt value not in the read text | in the text, not located |",
            "|---|---:|---:|---:|"]  # fmt: skip
    per: dict[str, list[bool]] = {}
    for o in ev.outcomes:
        run = ev.runs.get(o.doc)
        if o.present and not o.correct and run is not None and run.error is None:
            per.setdefault(o.field, []).append(o.expected in run.unread)
    for name, flags in [*sorted(per.items()), ("all", [f for v in per.values() for f in v])]:
        unread = sum(flags)
        rows.append(f"| `{name}` | {len(flags)} | {unread} ({pct(unread / max(len(flags), 1))}) | "
                    f"{len(flags) - unread} |")  # fmt: skip
    return rows


def markdown(ev: Evaluation, command: str) -> str:
    """The full report."""
    m = metrics(ev.outcomes)
    lines = [
        "# groundex eval",
        "",
        f"- command: `{command}`",
        f"- date: {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        f"- documents: {len(ev.docs)} ({len(ev.errors)} failed), slots scored: {m.slots}, present in gt: "
        f"{m.present}, returned: {m.returned}, gt fields outside the schema: {ev.unmapped}",
        "",
        NORMALIZATION,
        "",
        "## Overall",
        "",
        "The held-out half (`groundex.evaluate.fit.held_out`) is the fixed half of the documents that",
        "tuning and the calibration fit never see.",
        "",
        "| metric | all | held-out half |",
        "|---|---:|---:|",
    ]
    held = dict(overall_rows(metrics(_held_out(ev.outcomes))))
    lines += [f"| {k} | {v} | {held.get(k, '')} |" for k, v in overall_rows(m, ev)]
    lines += ["", "## Per field", "", *field_table(ev.outcomes)]
    lines += ["", "## Failures by cause", "", *causes(ev)]
    lines += ["", "## Worst fields", *worst_fields(ev.outcomes)]
    if ev.errors:
        lines += ["", "## Documents that failed", ""]
        lines += [f"- `{doc}`: {_cell(err, 200)}" for doc, err in sorted(ev.errors.items())]
    return "\n".join(lines) + "\n"


def summary(ev: Evaluation) -> str:
    """A few lines for the terminal."""
    m = metrics(ev.outcomes)
    s = speed(ev)
    lines = [
        f"docs {len(ev.docs)} (errors {len(ev.errors)})  slots {m.slots}  present {m.present}  "
        f"returned {m.returned}",
        f"value acc {pct(m.value_accuracy)} (present {pct(m.present_accuracy)})  ANLS "
        f"{'-' if m.anls is None else f'{m.anls:.3f}'}  ground hit {pct(m.ground_hit)}  mean IoU "
        f"{'-' if m.mean_iou is None else f'{m.mean_iou:.3f}'}  page acc {pct(m.page_accuracy)}",
        "  ".join(f"{b} {pct(m.bucket_share[b])}/{pct(m.bucket_precision[b])}" for b in BUCKETS)
        + f"  wrong-but-hi {pct(m.wrong_hi)}",
        f"false positives {m.false_positives}  unsupported boxes {m.unsupported}  empty bboxes {m.boxless}",
    ]
    h = metrics(_held_out(ev.outcomes))
    lines.append(
        f"held-out half: value acc {pct(h.value_accuracy)}  ground hit {pct(h.ground_hit)}  "
        f"hi {pct(h.bucket_share['hi'])}/{pct(h.bucket_precision['hi'])}"
    )
    if ev.runs and s["p50"] is not None:
        rss = "-" if s["rss_mb"] is None else f"{s['rss_mb']:.0f} MB"
        lines.append(
            f"s/page p50 {s['p50']:.2f} p95 {s['p95']:.2f}  wall {ev.wall_seconds:.0f} s  peak RSS {rss}"
        )
    return "\n".join(lines)

"""The command line: ``python -m assistant index|search|flows|timeline|summary|redact|purge|eval``.

``index``, ``search --json``, ``flows --json``, ``timeline --json``, ``summary`` and ``redact``
are a contract other tools rely on; keep their output exactly as documented in the README.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.errors import AssistantError


def _settings():
    from assistant.config import load_settings

    return load_settings()


def _audit(settings, action: str, pathway: str | None = None, documents=None) -> None:
    """Note a command's action in the audit log (never its input)."""
    import uuid

    from assistant.privacy.audit import AuditLog, policy_versions

    AuditLog(settings).record(f"cli-{uuid.uuid4().hex[:12]}", action, pathway,
                              policy_versions(documents) if documents else None)


def cmd_index(args) -> int:
    from assistant.search.index import PolicyIndex

    settings = _settings()
    index = PolicyIndex(settings)
    report = index.rebuild(progress=not args.quiet) if args.rebuild else index.sync(progress=not args.quiet)
    if report.changed or args.rebuild:
        _audit(settings, "reindexed")
    print(f"files indexed: {len(report.indexed) + len(report.unchanged)} "
          f"({len(report.indexed)} updated, {len(report.unchanged)} unchanged, {len(report.removed)} removed)")
    for name in report.indexed:
        print(f"  indexed: {name}")
    print(f"files skipped: {len(report.skipped)}")
    for skipped in report.skipped:
        print(f"  skipped: {skipped.source}: {skipped.reason}")
    print(f"chunks: {report.chunks} ({report.embedded} embedded in this run)")
    print(f"seconds: {report.seconds:.2f}")
    if report.recovered:
        print(f"recovered: {report.recovered}")
    return 0


def cmd_search(args) -> int:
    from assistant.search.index import PolicyIndex
    from assistant.search.retrieval import HybridSearch

    settings = _settings()
    index = PolicyIndex(settings)
    if not index.exists():
        report = index.sync(progress=False)
        for skipped in report.skipped:
            print(f"skipped: {skipped.source}: {skipped.reason}", file=sys.stderr)
    search = HybridSearch(index, settings)
    _audit(settings, "asked_question")
    for question in args.questions:
        result = search.search(question, args.k)
        if args.json:
            print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
            continue
        print(f"Q: {question}")
        if not result.covered:
            print("  The indexed policies do not cover this. Ask the CP chair or check the full procedures.\n")
            continue
        for p in result.passages:
            print(f"  [{p.title} › {p.section}] ({p.source})\n    {p.text}\n")
    return 0


def cmd_eval(args) -> int:
    from assistant.search.evaluation import evaluate, format_table

    sizes = [int(s) for s in args.chunk_sizes.split(",")] if args.chunk_sizes else [_settings().chunk_size]
    kwargs = {"gold_file": Path(args.gold)} if args.gold else {}
    print(format_table(evaluate(_settings(), sizes, baselines=not args.no_baselines,
                                configured_threshold=args.configured_threshold, **kwargs)))
    return 0


def cmd_flows(args) -> int:
    from assistant.casework.pathways import load_pathways

    pathways = load_pathways()
    if args.json:
        print(json.dumps({"pathways": [p.to_json() for p in pathways.values()]}, ensure_ascii=False))
        return 0
    for pathway in pathways.values():
        print(f"{pathway.id}: {pathway.title}")
        for step in pathway.steps:
            print(f"  {step.title}")
            for item in step.items:
                print(f"    [{item.role}] {item.id}: {' '.join(item.text.split())}")
            if step.branch is not None:
                print(f"    [{step.branch.role}] {step.branch.id}: {step.branch.question}")
    return 0


def cmd_timeline(args) -> int:
    from assistant.cli.timeline import build_timeline_json

    result = build_timeline_json(
        args.pathway, start=args.start, conference=args.conference, conference_15=args.conference_15,
        conference_21=args.conference_21, previous_start=args.previous_start, previous_end=args.previous_end,
        new_icpc=args.new_icpc,
    )
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for m in result["milestones"]:
            print(f"{m['due']:<17} {m['id']:<20} {m['label']}")
    return 0


def cmd_summary(args) -> int:
    from pathlib import Path

    from assistant.casework.checklist import summarise
    from assistant.casework.drafts import load_draft
    from assistant.casework.export import write

    settings = _settings()
    draft = load_draft(Path(args.draft))
    summary = summarise(draft, settings)
    out = write(summary, args.format, Path(args.out))
    _audit(settings, "exported_summary", summary.pathway_id, summary.policy_documents)
    print(f"summary written: {out} ({args.format}, {len(summary.items)} items, {len(summary.open_gaps)} open gaps)")
    print(summary.readiness)
    return 0


def cmd_purge(args) -> int:
    from assistant.privacy.retention import purge

    settings = _settings()
    days = args.days if args.days is not None else settings.retention_days
    report = purge(settings, days, dry_run=args.dry_run)
    verb = "would remove" if args.dry_run else "removed"
    print(f"retention: {days} days (older than {report.cutoff.isoformat(timespec='seconds')})")
    print(f"drafts {verb}: {len(report.drafts)}")
    for name in report.drafts:
        print(f"  {name}")
    print(f"exports {verb}: {len(report.exports)}")
    for name in report.exports:
        print(f"  {name}")
    print(f"audit entries {verb}: {report.audit_entries}")
    return 0


def cmd_redact(args) -> int:
    from assistant.cli import redact as redact_cli

    return redact_cli.run(sys.stdin, sys.stdout, args.lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="CP Pathways Assistant")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build or update the policy index")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again from the knowledge folder")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="find the policy passages that answer a question")
    p.add_argument("questions", nargs="+", metavar="QUESTION")
    p.add_argument("--k", type=int, default=3, help="passages per question (default 3)")
    p.add_argument("--json", action="store_true", help="one JSON object per question, one per line")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("flows", help="the guided pathways: every question with its role, guidance and citations")
    p.add_argument("--json", action="store_true", help='print {"pathways": [...]} with every question as an object')
    p.set_defaults(func=cmd_flows)

    p = sub.add_parser("timeline", help="deadlines for a pathway, from its dates")
    p.add_argument("--pathway", required=True, choices=["step-down", "long-plan", "repeat-plan"])
    p.add_argument("--start", help="plan start (ICPC) date, YYYY-MM-DD")
    p.add_argument("--conference", help="step-down: review conference date and time, YYYY-MM-DDTHH:MM")
    p.add_argument("--conference-15", help="long-plan: actual 15-month conference date, YYYY-MM-DD")
    p.add_argument("--conference-21", help="long-plan: actual 21-month conference date, YYYY-MM-DD")
    p.add_argument("--previous-start", help="repeat-plan: previous plan's start date")
    p.add_argument("--previous-end", help="repeat-plan: previous plan's end date")
    p.add_argument("--new-icpc", help="repeat-plan: the new ICPC date")
    p.add_argument("--json", action="store_true", help='print {"milestones": [{"id", "label", "due"}]}')
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser("summary", help="the checklist summary of a saved draft, as Markdown, JSON, DOCX or PDF")
    p.add_argument("draft", metavar="DRAFT.json", help="a draft saved by the app")
    p.add_argument("--format", required=True, choices=["md", "json", "docx", "pdf"])
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the summary (replaced atomically)")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("purge", help="remove drafts, exports and audit entries older than the retention period")
    p.add_argument("--days", type=int, help="override ASSISTANT_RETENTION_DAYS (at least 1)")
    p.add_argument("--dry-run", action="store_true", help="list what would be removed, remove nothing")
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("redact", help="find and redact personal identifiers in text on standard input")
    p.add_argument("--lines", action="store_true", help="redact each input line separately: one JSON object per line")
    p.set_defaults(func=cmd_redact)

    p = sub.add_parser("eval", help="retrieval quality on the gold set (Recall@3, MRR@10, covered-accuracy)")
    p.add_argument("--chunk-sizes", help="comma-separated chunk sizes to compare (default: the configured one)")
    p.add_argument("--no-baselines", action="store_true")
    p.add_argument("--gold", help="question set (default tests/eval/gold.yaml; tests/eval/heldout.yaml was never tuned on)")
    p.add_argument("--configured-threshold", action="store_true",
                   help="judge 'covered' with ASSISTANT_COVERED_THRESHOLD instead of calibrating on these questions")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "k", 1) < 1:
        print("error: --k must be at least 1", file=sys.stderr)
        return 2
    if getattr(args, "days", None) is not None and args.days < 1:
        print("error: --days must be at least 1", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error worth reporting
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # not ours: say what failed without a wall of traceback
        print(f"error: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1

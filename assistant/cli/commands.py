"""The commands: each reads its arguments, does its work through the package, and prints the contract's output.

The output of ``index``, ``search --json``, ``flows --json``, ``timeline --json``, ``summary`` and
``redact`` is a contract other tools rely on (docs/cli.md): keep it exactly as it is.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.privacy.audit import Action
    from assistant.search.policies import PolicyDocument


def _settings() -> Settings:
    from assistant.config import load_settings

    return load_settings()


def _audit(settings: Settings, action: Action, pathway: str | None = None,
           documents: list[PolicyDocument] | None = None) -> None:
    """Note a command's action in the audit log (never its input)."""
    import uuid

    from assistant.privacy.audit import audit_log as audit_log_for
    from assistant.privacy.audit import policy_versions

    audit_log_for(settings).record(f"cli-{uuid.uuid4().hex[:12]}", action, pathway,
                              policy_versions(documents) if documents else None)


def cmd_index(args: argparse.Namespace) -> int:
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


def cmd_search(args: argparse.Namespace) -> int:
    from assistant.search.index import PolicyIndex
    from assistant.search.relevance_loader import relevance_for
    from assistant.search.retrieval import HybridSearch

    settings = _settings()
    index = PolicyIndex(settings)
    if not index.exists():
        report = index.sync(progress=False)
        for skipped in report.skipped:
            print(f"skipped: {skipped.source}: {skipped.reason}", file=sys.stderr)
    search = HybridSearch(index, settings, relevance=relevance_for(settings))
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


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.search.evaluation import evaluate, format_table

    sizes = [int(s) for s in args.chunk_sizes.split(",")] if args.chunk_sizes else [_settings().chunk_size]
    kwargs = {"gold_file": Path(args.gold)} if args.gold else {}
    if args.fit_covered:
        from assistant.search.covered import MODEL_FILE, RELEVANCE_MODEL_FILE, load_covered_model
        from assistant.search.evaluation import fit_on_gold
        from assistant.search.relevance_loader import installed_problem

        models = fit_on_gold(_settings(), **kwargs)
        load_covered_model.cache_clear()
        for model, path in zip(models, (MODEL_FILE, RELEVANCE_MODEL_FILE)):
            print(f"covered model over {', '.join(model.features)} fitted on {model.fitted_on}; written to {path}")
        if len(models) == 1:
            print(f"(no six-signal model: {installed_problem(_settings())})")
    print(format_table(evaluate(_settings(), sizes, baselines=not args.no_baselines,
                                configured_threshold=args.configured_threshold, **kwargs)))
    return 0


def cmd_train_relevance(args: argparse.Namespace) -> int:
    from assistant.search.relevance_install import train_and_install

    train_and_install(_settings().relevance_folder, write_reference=args.write_reference, if_stale=args.if_stale,
                      log=lambda line: print(line, flush=True))
    return 0


def cmd_flows(args: argparse.Namespace) -> int:
    from assistant.casework.pathways import load_pathways

    pathways = load_pathways(_settings().pathways_dir)
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


def cmd_check_pathways(args: argparse.Namespace) -> int:
    from assistant.casework.pathways.checks import check_pathways

    settings = _settings()
    report = check_pathways(settings.pathways_dir, settings)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


def cmd_coverage(args: argparse.Namespace) -> int:
    from assistant.casework.pathways import load_pathways
    from assistant.casework.pathways.coverage import coverage, format_coverage

    settings = _settings()
    pathways = load_pathways(settings.pathways_dir)
    if args.pathway is not None and args.pathway not in pathways:
        print(f"--pathway must be one of {', '.join(pathways)}; {args.pathway!r} is not one of them.", file=sys.stderr)
        return 2
    chosen = [pathways[args.pathway]] if args.pathway else list(pathways.values())
    documents = coverage(chosen, settings)
    if args.json:
        print(json.dumps({"documents": [d.to_json() for d in documents]}, ensure_ascii=False))
    else:
        print(format_coverage(documents))
    return 0


def cmd_pathway_schema(args: argparse.Namespace) -> int:
    from assistant.casework.pathways.schema import pathway_json_schema

    print(json.dumps(pathway_json_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    from assistant.casework.pathways import load_pathways
    from assistant.cli.timeline import build_timeline_json

    settings = _settings()
    result = build_timeline_json(
        args.pathway, start=args.start, conference=args.conference, conference_15=args.conference_15,
        conference_21=args.conference_21, previous_start=args.previous_start, previous_end=args.previous_end,
        new_icpc=args.new_icpc, region=settings.bank_holiday_region, window_from=settings.repeat_window_from,
        pathways=load_pathways(settings.pathways_dir),
    )
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for m in result["milestones"]:
            print(f"{m['due']:<17} {m['id']:<20} {m['label']}")
            for note in m["notes"]:
                print(f"{'':<17} {'':<20} - {note}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
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


def cmd_purge(args: argparse.Namespace) -> int:
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


def cmd_migrate(args: argparse.Namespace) -> int:
    """Upgrade the drafts database to the latest schema: one line ``database schema: REVISION``."""
    settings = _settings()
    if not settings.database_url:
        print("ASSISTANT_DATABASE_URL is not set: drafts are kept as files, there is no database to upgrade.",
              file=sys.stderr)
        return 2
    from assistant.casework.stores.migrations import migrate
    from assistant.errors import StorageError

    try:
        revision = migrate(settings.database_url)
    except Exception as exc:
        raise StorageError(f"The drafts database could not be upgraded ({type(exc).__name__}).") from None
    print(f"database schema: {revision}")
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    from assistant.cli import redact as redact_cli

    return redact_cli.run(sys.stdin, sys.stdout, args.lines)

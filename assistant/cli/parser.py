"""The command line's arguments: one subcommand per command, each bound to its function in ``commands``."""

from __future__ import annotations

import argparse

from assistant.cli.commands import (
    cmd_check_pathways,
    cmd_coverage,
    cmd_eval,
    cmd_flows,
    cmd_index,
    cmd_migrate,
    cmd_pathway_schema,
    cmd_purge,
    cmd_redact,
    cmd_search,
    cmd_summary,
    cmd_timeline,
    cmd_train_relevance,
)


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

    p = sub.add_parser("check-pathways", help="check every pathway file in ASSISTANT_PATHWAYS_DIR against "
                                              "ASSISTANT_KNOWLEDGE_DIR: schema, routes, verbatim quotes")
    p.set_defaults(func=cmd_check_pathways)

    p = sub.add_parser("coverage", help="for each policy document a pathway cites, every sentence and the items "
                                        "that cite it, and the sentences no item cites")
    p.add_argument("--pathway", help="only this pathway's citations (a pathway id)")
    p.add_argument("--json", action="store_true",
                   help='print {"documents": [{"source", "title", "cited", "sentences", "by_sentence": '
                        '[{"text", "items"}]}]}')
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("pathway-schema", help="print the JSON Schema of a pathway file (shipped as "
                                              "prompts/pathways/pathway.schema.json)")
    p.set_defaults(func=cmd_pathway_schema)

    p = sub.add_parser("timeline", help="deadlines for a pathway, from its dates")
    p.add_argument("--pathway", required=True,
                   help="a pathway id from ASSISTANT_PATHWAYS_DIR (shipped: step-down, long-plan, repeat-plan); "
                        "its file names the dates it asks for and the deadline rules that apply")
    p.add_argument("--start", help="plan start (ICPC) date, YYYY-MM-DD")
    p.add_argument("--conference", help="review conference date and time, YYYY-MM-DDTHH:MM (first-review rule)")
    p.add_argument("--conference-15", help="actual 15-month conference date, YYYY-MM-DD (long-plan-steps rule)")
    p.add_argument("--conference-21", help="actual 21-month conference date, YYYY-MM-DD (long-plan-steps rule)")
    p.add_argument("--previous-start", help="previous plan's start date (repeat-window rule)")
    p.add_argument("--previous-end", help="previous plan's end date (repeat-window rule)")
    p.add_argument("--new-icpc", help="the new ICPC date (repeat-window rule)")
    p.add_argument("--json", action="store_true", help='print {"milestones": [{"id", "label", "due", "notes"}]}')
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

    p = sub.add_parser("migrate", help="create or upgrade the drafts database's schema (ASSISTANT_DATABASE_URL)")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("redact", help="find and redact personal identifiers in text on standard input")
    p.add_argument("--lines", action="store_true", help="redact each input line separately: one JSON object per line")
    p.set_defaults(func=cmd_redact)

    p = sub.add_parser("eval", help="retrieval quality on the gold set (Recall@3, MRR@10, covered-accuracy)")
    p.add_argument("--chunk-sizes", help="comma-separated chunk sizes to compare (default: the configured one)")
    p.add_argument("--no-baselines", action="store_true")
    p.add_argument("--gold",
                   help="question set (default tests/eval/gold.yaml; tests/eval/heldout.yaml was never tuned on)")
    p.add_argument("--configured-threshold", action="store_true",
                   help="judge 'covered' with ASSISTANT_COVERED_CONFIDENCE instead of calibrating on these questions")
    p.add_argument("--fit-covered", action="store_true",
                   help="re-fit the covered model on the question set (gold.yaml: never a set you report on) "
                        "and write assistant/search/covered_model.json")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("train-relevance", help="train the relevance model (about 8 minutes on 2 cores), check it "
                                               "against the one measured, and install it in ASSISTANT_RELEVANCE_DIR")
    p.add_argument("--if-stale", action="store_true",
                   help="do nothing when an intact model checked against this release's reference is installed")
    p.add_argument("--write-reference", metavar="MACHINE",
                   help="development only: write assistant/search/relevance_reference.json from the model trained "
                        "(MACHINE: where it was trained, for the record) instead of checking against it")
    p.set_defaults(func=cmd_train_relevance)
    return parser

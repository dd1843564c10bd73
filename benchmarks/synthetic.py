"""Corpora for the performance benchmark (bench.py): synthetic, policy-like Markdown, and the real policies.

``Prose`` writes varied English from fixed word lists with a seeded random generator, sized so that
one paragraph is exactly one chunk; ``write_synthetic_corpus`` spreads a number of chunks over a
number of Markdown files with front matter and headings, as the knowledge folder has them.
``copy_policies`` copies knowledge/ and the eval distractors into a benchmark folder.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
DISTRACTORS = ROOT / "tests" / "eval" / "distractors"

SUBJECTS = [
    "the social worker", "the allocated social worker", "the CP chair", "the team manager",
    "the service manager", "the core group", "the health visitor", "the school nurse",
    "the designated safeguarding lead", "the family support worker", "the independent reviewing officer",
    "each partner agency", "the police representative", "the midwife", "the GP", "the conference",
    "the parents", "the child's carer", "the multi-agency group", "the early help coordinator",
    "the practice lead", "the legal team", "the housing officer", "the youth worker",
]
VERBS = [
    "should review", "must record", "will consider", "is expected to share", "needs to evidence",
    "should discuss", "must agree", "will revisit", "should challenge", "needs to explain",
    "may escalate", "should update", "must confirm", "will assess", "should monitor",
    "is asked to summarise", "should test", "must not overlook", "will weigh", "can question",
]
OBJECTS = [
    "the child protection plan", "the safety plan", "the outcomes agreed at conference", "the chronology",
    "the family's history with children's social care", "the wishes and feelings of the child",
    "progress against each outcome", "the risk of significant harm", "the strengths within the family network",
    "any missed appointments", "the parenting assessment", "school attendance and health checks",
    "the views of the wider family", "concerns about domestic abuse", "the impact of neglect on the baby",
    "the contingency plan", "information from partner agencies", "the decision to step down",
    "the reasons for any delay", "the report to the review conference", "the lived experience of the child",
    "patterns of substance misuse", "the condition of the home", "the support offered to the parents",
    "the threshold for significant harm", "the minutes of the last core group", "the visiting schedule",
]
ADVERBIALS = [
    "before the review conference", "within ten working days", "at every core group meeting",
    "as soon as new information emerges", "during the statutory visit", "in supervision",
    "on the case recording system", "with the family present", "where there is any doubt",
    "at the midpoint review", "in line with local procedures", "before the plan ends",
    "when concerns persist", "at the initial conference", "after each home visit",
    "in plain language", "together with the parents", "at least every six weeks",
    "before the case is transferred", "when the child is seen alone",
]
CLAUSES = [
    "so that the child's lived experience stays at the centre of planning",
    "because drift and delay increase the risk to the child",
    "and the reasons must be clear to the family",
    "unless the manager agrees otherwise in writing",
    "which helps partners understand what needs to change",
    "while keeping the family informed at each stage",
    "so that nobody relies on the absence of risk alone",
    "and any disagreement is resolved through the escalation route",
    "which should be shared with every agency on the plan",
    "because the same concerns often return after a plan ends",
    "so that progress can be measured rather than assumed",
    "and the outcome is recorded with a clear rationale",
]
CONDITIONS = [
    "concerns have not reduced", "the family disengages", "a new partner joins the household",
    "the child discloses harm", "the plan has lasted more than a year", "agencies disagree about the level of risk",
    "parents withdraw their consent", "a baby is expected", "the child moves school",
    "a previous plan ended within two years", "the home conditions deteriorate", "an agency misses the core group",
]
OPENERS = [
    "In practice,", "As a rule,", "For this reason,", "In most cases,", "At this stage,", "Where possible,",
    "In addition,", "Importantly,", "For example,", "Even so,",
]
COMMON = [
    "time", "work", "people", "information", "meeting", "week", "month", "view", "question", "change",
    "support", "plan", "record", "decision", "family", "home", "school", "health", "report", "evidence",
]
TOPICS = [
    "Step down at first review", "Repeat child protection plans", "Long plans over two years",
    "Core group meetings", "Strategy discussions", "Pre-birth planning", "Supervision and oversight",
    "Neglect", "Domestic abuse", "Working with fathers", "Information sharing", "Escalation and resolution",
    "Contingency planning", "Children missing education", "Parental substance misuse", "Home visits",
    "Disabled children", "Adolescents at risk", "Family group conferences", "Case transfer",
]
SECTION_HEADINGS = [
    "Purpose", "Roles and responsibilities", "Before the conference", "During the conference",
    "After the conference", "Recording and oversight", "Timescales", "Working with families",
    "Quality assurance", "Escalation", "Evidence and analysis", "Partner agencies", "Ending the plan",
    "Reflective practice", "Voice of the child", "Legal planning", "Management decisions",
]


class Prose:
    """Deterministic, varied, policy-like English from a seeded random generator."""

    def __init__(self, rng: random.Random, chunk_size: int = 700):
        self.rng = rng
        # One paragraph must be exactly one chunk: no longer than chunk_size, and (for a
        # chunker that merges short paragraphs) two of them together longer than chunk_size.
        self.hi = min(680, chunk_size - 20)
        self.lo = min(max(360, chunk_size // 2 + 10), self.hi - 80)

    def sentence(self) -> str:
        r = self.rng
        c = r.choice
        kind = r.random()
        if kind < 0.30:
            s = f"{c(SUBJECTS)} {c(VERBS)} {c(OBJECTS)} {c(ADVERBIALS)}."
        elif kind < 0.55:
            s = f"{c(SUBJECTS)} {c(VERBS)} {c(OBJECTS)} {c(ADVERBIALS)}, {c(CLAUSES)}."
        elif kind < 0.70:
            s = f"Where {c(CONDITIONS)}, {c(SUBJECTS)} {c(VERBS)} {c(OBJECTS)}."
        elif kind < 0.82:
            s = f"{c(OPENERS)} {c(SUBJECTS)} {c(VERBS)} {c(OBJECTS)} and {c(OBJECTS)}."
        elif kind < 0.92:
            n = r.choice([3, 6, 9, 12, 15, 18, 21, 24])
            s = (f"At the {n} month review, {c(SUBJECTS)} {c(VERBS)} {c(OBJECTS)}, "
                 f"taking account of the {c(COMMON)} and {c(COMMON)} involved.")
        else:
            s = (f"This guidance explains how {c(SUBJECTS)} and {c(SUBJECTS)} work together on "
                 f"{c(OBJECTS)} {c(ADVERBIALS)}.")
        return s[0].upper() + s[1:]

    def paragraph(self) -> str:
        """Between self.lo and self.hi characters of whole sentences."""
        lo, hi = self.lo, self.hi
        goal = self.rng.randint(lo + 60, hi)
        text = ""
        while len(text) < goal:
            s = self.sentence()
            joined = f"{text} {s}" if text else s
            if len(joined) > hi:
                if len(text) >= lo:
                    break
                continue
            text = joined
        return text

    def title(self) -> str:
        return f"{self.rng.choice(['Guidance on', 'Practice standard:', 'Procedure for', 'Policy on'])} " \
               f"{self.rng.choice(TOPICS).lower()}"


def markdown_file(prose: Prose, paragraphs: int) -> str:
    """One policy-like Markdown file (front matter, title, sections) of ``paragraphs`` one-chunk paragraphs."""
    r = prose.rng
    title = prose.title()
    lines = ["---", f'title: "{title}"', f"version: \"{r.randint(1, 5)}.{r.randint(0, 9)}\"", "---", "",
             f"# {title}", ""]
    left = paragraphs
    while left > 0:
        lines += [f"## {r.choice(SECTION_HEADINGS)}", ""]
        n = min(left, r.randint(2, 6))
        if n >= 4 and r.random() < 0.5:  # some sections get a sub-heading part way
            first = n // 2
            lines += [prose.paragraph() + "\n" for _ in range(first)]
            lines += [f"### {r.choice(SECTION_HEADINGS)}", ""]
            lines += [prose.paragraph() + "\n" for _ in range(n - first)]
        else:
            lines += [prose.paragraph() + "\n" for _ in range(n)]
        left -= n
    return "\n".join(lines)


def write_synthetic_corpus(folder: Path, files: int, chunks: int, seed: int, chunk_size: int) -> None:
    """About ``chunks`` chunks spread over ``files`` files ``synthetic-NNN.md`` in ``folder``; the same for a seed."""
    rng = random.Random(seed)
    prose = Prose(rng, chunk_size)
    base, spread = chunks // files, max(1, chunks // files // 4)
    counts = [max(1, base + rng.randint(-spread, spread)) for _ in range(files)]
    counts[-1] = max(1, counts[-1] + chunks - sum(counts))
    folder.mkdir(parents=True, exist_ok=True)
    for i, n in enumerate(counts):
        (folder / f"synthetic-{i:03d}.md").write_text(markdown_file(prose, n), encoding="utf-8")


def copy_policies(folder: Path) -> Path:
    """knowledge/ and the eval distractors, copied flat into ``folder`` (created); returns ``folder``."""
    folder.mkdir(parents=True)
    for src in (KNOWLEDGE, DISTRACTORS):
        for p in sorted(src.iterdir()):
            if p.is_file():
                shutil.copy2(p, folder / p.name)
    return folder

"""The documentation's relative links resolve, and no tracked file names a machine's own paths.

Checks README.md, CHANGELOG.md and every docs/**/*.md: each relative link or image
(``[text](path)``, ``[text](path#anchor)``, ``![alt](path)``) must point at an existing file,
relative to the file that holds it, and an anchor into another Markdown file must match one of
its headings (GitHub's slugs). Web and mail links and links to an anchor in the same file are
not checked. Links inside code (fenced blocks and `inline code`) are not links.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](dest) and ![alt](dest), with an optional "title"; the text may hold one level of [..].
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^\s()]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")  # http:, https:, mailto:, …


def documentation_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "CHANGELOG.md"]
    files += sorted((ROOT / "docs").rglob("*.md"))
    return [f for f in files if f.is_file()]


def prose_lines(text: str, blank_code: bool = True) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks, with inline code spans blanked unless asked not to."""
    lines, fence = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        opened = FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0] * len(opened.group(1))
            continue
        if fence is not None:
            if line.lstrip().startswith(fence):
                fence = None
            continue
        lines.append((number, INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line) if blank_code else line))
    return lines


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: markup dropped, lower case, punctuation removed, spaces -> '-'."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links and images keep their text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = text.replace("`", "").strip().lower()
    text = "".join(
        ch for ch in text
        if ch in " -" or unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc"
    )
    return text.replace(" ", "-")


def anchors(markdown_file: Path) -> set[str]:
    seen: dict[str, int] = {}
    result = set()
    for _, line in prose_lines(markdown_file.read_text(encoding="utf-8"), blank_code=False):
        match = HEADING.match(line)
        if not match:
            continue
        slug = github_slug(match.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    return result


def links(markdown_file: Path) -> list[tuple[int, str]]:
    found = []
    for number, line in prose_lines(markdown_file.read_text(encoding="utf-8")):
        for match in LINK.finditer(line):
            found.append((number, match.group(1).strip("<>")))
    return found


def broken_links(markdown_file: Path) -> list[str]:
    problems = []
    where = markdown_file.relative_to(ROOT)
    for number, destination in links(markdown_file):
        if EXTERNAL.match(destination) or destination.startswith("#"):
            continue
        path_part, _, anchor = destination.partition("#")
        target = (markdown_file.parent / unquote(path_part)).resolve()
        if not target.exists():
            problems.append(f"{where}:{number}: {destination} -> no such file")
            continue
        if anchor and target.suffix.lower() == ".md" and target.is_file() \
                and unquote(anchor).lower() not in anchors(target):
            problems.append(f"{where}:{number}: {destination} -> no heading '#{anchor}' in {target.name}")
    return problems


def test_the_documentation_files_exist():
    names = {f.relative_to(ROOT).as_posix() for f in documentation_files()}
    assert {"README.md", "CHANGELOG.md"} <= names
    assert any(name.startswith("docs/") for name in names)


def test_every_relative_link_in_the_documentation_resolves():
    problems = [problem for f in documentation_files() for problem in broken_links(f)]
    assert not problems, "Broken links:\n" + "\n".join(problems)


def test_github_slugs():
    assert github_slug("Two commands") == "two-commands"
    assert github_slug("Command line (a contract: other tools rely on it)") == "command-line-a-contract-other-tools-rely-on-it"
    assert github_slug("`index` and `search`") == "index-and-search"
    assert github_slug("0001 — Sentence vectors, one per chunk?") == "0001--sentence-vectors-one-per-chunk"
    assert github_slug("Zoë's [notes](x.md)") == "zoës-notes"


# Built from parts so that this file does not match itself.
MACHINE_PATH = re.compile("/" + "(?:tmp|root|home|work)" + "/")
WORK_TRACKING = re.compile(r"\b" + "issues?" + r" #?\d+\b", re.IGNORECASE)
"""The project's own work-tracking ("issue N's target") does not belong in tracked files."""


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8", "surrogateescape").split("\0")
    files = []
    for name in filter(None, listed):
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the work tree, or a submodule
        head = path.read_bytes()[:8192]
        if b"\0" in head:
            continue  # binary
        files.append(path)
    return files


def test_no_tracked_file_names_a_machine_path_or_a_work_item():
    problems = []
    for path in tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not text
        for number, line in enumerate(text.splitlines(), start=1):
            if MACHINE_PATH.search(line) or WORK_TRACKING.search(line):
                problems.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not problems, "Machine paths or work-item references in tracked files:\n" + "\n".join(problems)

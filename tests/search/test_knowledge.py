"""The shipped policy documents: front matter present, wording verbatim from the seeds."""

import re

import pytest
from helpers.support import ROOT

from assistant.search.readers import split_front_matter

SEEDS = ROOT.parent / "shared" / "seeds"
DOCS = sorted((ROOT / "knowledge").glob("*.md"))


def test_both_policies_are_shipped():
    assert {d.name for d in DOCS} == {"long-plans-over-2-years.md", "step-down-and-repeat-plans.md"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_front_matter(doc):
    meta, body = split_front_matter(doc.read_text("utf-8"))
    assert {"title", "issuing_authority", "version", "original_file"} <= set(meta)
    assert meta["title"] and re.match(r"\d{3}_[0-9a-f]{16}\.txt$", meta["original_file"])
    assert body.lstrip().startswith("# ")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_wording_is_verbatim_from_the_seed(doc):
    meta, body = split_front_matter(doc.read_text("utf-8"))
    seed = SEEDS / meta["original_file"]
    if not seed.exists():
        pytest.skip(f"seed {seed} not present beside this checkout")
    words = [w for w in body.split() if not re.fullmatch(r"#{1,6}", w)]
    assert words == seed.read_text("utf-8").split()

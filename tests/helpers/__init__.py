"""Helpers the tests share: fakes, sample drafts, golden files, the network guard."""

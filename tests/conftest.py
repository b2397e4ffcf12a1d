"""Shared fixtures. Tests never touch the network: models load from installed packages only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
A000 = "000_252fa1e7078f609d"
A001 = "001_cabd7aca0987adce"
A002 = "002_b6ff66564c9d5c20"


@pytest.fixture(scope="session")
def real_embedder():
    from xref.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def seeds_analysis(real_embedder):
    """The seeds run through the whole pipeline once, with the real models."""
    from xref.pipeline import Settings, analyse_corpus

    return analyse_corpus(SEEDS, Settings(cache=None), embedder=real_embedder)


def find_sentence(analysis, article: str, quote: str) -> int:
    hits = [i for i, s in enumerate(analysis.sentences) if s.article == article and quote in s.text]
    assert len(hits) == 1, f"{quote!r} found {len(hits)} times in {article}"
    return hits[0]


def write_corpus(folder: Path, files: dict[str, str]) -> Path:
    """A corpus folder holding ``files`` (name -> text), e.g. two articles and their gold.yaml."""
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder

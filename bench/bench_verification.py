"""Verification at city scale: register import throughput, and code checks as the store grows.

A code or register row is found by one indexed lookup of its HMAC, so checking should cost
about the same with 1,000 or 100,000 stored codes. Prints times and ratios against the smallest
size measured in the same run. Throwaway SQLite database; run with ``make bench``.
"""

import io
import statistics
import time

import _django

_django.setup()

from wagtail.models import Locale  # noqa: E402

from wagtail_participation import verification  # noqa: E402
from wagtail_participation.models import Area, InvitationCode, Participant  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
CHECKS = 200


def register_csv(start, count):
    lines = ["postal_code,house_number,date_of_birth,area"]
    for i in range(start, start + count):
        lines.append(f"30{i % 100:02d},{i},{1 + i % 28:02d}/{1 + i % 12:02d}/{1940 + i % 60},noord")
    return "\n".join(lines).encode()


def main():
    locale = Locale.objects.get_or_create(language_code="en")[0]
    Area.objects.create(name="Noord", slug="noord", postal_codes="3001", locale=locale)
    backend = verification.get_backend("census")
    print(f"{'stored':>8} {'import rows/s':>14} {'code check ms':>14} {'x smallest':>10}")
    imported, baseline = 0, None
    for size in SIZES:
        start = time.perf_counter()
        census_import, errors = backend.import_rows(
            f"extract {size}", io.BytesIO(register_csv(imported, size - imported))
        )
        assert not errors, errors[:3]
        rows_per_second = (size - imported) / (time.perf_counter() - start)
        imported = size
        _, codes = verification.generate_codes(name=f"batch {size}", size=size - InvitationCode.objects.count())
        probes = codes[-CHECKS:]
        timings = []
        for code in probes:
            participant = Participant.new_anonymous()
            t0 = time.perf_counter()
            verification.get_backend("code").verify(participant, {"code": code})
            timings.append(time.perf_counter() - t0)
        check_ms = statistics.median(timings) * 1000
        baseline = baseline or check_ms
        print(f"{size:>8} {rows_per_second:>14.0f} {check_ms:>14.2f} {check_ms / baseline:>10.2f}")


if __name__ == "__main__":
    main()

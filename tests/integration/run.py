"""``make integration``: the release, installed into a brand-new Wagtail site, as docs/integration.md says.

1. ``python -m build`` makes the sdist and the wheel once, without a warning; ``twine check --strict``
   reads their metadata; neither holds the test suite.
2. A new virtualenv gets the wheel (not an editable checkout) under the project's ``constraints.txt``
   (never the site's generated requirements.txt), then ``wagtail start mysite`` and ``migrate``: the
   city's site as it was before the add-on.
3. ``apply_docs.py`` applies sections 2, 3 and 5 (step ``install``); ``check --fail-level WARNING``;
   ``migrate``; section 6 (step ``languages``); ``check`` again.
4. ``site_tests/`` is copied into the site and runs there with ``manage.py test``.

Usage: ``python tests/integration/run.py [--keep]`` with the project's virtualenv (it needs ``build``
and ``twine``, the ``dev`` extra). ``--keep`` leaves the work directory for a look inside.
"""

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SITE_NAME = "mysite"
# setuptools' deprecation notices ("License classifiers are deprecated", "Package ... is absent from
# the packages configuration") fail the build; byte-compiling being off (PYTHONDONTWRITEBYTECODE) does not.
BUILD_WARNING = re.compile(r"^\s*(WARNING\b|warning:|\w+Warning:)")
HARMLESS = re.compile(r"byte-compiling is disabled")


def clean_environment() -> dict:
    """The caller's environment less what would point the site at the work tree or its settings."""
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}}
    env.pop("VIRTUAL_ENV", None)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


class Steps:
    """Runs the commands, timing each stage; the first failure ends the run."""

    def __init__(self, work: Path):
        self.work = work
        self.env = clean_environment()
        self.timings: list[tuple[str, float]] = []

    def run(self, *command, cwd=None):
        print("$", " ".join(str(part) for part in command), flush=True)
        subprocess.run([str(part) for part in command], cwd=cwd or self.work, env=self.env, check=True)

    def output(self, *command, cwd=None) -> str:
        """Run ``command``, echo the end of what it printed and return all of it."""
        print("$", " ".join(str(part) for part in command), flush=True)
        done = subprocess.run(
            [str(part) for part in command],
            cwd=cwd or self.work,
            env=self.env,
            check=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        print("\n".join(done.stdout.splitlines()[-3:]), flush=True)
        return done.stdout

    def stage(self, name, action):
        print(f"\n== {name}", flush=True)
        start = time.monotonic()
        action()
        self.timings.append((name, time.monotonic() - start))


def main(keep: bool) -> int:
    work = Path(tempfile.mkdtemp(prefix="wp-integration-"))
    steps = Steps(work)
    dist, venv, site = work / "dist", work / "venv", work / SITE_NAME
    python = venv / "bin" / "python"
    docs = REPO / "docs" / "integration.md"

    def build():
        output = steps.output(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, REPO, cwd=REPO)
        shutil.rmtree(REPO / "build", ignore_errors=True)  # setuptools' scratch copy
        warnings = [line for line in output.splitlines() if BUILD_WARNING.search(line) and not HARMLESS.search(line)]
        if warnings:
            raise SystemExit("the build warns:\n" + "\n".join(warnings))
        built = sorted(path.name for path in dist.iterdir())
        if len(built) != 2 or not (built[0].endswith(".whl") and built[1].endswith(".tar.gz")):
            raise SystemExit(f"expected one wheel and one sdist, got {built}")
        steps.run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))
        # The release leaves the test suite out: it needs the repository (example site, tests/settings.py).
        with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist, zipfile.ZipFile(next(dist.glob("*.whl"))) as wheel:
            names = [name.split("/", 1)[-1] for name in sdist.getnames()] + wheel.namelist()
        if any(name.startswith(("tests/", "example_site/")) for name in names):
            raise SystemExit("the sdist or the wheel holds tests/ or example_site/")

    def install():
        steps.run(sys.executable, "-m", "venv", venv)
        wheel = next(dist.glob("*.whl"))
        steps.run(python, "-m", "pip", "install", "-q", "-c", REPO / "constraints.txt", wheel)

    def start_site():
        steps.run(venv / "bin" / "wagtail", "start", SITE_NAME)
        steps.run(python, "manage.py", "migrate", "--noinput", "-v", "0", cwd=site)

    def follow_docs():
        steps.run(sys.executable, HERE / "apply_docs.py", docs, site, "install")
        steps.run(python, "manage.py", "check", "--fail-level", "WARNING", cwd=site)
        steps.run(python, "manage.py", "migrate", "--noinput", "-v", "0", cwd=site)
        steps.run(sys.executable, HERE / "apply_docs.py", docs, site, "languages")
        steps.run(python, "manage.py", "check", "--fail-level", "WARNING", cwd=site)

    def site_tests():
        shutil.copytree(HERE / "site_tests", site / "integration_tests")
        steps.run(python, "manage.py", "test", "integration_tests", "--noinput", "-v", "2", cwd=site)

    try:
        steps.stage("build the sdist and the wheel, twine check", build)
        steps.stage("a new virtualenv with the wheel", install)
        steps.stage("wagtail start, migrate", start_site)
        steps.stage("docs/integration.md applied, check, migrate", follow_docs)
        steps.stage("tests inside the site", site_tests)
    except subprocess.CalledProcessError as error:
        print(f"\nFAILED: {error}; the work directory is kept: {work}", file=sys.stderr)
        return 1
    finally:
        print("\n== time per stage")
        for name, seconds in steps.timings:
            print(f"  {seconds:6.1f} s  {name}")
    if keep:
        print(f"work directory: {work}")
    else:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main(keep="--keep" in sys.argv[1:]))

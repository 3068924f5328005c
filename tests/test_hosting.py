"""Hosting and supply chain: the example `_headers`, `make serve` (tools/serve.py), the
example GitHub workflow and the hashed Python lock. The browser side of the headers is in
tests/browser/test_privacy.py."""

from __future__ import annotations

import gzip
import re
import threading
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from macros.config import pyodide_path
from tools import serve

from .conftest import ROOT
from .site_files import require_site

HEADERS_FILE = ROOT / "docs" / "_headers"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def csp_directives(policy: str) -> dict[str, str]:
    return {name: value.strip() for name, _, value in (part.strip().partition(" ") for part in policy.split(";") if part.strip())}


# -- docs/_headers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rules() -> list[serve.HeaderRule]:
    return serve.read_header_rules(HEADERS_FILE)


def test_every_response_carries_the_csp_with_what_a_meta_tag_cannot_say(rules: list[serve.HeaderRule]) -> None:
    site = require_site()
    for path in ["/", "/checker/", "/javascripts/checker-worker.js", f"/{pyodide_path(ROOT)}pyodide.mjs", "/assets/checker/manifest.json", "/nergens/"]:
        found = serve.headers_for(path, rules)
        assert "content-security-policy" in found, path
        csp = csp_directives(found["content-security-policy"][1])
        assert csp["frame-ancestors"] == "'none'"
        assert csp["object-src"] == "'none'"
        assert csp["base-uri"] == csp["form-action"] == "'self'"
        assert csp["default-src"] == csp["connect-src"] == csp["worker-src"] == "'self'"
        # Pyodide needs WebAssembly compiled, never JavaScript eval.
        assert csp["script-src"] == "'self' 'wasm-unsafe-eval'"
        assert "unsafe-inline" not in found["content-security-policy"][1]
    # The <meta> tag in every page is the same policy, less what only a header can carry.
    html = (site / "checker" / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert meta, "de pagina heeft geen CSP-metatag meer (de tweede laag)"
    header = csp_directives(serve.headers_for("/checker/", rules)["content-security-policy"][1])
    assert csp_directives(meta.group(1)) == {k: v for k, v in header.items() if k != "frame-ancestors"}


def test_only_pyodides_versioned_files_are_cached_forever(rules: list[serve.HeaderRule]) -> None:
    site = require_site()
    pyodide = "/" + pyodide_path(ROOT)
    assert re.search(r"/\d+\.\d+\.\d+/$", pyodide), pyodide
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        path = "/" + file.relative_to(site).as_posix()
        cache = serve.headers_for(path, rules).get("cache-control", ("", ""))[1]
        if path.startswith(pyodide):
            assert cache == "public, max-age=31536000, immutable", path
        else:
            # A new policy year or checker bundle must reach providers on their next visit.
            assert "immutable" not in cache and "max-age=31536000" not in cache, path


def test_no_header_is_set_twice_for_one_path(rules: list[serve.HeaderRule]) -> None:
    """Netlify and Cloudflare Pages merge a header set by two matching rules differently,
    so the example avoids it: then both hosts send exactly what the file says."""
    site = require_site()
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        path = "/" + file.relative_to(site).as_posix()
        names = [name.lower() for rule in rules if rule.matches(path) for name, _ in rule.headers]
        assert len(names) == len(set(names)), f"{path}: {sorted(names)}"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("  X-Frame-Options: DENY\n", 2, "zonder pad"),
        ("/*\n  X-Frame-Options DENY\n", 3, "geen header"),
        ("/*\n", 2, "geen headers"),
        ("*.wasm\n  Content-Type: application/wasm\n", 2, "geen pad"),
    ],
)
def test_a_broken_headers_file_gives_one_line_with_file_and_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = tmp_path / "_headers"
    path.write_text("# voorbeeld\n" + text, encoding="utf-8")
    with pytest.raises(serve.HeadersFileError) as error:
        serve.read_header_rules(path)
    message = str(error.value)
    assert message.startswith(f"{path}:{line}: ") and problem in message and "\n" not in message


def test_header_rules_match_like_the_hosts() -> None:
    rules = [
        serve.HeaderRule("/*", (("X-A", "1"), ("Cache-Control", "max-age=300")), (), 1),
        serve.HeaderRule("/assets/:version/*", (("Cache-Control", "immutable"),), ("X-A",), 2),
        serve.HeaderRule("/*.wasm", (("Content-Type", "application/wasm"),), (), 3),
    ]
    assert serve.headers_for("/checker/", rules) == {"x-a": ("X-A", "1"), "cache-control": ("Cache-Control", "max-age=300")}
    # Two rules: values joined (as Cloudflare Pages does); `! X-A` drops the broader one.
    assert serve.headers_for("/assets/1.2/a.wasm", rules) == {
        "cache-control": ("Cache-Control", "max-age=300, immutable"),
        "content-type": ("Content-Type", "application/wasm"),
    }
    # `:version` is one path segment, not two.
    assert "x-a" in serve.headers_for("/assets/x.wasm", rules)


@pytest.mark.parametrize(
    ("accept", "gzip_ok"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("gzip;q=0", False),
        ("*", True),
        ("*;q=0", False),
        ("br, *;q=0", False),
        ("", False),
        ("identity", False),
    ],
)
def test_gzip_only_when_the_browser_accepts_it(accept: str, gzip_ok: bool) -> None:
    assert serve.accepts_gzip(accept) is gzip_ok


# -- make serve: the server itself --------------------------------------------------------------


@pytest.fixture(scope="module")
def preview() -> Iterator[str]:
    site = require_site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), serve.make_handler(site, HEADERS_FILE))
    httpd.RequestHandlerClass.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, accept_encoding: str | None = "gzip") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding} if accept_encoding else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_make_serve_sends_gzip_as_a_host_would(preview: str) -> None:
    site = require_site()
    for rel in ["checker/index.html", f"{pyodide_path(ROOT)}pyodide.asm.wasm", f"{pyodide_path(ROOT)}python_stdlib.zip", "javascripts/checker.js"]:
        url = preview + rel.removesuffix("index.html")
        status, headers, body = fetch(url)
        assert status == 200, rel
        assert headers["content-encoding"] == "gzip", rel
        assert headers["vary"] == "Accept-Encoding", rel
        assert int(headers["content-length"]) == len(body) < (site / rel).stat().st_size, rel
        assert gzip.decompress(body) == (site / rel).read_bytes(), rel
        assert "frame-ancestors 'none'" in headers["content-security-policy"], rel
        # A browser that does not accept gzip gets the file as it is, still marked as varying.
        status, headers, body = fetch(url, accept_encoding=None)
        assert "content-encoding" not in headers and body == (site / rel).read_bytes(), rel
        assert headers["vary"] == "Accept-Encoding", rel
    status, headers, _ = fetch(preview + f"{pyodide_path(ROOT)}pyodide.asm.wasm")
    assert (headers["content-type"], headers["cache-control"]) == ("application/wasm", "public, max-age=31536000, immutable")


def test_make_serve_shows_no_listings_and_keeps_headers_private(preview: str) -> None:
    site = require_site()
    not_found = (site / "404.html").read_bytes()
    for rel in ["_headers", "assets/", "bestaat-niet/"]:
        status, headers, body = fetch(preview + rel, accept_encoding=None)
        assert (status, body) == (404, not_found), rel
        assert "content-security-policy" in headers, rel


# -- the example GitHub workflow ----------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_token_is_read_only_except_for_deploying(workflow: dict) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    writers = {name for name, job in workflow["jobs"].items() if "write" in (job.get("permissions") or {}).values()}
    assert writers == {"deploy"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    # The job that holds the write token runs nothing of ours or of npm/PyPI: it only deploys.
    assert [step.get("uses", "").split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert all("run" not in step for step in deploy["steps"])
    assert "refs/heads/main" in deploy["if"] and "push" in deploy["if"]
    # The tests run with a job token that cannot write, and never leave it in .git/config.
    test = workflow["jobs"][deploy["needs"]]
    assert set((test.get("permissions") or workflow["permissions"]).values()) == {"read"}
    checkout = next(step for step in test["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_every_action_is_pinned_to_a_commit(workflow: dict) -> None:
    uses = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    assert uses
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", use), f"{use}: pin een actie op een volledige commit-SHA"
    # Each pin says which release it is, for the person who updates it.
    for line in WORKFLOW.read_text(encoding="utf-8").splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


# -- Python packages: direct ones in requirements.in, all of them hashed in requirements.lock ----


def pins(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s\\;]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def test_the_lock_pins_and_hashes_every_package() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z])", lock.split("\n\n", 1)[-1] if lock.startswith("#") else lock)
    packages = [entry for entry in entries if re.match(r"[A-Za-z]", entry)]
    assert packages
    for entry in packages:
        assert re.match(r"[A-Za-z0-9_.-]+==\S+ \\", entry), entry.splitlines()[0]
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
    assert "--index-url" not in lock and "--find-links" not in lock, "the lock names this machine's package mirror"
    # Direct dependencies: the same pins in pyproject.toml, requirements.in and the lock.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    # The build requirement too: the project is installed editable without build isolation.
    declared = pins(project["dependencies"] + project["optional-dependencies"]["test"] + pyproject["build-system"]["requires"])
    direct = pins((ROOT / "requirements.in").read_text(encoding="utf-8").splitlines())
    assert direct == declared
    locked = pins(lock.splitlines())
    assert {name: locked.get(name) for name in direct} == direct


def test_make_installs_with_require_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and "requirements.lock" in line]
    assert installs and all("--require-hashes" in line for line in installs)
    assert "npm ci" in makefile and "npm install" not in makefile

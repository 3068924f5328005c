"""Hosting and supply chain: the headers for each host (macros/headers.py, written by
tools/hosts.py), `make serve` (tools/serve.py), the example GitHub workflow and the hashed
Python lock. The browser side of the headers is in tests/browser/test_privacy.py."""

from __future__ import annotations

import gzip
import json
import re
import threading
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from macros import headers as definition
from macros.config import pyodide_path
from tools import hosts, serve

from .conftest import ROOT
from .site_files import require_site

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def csp_directives(policy: str) -> dict[str, str]:
    return {name: value.strip() for name, _, value in (part.strip().partition(" ") for part in policy.split(";") if part.strip())}


# -- site/_headers, as Netlify and Cloudflare Pages read it ----------------------------------------


@pytest.fixture(scope="module")
def rules() -> list[hosts.HeaderRule]:
    return hosts.read_header_rules(require_site() / hosts.NETLIFY)


def test_every_response_carries_the_csp_with_what_a_meta_tag_cannot_say(rules: list[hosts.HeaderRule]) -> None:
    site = require_site()
    for path in ["/", "/checker/", "/javascripts/checker-worker.js", f"/{pyodide_path(ROOT)}pyodide.mjs", "/assets/checker/manifest.json", "/nergens/"]:
        found = hosts.headers_for(path, rules)
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
    header = csp_directives(hosts.headers_for("/checker/", rules)["content-security-policy"][1])
    assert csp_directives(meta.group(1)) == {k: v for k, v in header.items() if k != "frame-ancestors"}
    assert meta.group(1) == definition.csp(meta=True)


def test_only_pyodides_versioned_files_are_cached_forever(rules: list[hosts.HeaderRule]) -> None:
    site = require_site()
    pyodide = "/" + pyodide_path(ROOT)
    assert re.search(r"/\d+\.\d+\.\d+/$", pyodide), pyodide
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        path = "/" + file.relative_to(site).as_posix()
        cache = hosts.headers_for(path, rules).get("cache-control", ("", ""))[1]
        if path.startswith(pyodide):
            assert cache == "public, max-age=31536000, immutable", path
        else:
            # A new policy year or checker bundle must reach providers on their next visit.
            assert "immutable" not in cache and "max-age=31536000" not in cache, path


def test_no_header_is_set_twice_for_one_path(rules: list[hosts.HeaderRule]) -> None:
    """Netlify and Cloudflare Pages merge a header set by two matching rules differently,
    so the file avoids it: then both hosts send exactly what the file says."""
    site = require_site()
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        path = "/" + file.relative_to(site).as_posix()
        names = [name.lower() for rule in rules if rule.matches(path) for name, _ in rule.headers]
        assert len(names) == len(set(names)), f"{path}: {sorted(names)}"


def site_paths() -> list[str]:
    """Every file of the built site as a URL path, plus a folder and an unknown page."""
    site = require_site()
    return ["/", "/nergens/", *("/" + file.relative_to(site).as_posix() for file in sorted(site.rglob("*")) if file.is_file())]


def expected(path: str) -> dict[str, str]:
    """What the one definition (macros/headers.py) asks for a path, MIME type included."""
    found = {h.name: h.value for h in definition.headers_for(path)}
    suffix = Path(path).suffix
    if suffix in definition.CONTENT_TYPES:
        found["Content-Type"] = definition.CONTENT_TYPES[suffix]
    return found


def test_each_host_file_in_the_site_is_written_from_the_one_definition() -> None:
    site = require_site()
    assert (site / hosts.NETLIFY).read_text(encoding="utf-8") == hosts.netlify_headers()
    assert (site / hosts.AZURE).read_text(encoding="utf-8") == hosts.azure_config()
    assert (site / hosts.NGINX).read_text(encoding="utf-8") == hosts.nginx_snippet()
    # The service worker and the checker's worker are scripts of the site itself.
    assert csp_directives(definition.csp())["worker-src"] == "'self'"


def test_the_headers_file_gives_every_path_what_the_definition_says(rules: list[hosts.HeaderRule]) -> None:
    """As Netlify and Cloudflare Pages read site/_headers."""
    for path in site_paths():
        assert {name: value for name, value in hosts.headers_for(path, rules).values()} == expected(path), path


def azure_sends(config: dict, path: str) -> dict[str, str] | int:
    """What Azure Static Web Apps sends for a path: the first route that matches (a status, or
    its headers on top of globalHeaders), and the MIME type from mimeTypes."""
    found = dict(config["globalHeaders"])
    for route in config["routes"]:
        pattern = route["route"]
        if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            if "statusCode" in route:
                return route["statusCode"]
            found.update(route["headers"])
            break
    suffix = Path(path).suffix
    if suffix in config["mimeTypes"]:
        found["Content-Type"] = config["mimeTypes"][suffix]
    return found


def test_the_azure_config_gives_every_path_what_the_definition_says() -> None:
    config = json.loads((require_site() / hosts.AZURE).read_text(encoding="utf-8"))
    assert config["responseOverrides"] == {"404": {"rewrite": "/404.html"}}
    for path in site_paths():
        if Path(path).name in hosts.HOST_FILES:
            # Azure keeps its own file private; the other hosts' files it must hide itself.
            assert Path(path).name == hosts.AZURE or azure_sends(config, path) == 404, path
        else:
            assert azure_sends(config, path) == expected(path), path


def nginx_blocks(text: str) -> dict:
    """The snippet as nested blocks: {"headers": {...}, "type": str|None, "locations": [(modifier, match, block)]}."""
    tokens = re.findall(r'"[^"]*"|[{};]|[^\s{};"]+', re.sub(r"(?m)^\s*#.*$", "", text))
    position = 0

    def block() -> dict:
        nonlocal position
        found: dict = {"headers": {}, "type": None, "locations": [], "return": None}
        statement: list[str] = []
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if token == "}":
                return found
            if token == "{":
                inner = block()
                if statement[0] == "location":
                    modifier, match = (statement[1], statement[2]) if len(statement) == 3 else ("", statement[1])
                    found["locations"].append((modifier, match, inner))
                statement = []
            elif token == ";":
                if statement[0] == "add_header":
                    assert statement[3] == "always", statement
                    found["headers"][statement[1]] = statement[2].strip('"')
                elif statement[0] == "default_type":
                    found["type"] = statement[1]
                elif statement[0] == "return":
                    found["return"] = int(statement[1])
                statement = []
            else:
                statement.append(token)
        return found

    return block()


def nginx_sends(server: dict, path: str) -> dict[str, str] | int:
    """nginx's choice of location for a path (exact, then the longest prefix; `^~` skips the
    regular expressions), and its rule that a block with add_header lines of its own
    forgets those of the blocks around it."""

    def choose(block: dict) -> dict | None:
        for modifier, match, inner in block["locations"]:
            if modifier == "=" and path == match:
                return inner
        prefixes = [(match, inner) for modifier, match, inner in block["locations"] if modifier == "^~" and path.startswith(match)]
        if prefixes:
            return max(prefixes, key=lambda item: len(item[0]))[1]
        return next((inner for modifier, match, inner in block["locations"] if modifier == "~" and re.search(match, path)), None)

    headers, content_type, current = server["headers"], None, server
    while (inner := choose(current)) is not None:
        if inner["return"]:
            return inner["return"]
        headers = inner["headers"] or headers
        content_type = inner["type"] or content_type
        current = inner
    return {**headers, **({"Content-Type": content_type} if content_type else {})}


def test_the_nginx_snippet_gives_every_path_what_the_definition_says() -> None:
    server = nginx_blocks((require_site() / hosts.NGINX).read_text(encoding="utf-8"))
    for path in site_paths():
        if Path(path).name in hosts.HOST_FILES:
            assert nginx_sends(server, path) == 404, path
        else:
            assert nginx_sends(server, path) == expected(path), path


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
    with pytest.raises(hosts.HeadersFileError) as error:
        hosts.read_header_rules(path)
    message = str(error.value)
    assert message.startswith(f"{path}:{line}: ") and problem in message and "\n" not in message


def test_header_rules_match_like_the_hosts() -> None:
    rules = [
        hosts.HeaderRule("/*", (("X-A", "1"), ("Cache-Control", "max-age=300")), (), 1),
        hosts.HeaderRule("/assets/:version/*", (("Cache-Control", "immutable"),), ("X-A",), 2),
        hosts.HeaderRule("/*.wasm", (("Content-Type", "application/wasm"),), (), 3),
    ]
    assert hosts.headers_for("/checker/", rules) == {"x-a": ("X-A", "1"), "cache-control": ("Cache-Control", "max-age=300")}
    # Two rules: values joined (as Cloudflare Pages does); `! X-A` drops the broader one.
    assert hosts.headers_for("/assets/1.2/a.wasm", rules) == {
        "cache-control": ("Cache-Control", "max-age=300, immutable"),
        "content-type": ("Content-Type", "application/wasm"),
    }
    # `:version` is one path segment, not two.
    assert "x-a" in hosts.headers_for("/assets/x.wasm", rules)


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
    httpd = serve.PreviewServer(("127.0.0.1", 0), serve.make_handler(site))
    httpd.RequestHandlerClass.log_message = lambda *args: None  # type: ignore[attr-defined]
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
    for rel in [*hosts.HOST_FILES, "assets/", "bestaat-niet/"]:
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


def test_a_host_without_headers_is_named_near_the_top_of_the_readme(workflow: dict) -> None:
    """GitHub Pages sends none of the site's headers: whoever publishes there reads what is lost
    before anything else, and which hosts do send them."""
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    if not any(use.startswith("actions/deploy-pages@") for use in uses):
        return
    top = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    for words in ("GitHub Pages", "frame-ancestors", "worker", "eval", "Netlify", "Cloudflare Pages", "Azure Static Web Apps", "nginx"):
        assert words in top, words


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

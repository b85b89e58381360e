"""careerpath report: one self-contained HTML page, checked as a file and in a real browser
(headless Chromium, which .ci/run installs from Debian's chromium package)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, minimal_document

REP = "customer-service-representative"
VP = "vp-of-customer-experience"
LEAD = "customer-service-team-lead"


def write_report(run: Run, tmp_path: Path, *args: str, name: str = "report.html") -> Path:
    target = tmp_path / name
    result = run("report", *args, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return target


def test_the_page_holds_the_route_the_plan_and_the_comparison(run: Run, tmp_path: Path) -> None:
    page = write_report(run, tmp_path, REP, VP).read_text(encoding="utf-8")
    plan = run("plan", REP, VP, "--json").json()
    path = run("path", REP, VP, "--json").json()
    text = html.unescape(page)
    for role in plan["route"]:
        assert role["title"] in text
    # Every alternative `path` lists is drawn too.
    for route in path["routes"]:
        for step in route["steps"]:
            assert f"<title>{html.escape(step['title'])}" in page or step["title"] in text
    for move in plan["moves"]:
        for skill in move["skills"]:
            assert skill["name"] in text
    assert '<html lang="en">' in page
    assert "@media print" in page and 'name="viewport"' in page


def test_the_page_loads_nothing_from_the_network(run: Run, tmp_path: Path) -> None:
    page = write_report(run, tmp_path, REP, LEAD).read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page
    assert "<img" not in page.lower() and "<link" not in page.lower()


def test_data_is_escaped(run: Run, write_yaml: Any, tmp_path: Path) -> None:
    document = minimal_document()
    document["roles"][1]["title"] = {"en": '<script>alert("x")</script> & Boss'}
    data = write_yaml(document)
    target = tmp_path / "escaped.html"
    result = run("--data", str(data), "report", "junior", "senior", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Boss" in page


@pytest.mark.parametrize(("lang", "word"), [("fi", "Urasuunnitelma"), ("nb", "Karriereplan")])
def test_the_page_speaks_the_chosen_language(
    run: Run, tmp_path: Path, lang: str, word: str
) -> None:
    target = tmp_path / f"{lang}.html"
    result = run("--lang", lang, "report", REP, LEAD, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in page and word in page


def test_an_existing_file_is_kept_without_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "mine.html"
    target.write_text("mine", encoding="utf-8")
    refused = run("report", REP, LEAD, "--output", str(target))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    forced = run("report", REP, LEAD, "--output", str(target), "--force")
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_unwritable_output_fails_before_any_work(run: Run, tmp_path: Path) -> None:
    # The role is unknown too: refusing the output first means it was checked before the
    # dataset was even asked about the roles.
    missing = tmp_path / "no-such-folder" / "report.html"
    result = run("report", "nosuchrole", VP, "--output", str(missing))
    assert result.exit_code == 2, result.stderr
    assert "no such folder" in result.stderr and "unknown role" not in result.stderr
    folder = tmp_path / "a-folder.html"
    folder.mkdir()
    result = run("report", REP, VP, "--output", str(folder), "--force")
    assert result.exit_code == 2 and "is a directory" in result.stderr


# --------------------------------------------------------------------------- in a browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOST = """<!DOCTYPE html>
<html><body style="margin:0">
<iframe id="page" src="{src}" style="width:{width}px;height:900px;border:0"></iframe>
<script>
document.getElementById('page').addEventListener('load', function () {{
  var frame = document.getElementById('page');
  var doc = frame.contentDocument;
  var win = frame.contentWindow;
  var rights = Array.prototype.map.call(doc.querySelectorAll('body *'), function (e) {{
    return e.getBoundingClientRect().right;
  }});
  var result = {{
    scrollWidth: doc.documentElement.scrollWidth,
    innerWidth: win.innerWidth,
    widest: Math.max.apply(null, rights),
    text: doc.body.innerText
  }};
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
}});
</script>
</body></html>
"""


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium (.ci/run installs Debian's chromium package)")
        pytest.skip("no Chromium here; .ci/run installs it")
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, width = 8, b"", 0
    height = channels = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


@pytest.mark.parametrize("width", [375, 1200])
def test_in_a_browser_the_page_shows_the_route_and_fits_the_width(
    run: Run, tmp_path: Path, width: int
) -> None:
    page = write_report(run, tmp_path, REP, VP)
    # The page is measured in a frame of the width asked for (a headless window has a least
    # width of its own); the host page reads what the frame shows.
    host = tmp_path / "host.html"
    host.write_text(HOST.format(src=page.name, width=width), encoding="utf-8")
    done = chromium(
        tmp_path / "profile",
        "--allow-file-access-from-files",
        f"--window-size={max(width, 800) + 40},1000",
        "--dump-dom",
        host.as_uri(),
    )
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    result = json.loads(html.unescape(found.group(1)))
    assert result["innerWidth"] == width
    assert result["scrollWidth"] <= width, "the page is wider than the window"
    assert result["widest"] <= width + 0.5, "an element sticks out of the window"
    plan = run("plan", REP, VP, "--json").json()
    for role in plan["route"]:
        assert role["title"] in result["text"]
    first = next(s for s in plan["moves"][0]["skills"] if s["id"] == plan["first_step"]["skill"])
    assert first["name"] in result["text"]


def test_in_a_browser_the_screenshot_is_not_blank(run: Run, tmp_path: Path) -> None:
    page = write_report(run, tmp_path, REP, VP)
    shot = tmp_path / "shot.png"
    done = chromium(
        tmp_path / "profile", "--window-size=375,800", f"--screenshot={shot}", page.as_uri()
    )
    assert shot.is_file(), done.stderr[-2000:]
    width, height, rows = png_pixels(shot)
    assert (width, height) == (375, 800)
    colours = {row[i : i + 3] for row in rows[::8] for i in range(0, len(row), 12)}
    dark = sum(1 for row in rows[::4] for i in range(0, len(row), 4) if row[i] < 100)
    assert len(colours) > 20, "the screenshot is (almost) one colour"
    assert dark > 200, "no text to be seen"

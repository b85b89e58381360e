"""ESCO: a description too long for a data file is cut with a note saying so, never dropped."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import Run

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "esco-sample" / "v1.1.1"


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="needs ../shared/esco-sample")
def test_a_long_description_is_cut_with_a_note(run: Run, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(SAMPLE, pack)
    occupations = pack / "occupations_en.csv"
    with occupations.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
        columns = list(rows[0])
    long_text = "Talks with customers about their needs. " * 200  # 8,000 characters
    rows[0]["description"] = long_text
    with occupations.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    target = tmp_path / "esco.json"
    result = run("import", "esco", str(pack), "--output", str(target))
    assert result.exit_code == 0, result.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    summaries = [role.get("summary") or "" for role in document["roles"]]
    cut = [
        s
        for s in summaries
        if s.endswith("(description cut: the full text is in ESCO's CSV files)")
    ]
    assert len(cut) == 1
    assert len(cut[0]) <= 5000 and long_text.startswith(cut[0].split(" […]")[0])

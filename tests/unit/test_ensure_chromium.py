"""scripts/ensure-chromium: finds Chromium, installs it with apt-get as root, else says what to do;
and the browser fixtures find the same binary.

Each case runs the script with a PATH of fakes (`id`, `apt-get`, `chromium`), so the install
branch is exercised without installing anything.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.browser import INSTALL_HINT, find_chromium

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "ensure-chromium"
MISSING = (
    "ensure-chromium: the browser tests need Chromium: install it (Debian/Ubuntu: apt-get "
    "install chromium) or set KB_CHROMIUM to its binary\n"
)


def _fake(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def _run(bin_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", str(SCRIPT)],
        env={"PATH": str(bin_dir), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_chromium_on_path_is_enough(tmp_path: Path) -> None:
    _fake(tmp_path, "chromium", "exit 0")
    result = _run(tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_as_root_with_apt_it_installs_the_package(tmp_path: Path) -> None:
    _fake(tmp_path, "id", "echo 0")
    log = tmp_path / "apt.log"
    # The fake apt-get records its arguments; "install" leaves a chromium on PATH.
    _fake(
        tmp_path,
        "apt-get",
        f'echo "$@" >> {log}\n'
        f'case "$*" in *install*) printf "#!/bin/sh\\n" > {tmp_path}/chromium; '
        f"/bin/chmod +x {tmp_path}/chromium;; esac",
    )
    result = _run(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ensure-chromium: installing Debian's chromium for the browser tests\n"
    assert log.read_text(encoding="utf-8").splitlines() == [
        "-o DPkg::Lock::Timeout=300 update -qq",
        "-o DPkg::Lock::Timeout=300 install -y -qq chromium",
    ]


def test_without_root_it_stops_with_one_line(tmp_path: Path) -> None:
    _fake(tmp_path, "id", "echo 1000")
    _fake(tmp_path, "apt-get", "echo must not run; exit 9")
    result = _run(tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", MISSING)


def test_without_apt_it_stops_with_one_line(tmp_path: Path) -> None:
    _fake(tmp_path, "id", "echo 0")
    result = _run(tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", MISSING)


def test_kb_chromium_names_the_binary(tmp_path: Path) -> None:
    binary = _fake(tmp_path, "my-chromium", "exit 0")
    assert _run(tmp_path, KB_CHROMIUM=str(binary)).returncode == 0
    missing = tmp_path / "nowhere"
    result = _run(tmp_path, KB_CHROMIUM=str(missing))
    assert (result.returncode, result.stderr) == (
        1,
        f"ensure-chromium: KB_CHROMIUM={missing} is not an executable file\n",
    )


def test_the_browser_fixtures_find_chromium_on_path_or_by_kb_chromium(tmp_path: Path) -> None:
    assert find_chromium({"PATH": str(tmp_path)}) is None  # the fixture then fails, never skips
    assert "apt-get install chromium" in INSTALL_HINT
    browser = _fake(tmp_path, "chromium-browser", "exit 0")
    assert find_chromium({"PATH": str(tmp_path)}) == str(browser)
    named = _fake(tmp_path, "elsewhere", "exit 0")
    assert find_chromium({"PATH": "", "KB_CHROMIUM": str(named)}) == str(named)
    assert find_chromium({"PATH": str(tmp_path), "KB_CHROMIUM": str(tmp_path / "no")}) is None

"""PDF from the report's HTML with a headless Chromium (the fonts are the system's CJK fonts)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from zhucan.core.errors import SetupError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str:
    """The path of a Chromium or Chrome binary, or SetupError saying how to get one."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise SetupError(
        "生成 PDF 需要 Chromium：请安装 chromium（如 apt-get install chromium），"
        "或改用 HTML/xlsx 格式",
        "PDF output needs Chromium: install chromium (e.g. apt-get install chromium) "
        "or use the HTML or xlsx format",
    )


def html_to_pdf(html: str, out: Path, timeout: int = 120) -> None:
    """Print ``html`` to the PDF file ``out`` (A4, no header or footer)."""
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="zhucan-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        result = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={out.resolve()}",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if result.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        raise SetupError(
            f"Chromium 未能生成 PDF：{result.stderr.strip()[-300:]}",
            f"Chromium could not print the PDF: {result.stderr.strip()[-300:]}",
        )

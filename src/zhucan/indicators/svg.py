"""Small SVG charts drawn by our own code (no JavaScript, no CDN): lines and bars."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

W, H, PAD_L, PAD_R, PAD_T, PAD_B = 520, 220, 48, 16, 16, 36
COLORS = ("#1f5fa8", "#c0392b", "#7f8c8d", "#27ae60")


def _scale(lo: float, hi: float) -> tuple[float, float]:
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    span = hi - lo
    return lo - span * 0.08, hi + span * 0.08


def line_chart(
    title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]], unit: str
) -> str:
    """A line chart: one polyline per series (e.g. 实际值, 规划路径), points labelled by x.

    >>> "<polyline" in line_chart("t", ["2020", "2021"], {"a": [1.0, 2.0]}, "%")
    True
    """
    values = [v for s in series.values() for v in s if v is not None]
    lo, hi = _scale(min(values, default=0), max(values, default=1))
    n = max(len(labels), 2)

    def x(i: int) -> float:
        return PAD_L + i * (W - PAD_L - PAD_R) / (n - 1)

    def y(v: float) -> float:
        return PAD_T + (hi - v) * (H - PAD_T - PAD_B) / (hi - lo)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>',
        f'<rect x="{PAD_L}" y="{PAD_T}" width="{W - PAD_L - PAD_R}" '
        f'height="{H - PAD_T - PAD_B}" fill="none" stroke="#ccc"/>',
    ]
    for k in range(5):
        tick = lo + (hi - lo) * k / 4
        parts.append(
            f'<text x="{PAD_L - 4}" y="{y(tick) + 4:.1f}" font-size="10" '
            f'text-anchor="end">{tick:.4g}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{H - PAD_B + 14}" font-size="10" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for j, (name, vals) in enumerate(series.items()):
        color, dash = COLORS[j % len(COLORS)], ' stroke-dasharray="5 4"' if j else ""
        pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(vals) if v is not None)
        parts.append(
            f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"{dash}/>'
        )
        for i, v in enumerate(vals):
            if v is not None:
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{color}"/>')
        parts.append(
            f'<text x="{PAD_L + 8 + 110 * j}" y="{H - 4}" font-size="11" '
            f'fill="{color}">— {escape(name)}</text>'
        )
    parts.append(
        f'<text x="{W - PAD_R}" y="{PAD_T - 4}" font-size="10" '
        f'text-anchor="end">{escape(unit)}</text></svg>'
    )
    return "".join(parts)


def bar_chart(title: str, rows: Sequence[tuple[str, float]], line: float | None, unit: str) -> str:
    """Horizontal bars (one per sub-region) with an optional reference line (应达值).

    >>> bar_chart("t", [("甲", 50.0)], 60.0, "%").count("<rect")
    2
    """
    h = PAD_T + 20 * max(len(rows), 1) + 30
    hi = max([v for _, v in rows] + [line or 0, 1e-9]) * 1.05
    left, width = 130, W - 130 - 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>',
        f'<rect x="{left}" y="{PAD_T - 4}" width="{width}" height="{20 * len(rows) + 4}" '
        'fill="none" stroke="#ddd"/>',
    ]
    for i, (name, v) in enumerate(rows):
        yy = PAD_T + 20 * i
        bad = line is not None and v < line
        parts.append(
            f'<text x="{left - 6}" y="{yy + 12}" font-size="11" '
            f'text-anchor="end">{escape(name)}</text>'
        )
        parts.append(
            f'<rect x="{left}" y="{yy + 2}" width="{width * v / hi:.1f}" height="14" '
            f'fill="{COLORS[1] if bad else COLORS[0]}"/>'
        )
        parts.append(
            f'<text x="{left + width * v / hi + 4:.1f}" y="{yy + 13}" font-size="10">{v:g}</text>'
        )
    if line is not None:
        lx = left + width * line / hi
        parts.append(
            f'<line x1="{lx:.1f}" x2="{lx:.1f}" y1="{PAD_T - 8}" '
            f'y2="{PAD_T + 20 * len(rows) + 4}" stroke="#333" stroke-dasharray="4 3"/>'
            f'<text x="{lx:.1f}" y="{h - 8}" font-size="10" text-anchor="middle">'
            f"应达 {line:g}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

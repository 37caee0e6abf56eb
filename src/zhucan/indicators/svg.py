"""Small SVG charts drawn by our own code (no JavaScript, no CDN): lines and bars."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

W, H, PAD_L, PAD_R, PAD_T, PAD_B = 520, 246, 52, 16, 28, 52
COLORS = ("#1f5fa8", "#c0392b", "#7f8c8d", "#27ae60")


def _step(span: float, count: int = 4) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) giving about ``count`` intervals."""
    raw = span / count
    power = 10.0 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def ticks(lo: float, hi: float, unit: str) -> list[float]:
    """Round axis ticks covering ``[lo, hi]``; a percentage axis stays within 0–100.

    >>> ticks(20.7, 99.2, "%"), ticks(63.6, 79.7, "%"), ticks(98.8, 101.2, "%")
    ([0.0, 25.0, 50.0, 75.0, 100.0], [60.0, 65.0, 70.0, 75.0, 80.0], [98.0, 99.0, 100.0])
    """
    if hi - lo < 1e-9:
        lo, hi = (lo - 1, hi + 1) if lo else (0.0, 1.0)
    if lo >= 0 and lo < (hi - lo) * 0.5:
        lo = 0.0  # start a count or a low rate at zero
    step = _step(hi - lo)
    first, last = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if unit == "%":
        first, last = max(first, 0.0), min(last, 100.0)
        if last <= first:
            first, last = max(0.0, last - step), min(100.0, first + step)
    count = round((last - first) / step)
    return [float(round(first + k * step, 6)) for k in range(count + 1)]


def _label(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def line_chart(
    title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]], unit: str
) -> str:
    """A line chart: one polyline per series (e.g. 实际值, 规划路径), points labelled by x.

    >>> "<polyline" in line_chart("t", ["2020", "2021"], {"a": [1.0, 2.0]}, "%")
    True
    """
    values = [v for s in series.values() for v in s if v is not None]
    marks = ticks(min(values, default=0), max(values, default=1), unit)
    lo, hi = marks[0], marks[-1]
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
    for tick in marks:
        parts.append(
            f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#e3e3e3"/><text x="{PAD_L - 4}" y="{y(tick) + 4:.1f}" font-size="10" '
            f'text-anchor="end">{_label(tick)}</text>'
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
        lx = PAD_L + 150 * j
        parts.append(
            f'<line x1="{lx}" x2="{lx + 28}" y1="{H - 8}" y2="{H - 8}" stroke="{color}" '
            f'stroke-width="2"{dash}/><text x="{lx + 34}" y="{H - 4}" font-size="11">'
            f"{escape(name)}{'（虚线）' if j else '（实线）'}</text>"
        )
    parts.append(
        f'<text x="{PAD_L}" y="{PAD_T - 14}" font-size="10">单位：{escape(unit)}</text>'
        f'<text x="{W - PAD_R}" y="{H - PAD_B + 28}" font-size="10" text-anchor="end">年末</text>'
        "</svg>"
    )
    return "".join(parts)


def bar_chart(title: str, rows: Sequence[tuple[str, float]], line: float | None, unit: str) -> str:
    """Horizontal bars (one per sub-region) on a scaled axis, with the 应达值 line; a bar
    below the line is red *and* marked ▼ (not by colour alone).

    >>> bar_chart("t", [("甲", 50.0)], 60.0, "%").count("<rect")
    2
    """
    marks = ticks(0.0, max([v for _, v in rows] + [line or 0, 1e-9]), unit)
    hi = marks[-1] or 1.0
    left, width, top = 130, W - 130 - 48, PAD_T
    body = 20 * max(len(rows), 1)
    h = top + body + 62
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>',
        f'<rect x="{left}" y="{top - 4}" width="{width}" height="{body + 4}" '
        'fill="none" stroke="#ccc"/>',
    ]
    for tick in marks:
        tx = left + width * tick / hi
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top - 4}" y2="{top + body + 4}" '
            f'stroke="#e3e3e3"/><text x="{tx:.1f}" y="{top + body + 16}" font-size="10" '
            f'text-anchor="middle">{_label(tick)}</text>'
        )
    for i, (name, v) in enumerate(rows):
        yy = top + 20 * i
        bad = line is not None and v < line
        parts.append(
            f'<text x="{left - 6}" y="{yy + 12}" font-size="11" '
            f'text-anchor="end">{escape(name)}</text>'
        )
        parts.append(
            f'<rect x="{left}" y="{yy + 2}" width="{width * v / hi:.1f}" height="14" '
            f'fill="{COLORS[1] if bad else COLORS[0]}"/>'
        )
        end, inside = left + width * v / hi, v / hi > 0.8  # a long bar holds its label
        where = (
            f'x="{end - 4:.1f}" text-anchor="end" fill="#fff"' if inside else f'x="{end + 4:.1f}"'
        )
        parts.append(
            f'<text {where} y="{yy + 13}" font-size="10">{_label(v)}{" ▼" if bad else ""}</text>'
        )
    foot = f"单位：{escape(unit)}"
    if line is not None:
        lx = left + width * line / hi
        parts.append(
            f'<line x1="{lx:.1f}" x2="{lx:.1f}" y1="{top - 8}" '
            f'y2="{top + body + 4}" stroke="#333" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        foot += f"　虚线：应达 {_label(line)}{escape(unit)}　▼ 红色：低于应达值"
    parts.append(f'<text x="{left}" y="{h - 8}" font-size="10">{foot}</text></svg>')
    return "".join(parts)

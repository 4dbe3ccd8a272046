import type { ScalingPoint } from './row';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const LEGEND_COLUMN = 240;
const LEGEND_LINE = 18;
const PANEL = { width: 360, height: 220, left: 56, top: 40, right: 16, bottom: 44 };

interface Panel {
  title: string;
  unit: string;
  value: (p: ScalingPoint) => number;
}

/**
 * The scaling runs as a small hand-written SVG: latency p50 and capacity units per request against the
 * table size (log scale), one solid line per access pattern, and dashed, the smallest instance measured in
 * the same rounds (so drift of the machine shows as both lines moving together). Flat lines are the goal.
 */
export const scalingChart = (points: ScalingPoint[]): string => {
  const patterns = [...new Set(points.map((p) => p.pattern))];
  const panels: Panel[] = [
    { title: 'latency p50 per request', unit: 'ms', value: (p) => p.p50Ms },
    { title: 'capacity units per request', unit: 'RRU + WRU', value: (p) => p.units },
  ];
  const width = panels.length * PANEL.width;
  // The legend: one entry per series, LEGEND_COLUMN wide, wrapped into as many lines as it takes.
  const perLine = Math.max(1, Math.floor((width - 12) / LEGEND_COLUMN));
  const entries = patterns.length + 1;
  const lines = Math.ceil(entries / perLine);
  const height = PANEL.height + 10 + lines * LEGEND_LINE;
  const at = (i: number) => ({
    x: 12 + (i % perLine) * LEGEND_COLUMN,
    y: PANEL.height + 10 + Math.floor(i / perLine) * LEGEND_LINE,
  });
  const body = panels.map((panel, i) => drawPanel(panel, points, patterns, i * PANEL.width)).join('\n');
  const dashed = at(patterns.length);
  const legend =
    patterns
      .map((pattern, i) => {
        const { x, y } = at(i);
        return (
          `<rect x="${x}" y="${y}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>` +
          `<text x="${x + 18}" y="${y + 10}">${escapeXml(pattern)}</text>`
        );
      })
      .join('') +
    `<line x1="${dashed.x}" x2="${dashed.x + 24}" y1="${dashed.y + 6}" y2="${dashed.y + 6}" stroke="#555" stroke-width="2" stroke-dasharray="4 3"/>` +
    `<text x="${dashed.x + 30}" y="${dashed.y + 10}">smallest size, same rounds</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    body,
    legend,
    '</svg>',
    '',
  ].join('\n');
};

const drawPanel = (panel: Panel, points: ScalingPoint[], patterns: string[], offsetX: number) => {
  const sizes = [...new Set(points.map((p) => p.size))].sort((a, b) => a - b);
  const plotW = PANEL.width - PANEL.left - PANEL.right;
  const plotH = PANEL.height - PANEL.top - PANEL.bottom;
  const [minLog, maxLog] = [Math.log10(sizes[0] ?? 1), Math.log10(sizes[sizes.length - 1] ?? 10)];
  const x = (size: number) =>
    offsetX + PANEL.left + (maxLog === minLog ? plotW / 2 : ((Math.log10(size) - minLog) / (maxLog - minLog)) * plotW);
  const step = niceCeiling((Math.max(...points.map(panel.value), 0.001) * 1.15) / 4);
  const maxY = step * 4;
  const y = (v: number) => PANEL.top + plotH - (v / maxY) * plotH;
  const parts: string[] = [];
  parts.push(
    `<text x="${offsetX + PANEL.left}" y="20" font-size="13" font-weight="bold">${escapeXml(panel.title)}</text>`,
  );
  for (let i = 0; i <= 4; i++) {
    const v = step * i;
    parts.push(
      `<line x1="${offsetX + PANEL.left}" x2="${offsetX + PANEL.left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
    );
    parts.push(`<text x="${offsetX + PANEL.left - 6}" y="${y(v) + 4}" text-anchor="end">${formatTick(v)}</text>`);
  }
  for (const size of sizes) {
    parts.push(
      `<line x1="${x(size)}" x2="${x(size)}" y1="${PANEL.top + plotH}" y2="${PANEL.top + plotH + 4}" stroke="#333"/>`,
    );
    parts.push(
      `<text x="${x(size)}" y="${PANEL.top + plotH + 16}" text-anchor="middle">${size.toLocaleString('en-US')}</text>`,
    );
  }
  parts.push(
    `<text x="${offsetX + PANEL.left + plotW / 2}" y="${PANEL.top + plotH + 32}" text-anchor="middle">rows in the table (log scale)</text>`,
  );
  parts.push(
    `<text x="${offsetX + 14}" y="${PANEL.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 ${offsetX + 14} ${PANEL.top + plotH / 2})">${panel.unit}</text>`,
  );
  parts.push(
    `<line x1="${offsetX + PANEL.left}" x2="${offsetX + PANEL.left}" y1="${PANEL.top}" y2="${PANEL.top + plotH}" stroke="#333"/>`,
  );
  parts.push(
    `<line x1="${offsetX + PANEL.left}" x2="${offsetX + PANEL.left + plotW}" y1="${PANEL.top + plotH}" y2="${PANEL.top + plotH}" stroke="#333"/>`,
  );
  patterns.forEach((pattern, i) => {
    const color = COLORS[i % COLORS.length];
    for (const kind of ['reference', 'grown'] as const) {
      const series = points.filter((p) => p.pattern === pattern && p.series === kind).sort((a, b) => a.size - b.size);
      const path = series.map((p) => `${x(p.size).toFixed(1)},${y(panel.value(p)).toFixed(1)}`).join(' ');
      const dash = kind === 'reference' ? ' stroke-dasharray="4 3" stroke-opacity="0.6"' : '';
      parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
      if (kind === 'grown') {
        for (const p of series)
          parts.push(
            `<circle cx="${x(p.size).toFixed(1)}" cy="${y(panel.value(p)).toFixed(1)}" r="3" fill="${color}"/>`,
          );
      }
    }
  });
  return parts.join('\n');
};

const niceCeiling = (v: number) => {
  const magnitude = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((c) => c >= v) ?? 10 * magnitude;
};

const formatTick = (v: number) => String(Number(v.toPrecision(3)));

const escapeXml = (s: string) =>
  s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

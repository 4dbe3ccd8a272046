import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderMarkdown } from './render-table';
import type { Row, ScalingPoint } from './row';
import { scalingChart } from './scaling-chart';

export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: { node: string; platform: string; cpus: number; loadAverage: number[] };
  rows: Row[];
  scaling: ScalingPoint[];
  details: string[];
}

/** bench.json (every figure), bench.md (the table, then the details) and scaling.svg (the chart) in the results folder. */
export const writeResults = async (dir: string, report: BenchReport) => {
  await mkdir(dir, { recursive: true });
  const files = { json: join(dir, 'bench.json'), markdown: join(dir, 'bench.md'), chart: join(dir, 'scaling.svg') };
  await writeFile(files.json, `${JSON.stringify(report, null, 2)}\n`);
  const header =
    `Measured ${report.startedAt} on Node ${report.machine.node}, ${report.machine.cpus} CPUs ` +
    `(load average ${report.machine.loadAverage.map((l) => l.toFixed(1)).join(' ')}), in ${report.durationSeconds.toFixed(0)} s.`;
  const details = report.details.map((d) => `\n${d}\n`).join('');
  await writeFile(
    files.markdown,
    `${header}\n\n${renderMarkdown(report.rows)}\n\n![scaling runs](scaling.svg)\n${details}`,
  );
  if (report.scaling.length > 0) await writeFile(files.chart, scalingChart(report.scaling));
  return files;
};

export type Verdict = 'pass' | 'fail' | 'n/a' | '';

/** One line of the bench table: what was measured, against which goal, and the raw figures behind it. */
export interface Row {
  family: string;
  subject: string;
  measured: string;
  goal: string;
  verdict: Verdict | string;
  data?: Record<string, unknown>;
}

/** One measured point of a scaling run, for the chart. */
export interface ScalingPoint {
  pattern: string;
  /** `grown`: the instance seeded to `size`; `reference`: the smallest one, measured in the same interleaved round. */
  series: 'grown' | 'reference';
  size: number;
  p50Ms: number;
  units: number;
}

export interface FamilyResult {
  rows: Row[];
  scaling?: ScalingPoint[];
  /** Markdown shown under the table (bench.md, the terminal): how a derived row was computed, line by line. */
  details?: string[];
}

export const verdict = (ok: boolean): Verdict => (ok ? 'pass' : 'fail');
export const verdicts = (...oks: boolean[]) => oks.map(verdict).join(' · ');

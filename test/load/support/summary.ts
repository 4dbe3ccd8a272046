import type { LoadOutcome } from './chat-load';
import type { LoadOptions } from './load-options';
import type { Verdict } from './verify-outcome';

/** One line on what a load run did, for the test output. */
export const summary = (name: string, options: LoadOptions, outcome: LoadOutcome, verdict: Verdict) => {
  const statuses = [...outcome.statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  return (
    `load ${name}: ${options.conversations} conversations × ${options.senders} senders × ${options.seconds} s → ` +
    `${verdict.messages} messages (${(verdict.messages / options.seconds).toFixed(0)}/s), ${outcome.reads} mark-reads, HTTP ${statuses}, ` +
    `${verdict.problems.length} problems`
  );
};

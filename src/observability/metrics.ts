// Prometheus metrics. One registry per running instance (tests run several in one process).
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { RequestDurations } from './durations.js';

export function createMetrics() {
  const registry = new Registry();
  // Verifications are counted in a plain object and handed to the counter when it is read: a
  // labelled increment per request was a measurable part of a cached verification.
  const verificationTally = new Map<string, number>();
  collectDefaultMetrics({ register: registry, prefix: 'tokenops_' });
  return {
    registry,
    httpRequests: new RequestDurations(registry),
    slackCommands: new Counter({
      name: 'tokenops_slack_commands_total',
      help: 'Slash commands received, by subcommand',
      labelNames: ['subcommand'] as const,
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'tokenops_jobs_total',
      help: 'Background jobs finished, by name and outcome',
      labelNames: ['name', 'outcome'] as const,
      registers: [registry],
    }),
    leakReports: new Counter({
      name: 'tokenops_leak_reports_total',
      help: 'Leaked secrets reported by secret scanners, by source (github, gitlab) and label (true_positive, false_positive)',
      labelNames: ['source', 'label'] as const,
      registers: [registry],
    }),
    verifications: new Counter({
      name: 'tokenops_verifications_total',
      help: 'Verification answers, by code',
      labelNames: ['code'] as const,
      registers: [registry],
      collect() {
        for (const [code, count] of verificationTally) if (count) this.inc({ code }, count);
        verificationTally.clear();
      },
    }),
    countVerification: (code: string) => void verificationTally.set(code, (verificationTally.get(code) ?? 0) + 1),
    clockOffset: new Gauge({
      name: 'tokenops_clock_offset_seconds',
      help: "The database's clock minus this instance's, as last measured by verification (expiry is judged by the database's)",
      registers: [registry],
    }),
    clockOffsetError: new Gauge({
      name: 'tokenops_clock_offset_error_seconds',
      help: 'How far tokenops_clock_offset_seconds may be off (half the round trip of its reading, plus drift since)',
      registers: [registry],
    }),
    verificationRefusals: new Counter({
      name: 'tokenops_verification_refusals_total',
      help: 'Verification requests refused before an answer, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

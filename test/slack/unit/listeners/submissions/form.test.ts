// A refused form: each block's refusals read as sentences of the reader's language.
import { describe, expect, it, vi } from 'vitest';
import { DomainError, ValidationError } from '../../../../../src/domain/errors.js';
import { translator, type Language } from '../../../../../src/i18n/index.js';
import { submitForm } from '../../../../../src/slack/listeners/submissions/form.js';
import type { Logger } from '../../../../../src/observability/logger.js';
import { fakeContext } from '../../fakeArguments.js';

const logger = { warn: vi.fn(), error: vi.fn(), info: vi.fn(), debug: vi.fn() } as unknown as Logger;

/** The errors a refused submission is acknowledged with, in `language`. */
async function refused(language: Language, errors: DomainError[]) {
  const ack = vi.fn(async () => undefined);
  const context = { ...fakeContext(), language, t: translator(language) };
  await submitForm(ack, context, logger, () => Promise.reject(new ValidationError(errors)));
  return (ack.mock.calls[0] as unknown as [{ errors: Record<string, string> }])[0].errors;
}

describe('a form refused for several entries of one field', () => {
  const errors = [
    new DomainError('ip_host_bits', 'allowed_ips', { entry: '10.0.0.1/8', network: '10.0.0.0/8' }),
    new DomainError('ip_matches_nobody', 'allowed_ips', { entry: '224.0.0.1' }),
    new DomainError('label_required', 'label'),
  ];

  it('joins Japanese sentences without a space after 「。」', async () => {
    const ja = translator('ja');
    const shown = await refused('ja', errors);
    expect(shown.allowed_ips).toBe(
      `${ja('error.ip_host_bits', { entry: '10.0.0.1/8', network: '10.0.0.0/8' })}${ja('error.ip_matches_nobody', { entry: '224.0.0.1' })}`,
    );
    expect(shown.allowed_ips).not.toContain('。 ');
    expect(shown.label).toBe(ja('error.label_required'));
  });

  it('keeps a space between English sentences', async () => {
    const en = translator('en');
    const shown = await refused('en', errors);
    expect(shown.allowed_ips).toBe(
      `${en('error.ip_host_bits', { entry: '10.0.0.1/8', network: '10.0.0.0/8' })} ${en('error.ip_matches_nobody', { entry: '224.0.0.1' })}`,
    );
  });
});

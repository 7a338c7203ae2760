// request_token: the step's `requester` asks for a token, exactly as with /token request (the
// same checks, policy and approvers); the step ends when the request does. Approved, it outputs
// the token's id; the secret goes to the requester once, in a DM, never into the workflow.
import { expiryChoice } from '../../grammar.js';
import type { StepRun } from './step.js';
import { submitRequest } from '../../flows/requests.js';

export const requestToken: StepRun = async ({ deps, client, context }, inputs) => {
  const { actor, t } = context;
  const request = await deps.requests.submit(actor, {
    owner: inputs.owner ?? '',
    label: inputs.label ?? '',
    scopes: (inputs.scopes ?? '').split(/[\s,]+/).filter(Boolean),
    reason: inputs.reason ?? '',
    ...(inputs.expiry ? expiryChoice(inputs.expiry) : {}),
  });
  // Posted for approval; one that could not be is withdrawn, and the step ends with that. (Not
  // read back from the request: its requester may have withdrawn it already, which the wait ends.)
  if (!(await submitRequest({ deps, client, context }, request))) return { error: t('step.notPosted') };
  return { wait: { kind: 'request', id: request.id } };
};

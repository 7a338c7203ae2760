// English messages of the management API (README: Automating tokenops): a refusal's detail where
// the text a person gets in Slack names a /token command; an API caller is told the endpoint.
// The other refusals read the same in both (errors.ts).

export const apiEn = {
  'api.error.token_not_found': 'There is no token with that id that this key may see. GET /v1/tokens lists them.',
  'api.error.token_expired': (p: { id?: string; disabled?: number }) => {
    const path = `/v1/tokens/${p.id ?? '{id}'}`;
    const first = p.disabled
      ? `Extend it and enable it first (POST ${path}/extend, then POST ${path}/enable): the secret it has then works again.`
      : `Extend it first (POST ${path}/extend): the secret it has works again.`;
    return `This token has expired, so a new secret would not work either. ${first} Reset it after that if you also need a new secret.`;
  },
  /** `id`: the token the call was about (none for a create). */
  'api.error.outcome_unknown': (p: { id?: string }) =>
    `tokenops lost its connection to the database while saving this and could not find out whether it was saved. Please check (GET /v1/tokens${p.id ? `/${p.id}` : ''}) before trying again.`,
  'api.error.extension_needs_approval': (p: { id?: string }) =>
    `Moving this token’s expiry later needs approval (an approval rule covers extending it), so it cannot be saved together with other changes; nothing was changed. Send the other fields without expiry or expiry_date, then ask for the extension with POST /v1/tokens/${p.id ?? '{id}'}/extend (or a PATCH with only the expiry): it answers 202 with the request’s id.`,
  /** `operation`: what needs it (revoke when absent, as in Slack's error.approval_required). */
  'api.error.approval_required': (p: { operation?: string; id?: string }) =>
    `This change needs approval; nothing was changed. Ask for it with POST /v1/tokens/${p.id ?? '{id}'}/${p.operation ?? 'revoke'}: it answers 202 with the request’s id where approval is needed.`,
};

// View state as Slack sends it on submission of the create modal.
export type CreateForm = {
  owner?: string;
  label?: string;
  description?: string;
  apiVersion?: string;
  contact?: string;
  emails?: string;
  scopes?: string[];
  expiry?: string;
  expiryDate?: string;
  allowedIps?: string;
  rateLimit?: string;
};

export function createFormValues(form: CreateForm) {
  const select = (value?: string) => ({
    type: 'static_select',
    selected_option: value ? { text: { type: 'plain_text', text: value }, value } : null,
  });
  const text = (value?: string) => ({ type: 'plain_text_input', value: value ?? null });
  return {
    owner: { owner: select(form.owner) },
    label: { label: text(form.label) },
    description: { description: text(form.description) },
    api_version: { api_version: select(form.apiVersion) },
    primary_contact: { primary_contact: { type: 'users_select', selected_user: form.contact ?? null } },
    developer_emails: { developer_emails: text(form.emails) },
    scopes: {
      scopes: {
        type: 'multi_static_select',
        selected_options: (form.scopes ?? []).map((value) => ({ text: { type: 'plain_text', text: value }, value })),
      },
    },
    expiry: { expiry: select(form.expiry) },
    expiry_date: { expiry_date: { type: 'datepicker', selected_date: form.expiryDate ?? null } },
    allowed_ips: { allowed_ips: text(form.allowedIps) },
    rate_limit: { rate_limit: text(form.rateLimit) },
  };
}

// Reading submitted modal inputs (block_id = action_id, per the contract).
import type { ViewOutput } from '@slack/bolt';

export function formValues(view: ViewOutput) {
  const v = view.state.values;
  const value = (block: string) => v[block]?.[block];
  return {
    owner: value('owner')?.selected_option?.value ?? '',
    label: value('label')?.value ?? '',
    description: value('description')?.value ?? '',
    apiVersion: value('api_version')?.selected_option?.value ?? undefined,
    primaryContact: value('primary_contact')?.selected_user ?? '',
    developerEmails: value('developer_emails')?.value ?? '',
    scopes: (value('scopes')?.selected_options ?? []).map((option) => option.value),
    expiry: value('expiry')?.selected_option?.value ?? undefined,
    expiryDate: value('expiry_date')?.selected_date ?? undefined,
  };
}

/** Domain refusals as `response_action: errors`, each on its block (unplaced ones on `fallback`). */
export function fieldErrors(problems: Array<{ field?: string; text: string }>, fallback: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    const block = problem.field ?? fallback;
    errors[block] = errors[block] ? `${errors[block]} ${problem.text}` : problem.text;
  }
  return errors;
}

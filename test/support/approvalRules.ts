// Approval rules as the catalog's parser makes them, for tests of what reads them.
import type { ApprovalRule } from '../../src/domain/approvals.js';

/** A rule for requests that asks one approval of anyone allowed, with `more` over it. */
export const approvalRule = (name: string, more: Partial<ApprovalRule> = {}): ApprovalRule => ({
  name,
  operations: ['request'],
  owners: [],
  scopes: [],
  required: 1,
  approvers: [],
  escalateTo: [],
  ...more,
});

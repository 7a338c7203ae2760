// Token requests' SQL: every change of a request locks its row first ($1: its id).
export const LOCK_APPROVAL_REQUEST = `SELECT id FROM approval_requests WHERE id = $1::uuid FOR UPDATE`;

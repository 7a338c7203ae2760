// Requests' SQL (approval_requests): every change of a request locks its row first ($1: its id).
export const LOCK_APPROVAL_REQUEST = `SELECT id FROM approval_requests WHERE id = $1::uuid FOR UPDATE`;

/** Links an approved change's request to its token, in the change's transaction ($1 request id,
 *  $2 token id, $3 display id): once only (no row when carried out before). Done at once, except
 *  a reset: done once its new secret arrives. */
export const LINK_APPROVED_CHANGE = `UPDATE approval_requests SET token_id = $2::uuid, display_id = $3, delivered_at = CASE WHEN kind = 'reset' THEN NULL ELSE now() END,
    secret_digest = $4
  WHERE id = $1::uuid AND state = 'approved' AND token_id IS NULL AND delivered_at IS NULL`;

/** A secret a request's token or reset was made with reached its holder: its request is
 *  delivered, in the confirming transaction ($1: the secret's digest). */
export const SECRET_DELIVERED = `UPDATE approval_requests SET delivered_at = now()
  WHERE secret_digest = $1 AND state = 'approved' AND delivered_at IS NULL`;

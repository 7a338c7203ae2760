// What Slack listeners need: domain services only (no store, Redis or queue), the catalog,
// the user's language, and where answers may be posted.
import type { WebClient } from '@slack/web-api';
import type { ApiKeyService } from '../domain/apiKeys.js';
import type { Catalog } from '../domain/catalog.js';
import type { ChangeRequests } from '../domain/changeRequests.js';
import type { LeakService } from '../domain/leaks.js';
import type { Once } from '../domain/once.js';
import type { RequestScheduler, RequestService } from '../domain/requests.js';
import type { RevocationScheduler, RevocationService } from '../domain/revocations.js';
import type { SavedLists } from '../domain/savedLists.js';
import type { TenantService } from '../domain/tenantService.js';
import type { TokenService } from '../domain/tokenService.js';
import type { WebhookService } from '../domain/webhooks.js';
import type { Language } from '../i18n/index.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { ResponseUrls } from './flows/responseUrl.js';
import type { Steps } from './flows/steps.js';
import type { Locales } from './locale.js';
import type { Outbox } from './web/dm.js';
import type { SlackContext } from './context.js';

export type SlackServices = {
  tokens: TokenService;
  tenants: TenantService;
  revocations: RevocationService;
  /** Token requests decided under the catalog's approval policies. */
  requests: RequestService;
  /** Revocations, resets and extensions the approval policy covers, asked on the same engine. */
  changes: ChangeRequests;
  /** Management API keys (/token apikey). */
  apiKeys: ApiKeyService;
  /** Recognises a working secret pasted into Slack; reports one posted in a conversation or a message reported. */
  leaks: Pick<LeakService, 'pasted' | 'pastedByOther' | 'action' | 'digestsOf' | 'reportOutcome'>;
  /** Event receivers (`/token webhook`). */
  webhooks: WebhookService;
  lists: SavedLists;
  once: Once;
  catalog: Catalog;
  metrics: Metrics;
  logger: Logger;
  /** Schedules a posted revocation request's expiry (the job queue). */
  scheduler: RevocationScheduler;
  /** Schedules a posted token request's expiry and escalation (the job queue). */
  requestScheduler: RequestScheduler;
  /** A Slack account was deactivated: its tokens' admins are told to choose a new contact. */
  contactDeactivated(userId: string): Promise<void>;
  /** LEAK_SCAN_CHANNELS: messages in conversations the app is in are scanned for secrets. */
  leakScan?: { tokenPrefix: string };
  /** Where revocations are approved; unset: they happen at once, after a confirmation. */
  approvalsChannelId?: string;
  /** The language of messages a whole channel reads (WORKSPACE_LANGUAGE). */
  workspaceLanguage: Language;
  /** Workflow Builder steps: their ledger, and how the requests they wait on ended. */
  steps: Steps;
  /** TOKEN_PREFIX: what a tokenops secret starts with (redacted from step inputs; found in reported messages). */
  tokenPrefix: string;
  /** People's languages, from one cache of Slack's users.info. */
  locales: Locales;
  /** Messages at Slack's pace: outcomes told to everyone involved. */
  outbox: Outbox;
};

export type SlackDeps = SlackServices & { responseUrls: ResponseUrls };

/** How every flow (slack/flows) is called: `flow(f, input)`, `f` being what Bolt hands a
 *  listener (its client and the person's context) with the services. */
export type Flow = { deps: SlackDeps; client: WebClient; context: SlackContext };

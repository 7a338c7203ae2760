import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import type { SlackContext } from '../../context.js';
import { registerCreateToken } from './createToken.js';
import { registerEditToken } from './editToken.js';
import { registerExtendToken } from './extendToken.js';
import { registerListSearch } from './listSearch.js';
import { registerRequestToken } from './requestToken.js';
import { registerRevocationReasons } from './revocationReasons.js';

// Modal submissions (Bolt's view listeners); slack/views builds the Block Kit they answer with.
export function registerSubmissions(app: App<SlackContext>, deps: SlackDeps): void {
  registerCreateToken(app, deps);
  registerEditToken(app, deps);
  registerExtendToken(app, deps);
  registerRevocationReasons(app, deps);
  registerListSearch(app, deps);
  registerRequestToken(app, deps);
}

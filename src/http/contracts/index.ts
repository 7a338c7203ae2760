// Every HTTP endpoint, described once.
import { auditEndpoints } from './audit.js';
import type { Endpoint } from './contract.js';
import { healthEndpoints } from './health.js';
import { managementEndpoints } from './management.js';
import { secretScanningEndpoints } from './secretScanning.js';
import { verifyEndpoints } from './verify.js';

export const endpoints: Endpoint[] = [
  ...healthEndpoints,
  ...verifyEndpoints,
  ...secretScanningEndpoints,
  ...managementEndpoints,
  ...auditEndpoints,
];

import { createMemoryStores } from '../../../src/store/memory/index.js';
import { storeConformance } from './stores.js';

storeConformance('in memory', async () => createMemoryStores());

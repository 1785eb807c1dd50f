import { backendConformance } from '../conformance.js';
import { createMemoryBackend } from './memory.js';

backendConformance('memory', async () => {
  const b = createMemoryBackend();
  await b.start();
  return b;
});

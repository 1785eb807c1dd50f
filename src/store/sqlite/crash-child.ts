// Helper process for the durability test (not a test itself): creates keys with 32 writers in flight until killed,
// printing each key on its own line only after its create resolved. Usage: node crash-child.js <db path>
import { createSqliteBackend } from './sqlite.js';

const path = process.argv[2];
if (!path) throw new Error('Missing database path: pass it as the first argument');
const b = createSqliteBackend({ path });
await b.start();
let next = 0;
const value = JSON.stringify({ kind: 'ConfigMap', data: { pad: 'x'.repeat(200) } });
await Promise.all(Array.from({ length: 32 }, async () => {
  for (;;) {
    const key = `/crash/${next++}`;
    await b.create(key, value);
    process.stdout.write(key + '\n');
  }
}));

// A watch that decodes whole objects (unlike watcher.ts, which only pulls out names): one TLS connection, events
// handed over with their receipt time; when the server ends the stream it resumes from the last resourceVersion
// seen, as an informer would. A 410 Gone (or any ERROR event) is counted, never hidden.
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Credentials } from './client.js';

export interface WatchedObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface ObjectWatch {
  /** ERROR events received (e.g. 410 Gone: the watch could not resume and events may be missing). */
  errors: string[];
  /** Times the stream ended and was resumed. */
  reconnects: number;
  close(): void;
}

export interface ObjectWatchOptions {
  port: number;
  tls: Credentials;
  /** Collection path without query, e.g. /api/v1/namespaces/b6/pods */
  path: string;
  /** Start after this revision (from a LIST). */
  resourceVersion: string;
  /** Extra query, e.g. 'labelSelector=a%3Db'. */
  query?: string;
  onEvent(type: WatchEventType, obj: WatchedObject, receivedAt: number): void;
}

export function watchObjects(o: ObjectWatchOptions): ObjectWatch {
  let rv = o.resourceVersion;
  let closing = false;
  let req: ReturnType<typeof https.request> | undefined;
  const w: ObjectWatch = {
    errors: [], reconnects: 0,
    close: () => { closing = true; req?.destroy(); },
  };
  const open = () => {
    if (closing) return;
    let retried = false;
    const retry = (ms: number) => { if (closing || retried) return; retried = true; w.reconnects++; setTimeout(open, ms); };
    const q = `watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(rv)}${o.query ? `&${o.query}` : ''}`;
    req = https.request({ host: '127.0.0.1', port: o.port, path: `${o.path}?${q}`, method: 'GET', agent: false, ca: o.tls.ca, cert: o.tls.cert, key: o.tls.key, headers: { Accept: 'application/json' } }, (res) => {
      if (res.statusCode !== 200) { w.errors.push(`HTTP ${res.statusCode}`); res.resume(); return; } // no retry: a wrong path stays wrong
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const t = performance.now();
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (!line.trim()) continue;
          const ev = JSON.parse(line) as { type: WatchEventType; object: WatchedObject };
          if (ev.type === 'ERROR') { w.errors.push(JSON.stringify(ev.object).slice(0, 300)); continue; }
          rv = ev.object.metadata?.resourceVersion ?? rv;
          o.onEvent(ev.type, ev.object, t);
        }
      });
      res.once('close', () => retry(100));
    });
    req.on('error', (e) => { if (!closing && !retried) { w.errors.push(e.message); retry(500); } });
    req.end();
  };
  open();
  return w;
}

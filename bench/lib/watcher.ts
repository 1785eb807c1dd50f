// A cheap watch client for fan-out measurements: one TLS connection per watch (as separate informers would have),
// the receipt time taken when a chunk arrives, and only the object name pulled out of each event line (a regex,
// not a JSON parse) so that a thousand watchers in one client process cost as little as possible.
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Credentials } from './client.js';

export interface WatchStream {
  /** Sequence numbers (from names `<prefix><n>`) of ADDED events, and when each arrived. */
  seqs: number[];
  times: number[];
  errors: number;
  /** The stream ended or failed while we still wanted it: a real client would relist now. */
  endedEarly: boolean;
  close(): void;
}

export function openWatch(o: { port: number; tls: Credentials; path: string; namePrefix: string }): Promise<WatchStream> {
  const re = new RegExp(`"name":"${o.namePrefix}(\\d+)"`);
  return new Promise((resolve, reject) => {
    let closing = false;
    const w: WatchStream = {
      seqs: [], times: [], errors: 0, endedEarly: false,
      close: () => { closing = true; req.destroy(); },
    };
    const req = https.request({ host: '127.0.0.1', port: o.port, path: o.path, method: 'GET', agent: false, ca: o.tls.ca, cert: o.tls.cert, key: o.tls.key, headers: { Accept: 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`watch ${o.path}: HTTP ${res.statusCode}`));
        res.resume();
        return;
      }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const t = performance.now();
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.startsWith('{"type":"ERROR"')) { w.errors++; continue; }
          if (!line.startsWith('{"type":"ADDED"')) continue;
          const m = re.exec(line);
          if (m) { w.seqs.push(Number(m[1])); w.times.push(t); }
        }
      });
      const ended = () => { if (!closing) w.endedEarly = true; };
      res.on('end', ended);
      res.on('close', ended);
      resolve(w);
    });
    req.on('error', (e) => { if (!closing) { w.endedEarly = true; reject(e); } });
    req.end();
  });
}

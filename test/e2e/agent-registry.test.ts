// Issue 4: image pulls from a registry. A local registry (Debian's docker-registry on 127.0.0.1) serves the busybox
// test image; the node is told it is plain HTTP with a k3s-style registries.yaml (--private-registry). Pods with
// imagePullPolicy Always pull it (Pulling/Pulled events with the kubelet's wording), Never refuses an image that is
// absent (ErrImageNeverPull), and a missing image goes ErrImagePull → ImagePullBackOff.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, kubectl, testImages, eventually, BUSYBOX, type Server } from './harness.js';
import { pushImage, startRegistry, type Registry } from './registry.js';

describe('issue 4: pulling images from a registry', () => {
  let s: Server;
  let reg: Registry;
  let dir: string;
  let image: string;
  const v = '1.33';
  const ok = async (args: string[], input?: string) => {
    const r = await kubectl(s, v, args, { input });
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const events = async (pod: string) => JSON.parse(await ok(['get', 'events', '--field-selector', `involvedObject.name=${pod}`, '-o', 'json'])).items as { reason: string; message: string; type: string }[];
  const pod = (name: string, img: string, policy: string) => JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: img, imagePullPolicy: policy, command: ['sleep', '3600'] }] },
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skiff-e2e-registry-'));
    reg = await startRegistry(join(dir, 'registry'));
    const imgs = await testImages();
    image = await pushImage(imgs.layouts.busybox, BUSYBOX, reg.host); // → <host>/busybox:1.36
    const registries = join(dir, 'registries.yaml');
    writeFileSync(registries, `mirrors:\n  "${reg.host}":\n    endpoint:\n      - "http://${reg.host}"\n`);
    s = await startServer({ agent: true, args: ['--private-registry', registries] });
  });
  after(async () => {
    await s?.stop();
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Always pulls from the plain-HTTP registry with Pulling/Pulled events', async () => {
    await ok(['apply', '-f', '-'], pod('pulled', image, 'Always'));
    await ok(['wait', '--for=condition=Ready', 'pod/pulled', '--timeout=120s']);
    const ev = await events('pulled');
    assert.ok(ev.some((e) => e.reason === 'Pulling' && e.message === `Pulling image "${image}"`), JSON.stringify(ev));
    const pulled = ev.find((e) => e.reason === 'Pulled');
    assert.match(pulled?.message ?? '', new RegExp(`^Successfully pulled image "${image.replace(/[.]/g, '\\.')}" in \\d+(\\.\\d+)?m?s \\(\\d+(\\.\\d+)?m?s including waiting\\)\\. Image size: \\d+ bytes\\.$`));
    const p = JSON.parse(await ok(['get', 'pod', 'pulled', '-o', 'json']));
    assert.match(p.status.containerStatuses[0].imageID, /sha256:[0-9a-f]{64}$/);
  });

  it('Never with an absent image: ErrImageNeverPull; a missing tag: ErrImagePull then ImagePullBackOff', async () => {
    await ok(['apply', '-f', '-'], pod('never', `${reg.host}/absent:1.0`, 'Never'));
    await ok(['apply', '-f', '-'], pod('missing', `${reg.host}/busybox:no-such-tag`, 'IfNotPresent'));
    await eventually(async () => {
      const p = JSON.parse(await ok(['get', 'pod', 'never', '-o', 'json']));
      return p.status.containerStatuses?.[0]?.state?.waiting?.reason === 'ErrImageNeverPull';
    }, 'ErrImageNeverPull', 60_000);
    const reasons = new Set<string>();
    await eventually(async () => {
      const p = JSON.parse(await ok(['get', 'pod', 'missing', '-o', 'json']));
      const r = p.status.containerStatuses?.[0]?.state?.waiting?.reason;
      if (r) reasons.add(r);
      return r === 'ImagePullBackOff';
    }, 'ImagePullBackOff', 90_000);
    const ev = await events('missing');
    assert.ok(ev.some((e) => e.reason === 'Failed' && e.type === 'Warning' && e.message.startsWith(`Failed to pull image "${reg.host}/busybox:no-such-tag"`)), JSON.stringify(ev.map((e) => e.message)));
    assert.ok(ev.some((e) => e.reason === 'BackOff' && e.message === `Back-off pulling image "${reg.host}/busybox:no-such-tag"`), JSON.stringify(ev.map((e) => e.message)));
    // the image present on the node still runs with IfNotPresent
    await ok(['run', 'local', `--image=${BUSYBOX}`, '--image-pull-policy=IfNotPresent', '--', 'sleep', '3600']);
    await ok(['wait', '--for=condition=Ready', 'pod/local', '--timeout=60s']);
  });
});

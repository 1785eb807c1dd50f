// The e2e suite's busybox image (test/e2e/images.ts: built from busybox-static, cached by digest in the same
// directory the harness uses), as an OCI archive for <dataDir>/agent/images/.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestImages, TEST_IMAGE_REFS } from '../../test/e2e/images.js';

export const BUSYBOX = TEST_IMAGE_REFS.busybox;

export async function busyboxArchive(): Promise<string> {
  return (await buildTestImages(join(tmpdir(), 'skiff-e2e-images'))).busybox;
}

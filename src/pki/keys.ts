// EC P-256 keys: generated with node:crypto, written as SEC1 PEM ("EC PRIVATE KEY", what k3s and kubeadm write),
// and imported into WebCrypto for @peculiar/x509, which signs through the WebCrypto API.
import { createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto } from 'node:crypto';

export const subtle = webcrypto.subtle;
/** The WebCrypto provider handed to every @peculiar/x509 call (no global provider state). */
export const cryptoProvider = webcrypto;

const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const SIGNING_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface KeyMaterial {
  /** SEC1 PEM of the private key. */
  keyPem: string;
  keys: webcrypto.CryptoKeyPair;
}

export function generateKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return privateKey.export({ type: 'sec1', format: 'pem' }).toString();
}

/** Imports a PEM private key (SEC1 or PKCS#8, EC P-256) as a WebCrypto key pair. */
export async function importKeyPem(keyPem: string): Promise<KeyMaterial> {
  const priv = createPrivateKey(keyPem);
  if (priv.asymmetricKeyType !== 'ec' || priv.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('Cannot use private key: only EC P-256 keys are supported');
  }
  const pkcs8 = priv.export({ type: 'pkcs8', format: 'der' });
  const spki = createPublicKey(priv).export({ type: 'spki', format: 'der' });
  const privateKey = await subtle.importKey('pkcs8', pkcs8, EC_ALG, true, ['sign']);
  const publicKey = await subtle.importKey('spki', spki, EC_ALG, true, ['verify']);
  return { keyPem, keys: { privateKey, publicKey } as webcrypto.CryptoKeyPair };
}

export async function newKey(): Promise<KeyMaterial> {
  return importKeyPem(generateKeyPem());
}

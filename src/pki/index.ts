export { createCA, issueClientCert, issueServingCert, certSANs, canonicalIP, type CertKeyPair, type ClientCertOptions, type ServingCertOptions } from './certs.js';
export { ensureServerPKI, pkiFiles, coversSANs, isCurrent, signedBy, type ServerPKI, type ServerPKIOptions } from './server-pki.js';
export { writeKubeconfig, renderKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
export { ensureToken, parseToken, formatToken, hashCA, tokenMatchesCA, type JoinToken } from './token.js';
export { generateKeyPem } from './keys.js';
export { issueNodeCredentials, issueAgentClientCert, AGENT_CLIENT_CN, type NodeCredentials } from './node-credentials.js';

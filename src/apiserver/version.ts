// The Kubernetes version Skiff serves (/version, Node kubeletVersion's base), in a module of its own so that
// `skiff --version` does not load the API server.
export const SKIFF_VERSION = { major: '1', minor: '30', gitVersion: 'v1.30.0+skiff' };

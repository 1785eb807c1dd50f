export { renderContainerdConfig, type ContainerdConfigOptions } from './config.js';
export { writeRegistryMirrors, renderHostsToml, type RegistryHost } from './registries.js';
export { detectSnapshotter, overlaySupported, type Snapshotter } from './snapshotter.js';
export { startContainerd, type StartContainerdOptions, type ContainerdProcess, type ContainerdEvent } from './containerd.js';
export { criVersion, type CriVersion } from './cri-version.js';
export { importImageTarballs, listTarballs, type ImportOptions, type ImportResult } from './import.js';
export { unmountUnder, removeDirs } from './cleanup.js';
export { Supervisor, nextBackoff, type SupervisorEvent } from './supervisor.js';

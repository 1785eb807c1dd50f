export { buildOciImage, imageBlobs, hostArch, sha256, type BuildOciImageOptions, type ImageFile, type ImageRunConfig, type OciImage, type Blob } from './image.js';
export { writeOciLayout, writeOciArchive, ociArchive, tagOf } from './layout.js';
export { writeTar, readTar, type TarEntry } from './tar.js';
export * from './media-types.js';

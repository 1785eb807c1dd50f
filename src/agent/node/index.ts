export * from './addresses.js';
export * from './build.js';
export * from './capacity.js';
export * from './conditions.js';
export * from './host.js';
export * from './images.js';
export * from './info.js';
export * from './reporter.js';

export * from './reconciler.js';
export * from './expectations.js';
export * from './runner.js';
export * from './manager.js';

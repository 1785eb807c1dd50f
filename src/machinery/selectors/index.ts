export * from './validation.js';
export * from './labels.js';
export * from './fields.js';

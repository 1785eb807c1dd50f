// The one entry to @peculiar/x509: loads the Reflect polyfill first (ESM evaluates imports in order).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export { x509 };

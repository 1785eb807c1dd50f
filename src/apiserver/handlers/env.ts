// Services the write handlers use, provided by the server.
import type { KObject } from '../../api/types.js';
import type { Clock } from '../../machinery/clock.js';
import type { ResourceEntry } from '../registry/registry.js';
import type { UserInfo } from '../auth/authn.js';
import type { FieldValidation } from './decode.js';

export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  entry: ResourceEntry;
  namespace: string;
  name: string;
  subresource: string;
  object?: KObject;
  old?: KObject;
  user: UserInfo;
  dryRun: boolean;
}

export interface Admission {
  /** Mutating then validating admission; throws ApiError to refuse. May change `object` in place. */
  admit(a: AdmissionAttributes): Promise<void>;
  /** After a successful (non-dry-run) write: release/allocate side resources. */
  committed?(a: AdmissionAttributes & { result: KObject; deleted?: boolean }): Promise<void>;
}

export interface SchemaCheckResult { unknownFields: string[]; errors: string[] }

export interface SchemaChecker {
  /** Unknown fields (as `.spec.foo` paths) and type errors of a decoded object against its kind's schema. */
  check(entry: ResourceEntry, obj: KObject, mode: FieldValidation): SchemaCheckResult;
}

export interface WriteEnv {
  clock: Clock;
  admission: Admission;
  schema: SchemaChecker;
}

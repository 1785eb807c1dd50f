// Strategic merge patch failures, worded as apimachinery's mergepatch/strategicpatch errors and shaped as the apiserver
// answers them: a few become 400 or 422 (interpretStrategicMergePatchError), all others reach the client unconverted
// as 500 with no reason (`Error from server: map: map[image:x] does not contain declared merge key: name`).
import type { ApiError } from '../errors.js';
import { badRequest, patchRejected, unconvertedError } from './errors.js';
import { goS, goTypeName, goV } from './gofmt.js';

export const badRetainKeys = (): ApiError => badRequest('invalid patch format of retainKeys');
export const badPrimitiveList = (): ApiError => badRequest('invalid patch format of primitive list');
export const badSetElementOrder = (): ApiError => badRequest('invalid patch format of setElementOrder list');
export const noListOfLists = (): ApiError => patchRejected('lists of lists are not supported');

export const noMergeKey = (m: unknown, key: string): ApiError =>
  unconvertedError(`map: ${goV(m)} does not contain declared merge key: ${key}`);
export const badPatchType = (t: unknown, m: unknown): ApiError =>
  unconvertedError(`unknown patch type: ${goS(t)} in map: ${goV(m)}`);
export const badArgType = (expected: string, actual: unknown): ApiError =>
  unconvertedError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
export const notAMap = (index: number): ApiError => unconvertedError(`value for key ${index} is not a map`);
export const mergeDirectiveInList = (): ApiError => unconvertedError('merging lists cannot yet be specified in the patch');
export const mixedElementTypes = (lists: unknown[][]): ApiError =>
  unconvertedError(`list element types are not identical: ${goV(lists)}`);
export const noElements = (): ApiError => unconvertedError('no elements in any of the given slices');
export const noMergeKeyDeclared = (field: string): ApiError =>
  unconvertedError(`cannot merge lists without merge key for ${field}`);
export const orderMismatch = (patchList: unknown, order: unknown): ApiError =>
  unconvertedError(`The order in patch list:\n${goV(patchList)}\n doesn't match $setElementOrder list:\n${goV(order)}\n`);

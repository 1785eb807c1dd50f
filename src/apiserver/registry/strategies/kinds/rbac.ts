// rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding, ClusterRoleBinding (rbac v1 defaults, rbac validation).
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { defineStrategy } from '../base.js';
import { arr, child, deepEqual, goRepr, isObj, str, type Obj } from '../util.js';
import { validateLabelSelector } from '../validation/common.js';
import { isDNS1123Subdomain, pathSegmentName } from '../validation/names.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function validateRules(rules: unknown, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  arr(rules).forEach((r, i) => {
    const p = `rules[${i}]`;
    if (arr(r.verbs).length === 0) errs.push(fieldErr.required(`${p}.verbs`, 'verbs must contain at least one value'));
    if (arr(r.nonResourceURLs).length > 0) {
      if (namespaced) errs.push(fieldErr.invalid(`${p}.nonResourceURLs`, r.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (arr(r.apiGroups).length || arr(r.resources).length || arr(r.resourceNames).length) {
        errs.push(fieldErr.invalid(`${p}.nonResourceURLs`, r.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (arr(r.apiGroups).length === 0) errs.push(fieldErr.required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (arr(r.resources).length === 0) errs.push(fieldErr.required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

function defaultBinding(b: Obj): void {
  const ref = child(b, 'roleRef');
  if (!ref.apiGroup) ref.apiGroup = RBAC_GROUP;
  for (const s of arr(b.subjects)) {
    if (s.apiGroup) continue;
    if (s.kind === 'ServiceAccount') s.apiGroup = '';
    else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
  }
}

function validateSubjects(b: Obj, clusterScoped: boolean): FieldError[] {
  const errs: FieldError[] = [];
  arr(b.subjects).forEach((s, i) => {
    const p = `subjects[${i}]`;
    if (!s.name) errs.push(fieldErr.required(`${p}.name`, ''));
    switch (s.kind) {
      case 'ServiceAccount':
        if (s.name) for (const m of isDNS1123Subdomain(str(s.name))) errs.push(fieldErr.invalid(`${p}.name`, s.name, m));
        if (s.apiGroup) errs.push(fieldErr.notSupported(`${p}.apiGroup`, s.apiGroup, ['']));
        if (clusterScoped && !s.namespace) errs.push(fieldErr.required(`${p}.namespace`, ''));
        break;
      case 'User': case 'Group':
        if (s.apiGroup !== RBAC_GROUP) errs.push(fieldErr.notSupported(`${p}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
        break;
      default:
        errs.push(fieldErr.notSupported(`${p}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
    }
  });
  return errs;
}

function validateBinding(b: Obj, kinds: string[], clusterScoped: boolean): FieldError[] {
  const ref = isObj(b.roleRef) ? b.roleRef : {};
  const errs: FieldError[] = [];
  if (ref.apiGroup !== RBAC_GROUP) errs.push(fieldErr.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  if (!kinds.includes(ref.kind)) errs.push(fieldErr.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(fieldErr.required('roleRef.name', ''));
  else for (const m of pathSegmentName(str(ref.name), false)) errs.push(fieldErr.invalid('roleRef.name', ref.name, m));
  return [...errs, ...validateSubjects(b, clusterScoped)];
}

function roleRefImmutable(b: Obj, old: Obj): FieldError[] {
  if (deepEqual(b.roleRef, old.roleRef)) return [];
  const r = isObj(b.roleRef) ? b.roleRef : {};
  const v = goRepr(`rbac.RoleRef{APIGroup:${JSON.stringify(str(r.apiGroup))}, Kind:${JSON.stringify(str(r.kind))}, Name:${JSON.stringify(str(r.name))}}`);
  return [fieldErr.invalid('roleRef', v, 'cannot change roleRef')];
}

export const roleStrategy = defineStrategy({
  namespaced: true, nameValidator: pathSegmentName,
  validate: (r) => validateRules(r.rules, true),
});

export const clusterRoleStrategy = defineStrategy({
  namespaced: false, nameValidator: pathSegmentName,
  validate: (r) => {
    const errs = validateRules(r.rules, false);
    if (isObj(r.aggregationRule)) {
      const sels = arr(r.aggregationRule.clusterRoleSelectors);
      if (sels.length === 0) errs.push(fieldErr.required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
      sels.forEach((s, i) => errs.push(...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`)));
    }
    return errs;
  },
});

export const roleBindingStrategy = defineStrategy({
  namespaced: true, nameValidator: pathSegmentName,
  defaults: defaultBinding,
  validate: (b) => validateBinding(b, ['Role', 'ClusterRole'], false),
  validateUpdate: roleRefImmutable,
});

export const clusterRoleBindingStrategy = defineStrategy({
  namespaced: false, nameValidator: pathSegmentName,
  defaults: defaultBinding,
  validate: (b) => validateBinding(b, ['ClusterRole'], true),
  validateUpdate: roleRefImmutable,
});


// apiextensions.k8s.io/v1 CustomResourceDefinition: defaults, storedVersions on create/update, spec validation.
// Establishing names (status.conditions, acceptedNames) is the CRD controller's work, elsewhere.
import { fieldErr, type FieldError } from '../../../../machinery/errors.js';
import { defineStrategy } from '../base.js';
import { arr, child, isObj, str, type Obj } from '../util.js';
import { immutable, notSupported } from '../validation/common.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from '../validation/names.js';

function specOf(o: Obj): Obj {
  return isObj(o.spec) ? o.spec : {};
}

function storageVersion(crd: Obj): string | undefined {
  return str(arr(specOf(crd).versions).find((v) => v.storage === true)?.name) || undefined;
}

function validateNames(names: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const plural = str(names.plural);
  if (!plural) errs.push(fieldErr.required(`${path}.plural`, ''));
  else for (const m of isDNS1035Label(plural)) errs.push(fieldErr.invalid(`${path}.plural`, plural, m));
  if (names.singular) for (const m of isDNS1035Label(str(names.singular))) errs.push(fieldErr.invalid(`${path}.singular`, names.singular, m));
  if (!names.kind) errs.push(fieldErr.required(`${path}.kind`, ''));
  if (!names.listKind) errs.push(fieldErr.required(`${path}.listKind`, ''));
  else if (names.listKind === names.kind) errs.push(fieldErr.invalid(`${path}.listKind`, names.listKind, 'kind and listKind may not be the same'));
  arr(names.shortNames).forEach((s, i) => { for (const m of isDNS1123Label(str(s))) errs.push(fieldErr.invalid(`${path}.shortNames[${i}]`, s, m)); });
  return errs;
}

export const customResourceDefinitionStrategy = defineStrategy({
  namespaced: false, statusSubresource: true, tracksGeneration: true,
  initialStatus: (crd) => {
    const sv = storageVersion(crd);
    return { acceptedNames: { kind: '', plural: '' }, storedVersions: sv ? [sv] : [] };
  },
  defaults: (crd) => {
    const spec = child(crd, 'spec');
    const names = child(spec, 'names');
    if (!names.singular && names.kind) names.singular = str(names.kind).toLowerCase();
    if (!names.listKind && names.kind) names.listKind = `${str(names.kind)}List`;
    if (!isObj(spec.conversion)) spec.conversion = { strategy: 'None' };
    const svc = spec.conversion?.webhook?.clientConfig?.service;
    if (isObj(svc) && svc.port == null) svc.port = 443;
  },
  prepareForUpdate: (crd) => {
    const sv = storageVersion(crd);
    const st = child(crd, 'status');
    const stored = arr(st.storedVersions) as unknown as string[];
    if (sv && !stored.includes(sv)) st.storedVersions = [...stored, sv];
  },
  validate: (crd) => {
    const spec = specOf(crd);
    const errs: FieldError[] = [];
    const names = isObj(spec.names) ? spec.names : {};
    const group = str(spec.group);
    const want = `${str(names.plural)}.${group}`;
    if (str(crd.metadata?.name) !== want) errs.push(fieldErr.invalid('metadata.name', str(crd.metadata?.name), 'must be spec.names.plural+"."+spec.group'));
    if (!group) errs.push(fieldErr.required('spec.group', ''));
    else {
      for (const m of isDNS1123Subdomain(group)) errs.push(fieldErr.invalid('spec.group', group, m));
      if (!group.includes('.')) errs.push(fieldErr.invalid('spec.group', group, 'should be a domain with at least one dot'));
    }
    errs.push(...notSupported(spec.scope, 'spec.scope', ['Cluster', 'Namespaced']));
    errs.push(...validateNames(names, 'spec.names'));
    const versions = arr(spec.versions);
    if (versions.length === 0) errs.push(fieldErr.required('spec.versions', 'must have exactly one version marked as storage version'));
    const seen = new Set<string>(); let unique = true;
    versions.forEach((v, i) => {
      const name = str(v.name);
      if (seen.has(name)) unique = false;
      seen.add(name);
      const m = isDNS1035Label(name);
      if (m.length) errs.push(fieldErr.invalid(`spec.versions[${i}].name`, name, m.join(',')));
      if (!isObj(v.schema) || !isObj(v.schema.openAPIV3Schema)) errs.push(fieldErr.required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
    });
    if (!unique) errs.push(fieldErr.invalid('spec.versions', versions, 'must contain unique version names'));
    if (versions.length > 0 && versions.filter((v) => v.storage === true).length !== 1) {
      errs.push(fieldErr.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
    }
    if (versions.length > 0 && !versions.some((v) => v.served === true)) {
      errs.push(fieldErr.invalid('spec.versions', versions, 'must have at least one version marked as served'));
    }
    errs.push(...notSupported(spec.conversion?.strategy, 'spec.conversion.strategy', ['None', 'Webhook']));
    return errs;
  },
  validateUpdate: (crd, old) => [
    ...immutable(specOf(crd).scope, specOf(old).scope, 'spec.scope'),
    ...immutable(specOf(crd).group, specOf(old).group, 'spec.group'),
  ],
});

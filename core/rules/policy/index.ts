export { PolicySchema, type Policy } from './schema.js';
export { loadPolicySet, getPolicy, DEFAULT_POLICY, type PolicySet } from './load.js';
export { packageRoot, packageVersion } from '../../config/package-info.js';

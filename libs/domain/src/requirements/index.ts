export * from './requirements-table';
export * from './validate-requirements-table';
export * from './eligibility';
export { visitsFor } from './visits';

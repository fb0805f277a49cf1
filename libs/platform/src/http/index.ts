export * from './schema-validation.pipe';

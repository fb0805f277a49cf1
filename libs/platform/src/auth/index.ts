export * from './roles';
export * from './session-token';
export * from './token-keys';
export * from './auth.decorators';
export * from './auth.guard';
export * from './auth.module';

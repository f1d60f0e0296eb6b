export * from './activities';
export * from './workflow-gateway';
export * from './temporal-engine';
export * from './temporal-server';
export * from './dev-server';
export * from './connect';
export * from './connection-options';

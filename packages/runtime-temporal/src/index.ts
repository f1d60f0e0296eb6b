export * from './activities';
export * from './read-side';
export * from './prepare-guidance';
export * from './workflow-gateway';
export * from './temporal-engine';
export * from './temporal-server';
export * from './connect';

export * from './enabled-effects';
export * from './create-host';

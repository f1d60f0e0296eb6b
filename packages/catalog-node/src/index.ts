export * from './enabled-effects';
export * from './enabled-web';
export * from './create-host';

export * from './services';
export * from './backends';

// Node-side: database, SMTP, files. Imported by effects (plugins/core-effects/effects), the API and the worker only.
export * from './channels/notification-channel';
export * from './channels/email-addressing';
export * from './channels/email-channel';
export * from './channels/smtp-url';
export * from './delivery/delivery-dispatcher';
export * from './delivery/message-id';
export * from './plan-notifications';
export * from './recipients/notification-preferences';
export * from './recipients/resolve-recipients';
export * from './templates/notification-templates';
export * from './templates/session-invitation';
export * from './notice-board';
export * from './notify-options';
export * from './delivery/compose-digests';
export * from './email-verification';

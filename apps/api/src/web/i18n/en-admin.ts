import type { VI_ADMIN } from './vi-admin';

/**
 * English messages of the administration pages. Typed by the keys of VI_ADMIN, so the compiler refuses a missing or
 * an extra key.
 */
export const EN_ADMIN: Record<keyof typeof VI_ADMIN, string> = {
  // Administration
  'admin.title': 'Administration',
  'admin.heading': 'Administration',
  'admin.importLink': 'Import a cell’s members from CSV',
  'admin.queuesLink': 'Job queues (bull-board)',
  'admin.createHeading': 'Create an account',
  'admin.login': 'Login',
  'admin.displayName': 'Display name',
  'admin.password': 'Initial password',
  'admin.memberLink': 'Is a Party member (optional)',
  'admin.memberOrg': 'Cell code',
  'admin.memberCode': 'Member code',
  'admin.grant': 'Role',
  'admin.role': 'Role',
  'admin.org': 'Unit code',
  'admin.create': 'Create account',
  'admin.created': 'Account {login} created.',
  'admin.accounts': 'Accounts and role scopes',
  'admin.disabled': 'disabled',
  'admin.removeGrant': 'Revoke',
  'admin.removeGrantOf': 'Revoke {grant}',
  'admin.addGrant': 'Add role',
  'import.title': 'Import members',
  'import.heading': 'Import a member list',
  'import.cell': 'Cell',
  'import.csv': 'CSV content',
  'import.file': 'Or choose a CSV file',
  'import.submit': 'Import',
  'import.empty': 'No CSV content',
  'import.done': 'Imported: {created} new members, {updated} updated, {unchanged} unchanged.',
  'import.rowsHeading': 'Rows with errors (nothing was saved)',
  'import.row': 'Row',
  'import.code': 'Code',
  'import.problems': 'Problems',
};

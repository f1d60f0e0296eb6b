import type { VI_COMMON } from './vi-common';

/**
 * English messages of the layout and navigation, login, error pages and form controls shared by every page. Typed by
 * the keys of VI_COMMON, so the compiler refuses a missing or an extra key.
 */
export const EN_COMMON: Record<keyof typeof VI_COMMON, string> = {
  // Layout and navigation
  'layout.skip': 'Skip to main content',
  'layout.tagline': 'Party cell sessions',
  'layout.demoBanner': 'Demo: sample data, public passwords; served on this machine only (127.0.0.1). Not for real data.',
  'layout.logout': 'Sign out',
  'layout.signedInAs': 'Hello, {name}',
  'layout.nav': 'Main',
  'layout.breadcrumbs': 'You are here',
  'layout.simulatedClock': 'Simulated clock: {at}',
  'layout.footer': 'chibo — Party cell procedures. For use within the Party organisation only.',
  'nav.tasks': 'My tasks',
  'nav.dossiers': 'Cell dossiers',
  'nav.documents': 'Documents',
  'nav.procedures': 'Procedures',
  'nav.guidance': 'Guidance',
  'nav.rollup': 'Roll-up',
  'nav.audit': 'Audit',
  'nav.admin': 'Administration',
  'role.admin': 'Administrator',
  'role.committee': 'Committee',
  'role.secretary': 'Secretary',
  'role.member': 'Member',
  'role.auditor': 'Auditor',
  'role.cell-committee': 'Cell committee',
  'role.deputy-secretary': 'Deputy secretary',

  // Login
  'login.title': 'Sign in',
  'login.heading': 'Sign in',
  'login.lead': 'Use the account your cell or committee gave you.',
  'login.login': 'Login',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.missing': 'Please enter your login and password',
  'login.who': 'User',
  'login.as': 'Sign in as {who}',
  'login.demoHeading': 'Demo accounts',
  'login.demoLead': 'Sample data from the scenarios. Every account’s password: {password}',
  'login.demoMembers': 'Every member also has an account <cell code>.<member code>, e.g. cb-thcs-ai-mo.m04.',

  // Password
  'password.title': 'Change password',
  'password.heading': 'Change password',
  'password.lead': 'After the change, every other session of this account ends.',
  'password.required': 'Your password was set by someone else. Please choose a new one before you continue.',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.rules': 'At least 10 characters, not containing your login.',
  'password.confirm': 'New password again',
  'password.submit': 'Change password',
  'password.missingCurrent': 'Please enter your current password',
  'password.mismatch': 'The two new passwords do not match',
  'layout.account': 'Change password',

  // Errors
  'error.title': 'Error {status}',
  'error.back': 'Back to My tasks',
  'error.internal': 'Something went wrong on the server; please try again later.',
  'error.notFound': 'This page does not exist.',
  'error.badRequest': 'The request is not valid.',
  'error.forbidden': 'You may not do this.',
  'error.csrf': 'This form has expired or is not valid; please reload the page and try again.',
  'error.crossSite': 'The request did not come from a chibo page and was refused.',
  'error.readOnly': 'Auditor accounts can only read; nothing can be changed.',

  // Forms
  'form.submit': 'Submit',
  'form.update': 'Update',
  'form.addRow': 'Add a row',
  'form.removeRow': 'Remove this row',
  'form.row': 'Row {n}',
  'form.onePerLine': 'One item per line.',
  'form.errorsHeading': 'Please correct the following',
  'form.errorPrefix': 'Error:',
  'form.controlCharacters': 'Must not contain control characters (NUL)',
  'filter.apply': 'Filter',
  'filter.all': 'All',
  'pager.label': 'Pages',
  'pager.page': 'Page {page} of {pages}',
  'pager.prev': '‹ Previous',
  'pager.next': 'Next ›',
};

/** Thrown by the web guard when a page needs a login: the web filter redirects to the login page. */
export class LoginRequired extends Error {
  constructor() {
    super('Login required');
    this.name = 'LoginRequired';
  }
}

/** Thrown by the web guard while the account must change the password someone else set: the filter redirects there. */
export class PasswordChangeRequired extends Error {
  constructor() {
    super('Password change required');
    this.name = 'PasswordChangeRequired';
  }
}

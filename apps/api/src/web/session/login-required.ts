/** Thrown by the web guard when a page needs a login: the web filter redirects to the login page. */
export class LoginRequired extends Error {
  constructor() {
    super('Login required');
    this.name = 'LoginRequired';
  }
}

/** What the process that starts the server may tell the web pages (`startServer({ web })`). */
export interface WebUiOptions {
  /**
   * Demo accounts listed on the login page, with their shared password (`npm start` loads a demo organisation;
   * a real deployment passes nothing and the list does not appear).
   */
  demo?: { password: string; logins: Array<{ login: string; who: string }> };
}

/** DI token of the {@link WebUiOptions}. */
export const WEB_UI_OPTIONS = Symbol('WEB_UI_OPTIONS');

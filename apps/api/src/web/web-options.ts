/** What the process that starts the server may tell the web pages (`startServer({ web })`). */
export interface WebUiOptions {
  /**
   * Demo accounts listed on the login page, with their shared password (`npm start` loads a demo organisation;
   * a real deployment passes nothing and the list does not appear). `role` (admin, committee, secretary, member,
   * auditor) says what each account can do.
   */
  demo?: { password: string; logins: Array<{ login: string; who: string; role?: string }> };
}

/** DI token of the {@link WebUiOptions}. */
export const WEB_UI_OPTIONS = Symbol('WEB_UI_OPTIONS');

/**
 * OpenAPI tags and the authorization matrix that covers them. test/integration/authorization.int-spec.ts covers the
 * base modules (an app without the engine); test/integration/engine-authorization.int-spec.ts covers the engine
 * features and checks that every tag of the full app belongs to one of the two, so a new module cannot be added
 * without a row per operation.
 */
export const BASE_MATRIX_TAGS: ReadonlySet<string> = new Set(['auth', 'health', 'orgs', 'members', 'users']);
export const ENGINE_MATRIX_TAGS: ReadonlySet<string> = new Set(['procedures', 'guidance', 'instances', 'tasks', 'sessions', 'documents', 'findings', 'clock', 'audit', 'notifications', 'calendar', 'year']);

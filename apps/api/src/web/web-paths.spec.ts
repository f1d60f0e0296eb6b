import { safeNext, WEB, WEB_ROUTE_EXCLUDES } from './web-paths';

describe('web paths', () => {
  it.each([
    ['/viec-cua-toi', '/viec-cua-toi'],
    ['/huong-dan/abc?trang=2', '/huong-dan/abc?trang=2'],
    ['//evil.example/', WEB.tasks],
    ['/\\evil.example', WEB.tasks],
    ['https://evil.example/', WEB.tasks],
    ['/dang-nhap', WEB.tasks],
    [undefined, WEB.tasks],
  ])('should return to %s only when it is a page of ours', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it('should keep every web page out of the API prefix, and no API controller path in the web list', () => {
    const paths = WEB_ROUTE_EXCLUDES.map((r) => r.path);
    expect(paths).toContain('/');
    expect(paths).toContain('viec-cua-toi{/*rest}');
    for (const api of ['auth', 'orgs', 'users', 'procedures', 'guidance', 'instances', 'tasks', 'sessions', 'documents', 'findings', 'clock', 'audit', 'health']) {
      expect(paths.some((p) => p.startsWith(`${api}{`) || p === api)).toBe(false);
    }
  });
});

/** A minimal JSON client for the chibo API, with one bearer token per login. */
export class ApiClient {
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly passwords: (login: string) => string,
  ) {}

  async login(login: string): Promise<string> {
    const cached = this.tokens.get(login);
    if (cached) return cached;
    const res = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: this.passwords(login) }),
    });
    if (!res.ok) throw new Error(`Đăng nhập ${login} thất bại: ${res.status} ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    this.tokens.set(login, token);
    return token;
  }

  async request<T>(login: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const token = await this.login(login);
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** GETs a file (a document's HTML, PDF or DOCX): its status and bytes, whatever they are. */
  async download(login: string, path: string): Promise<{ status: number; body: Buffer; contentType: string | null }> {
    const token = await this.login(login);
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') };
  }

  /** Like `request`, but any non-2xx status is an error naming the call and the API's message. */
  async ok<T>(login: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request<T>(login, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} (${login}) → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

export interface HttpReply<T = any> {
  status: number;
  body: T;
}

/** A real HTTP call to a running gateway (the bench and the load suite, outside vitest's inject). */
export const httpClient =
  (baseUrl: string) =>
  async <T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpReply<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

export type HttpCall = ReturnType<typeof httpClient>;

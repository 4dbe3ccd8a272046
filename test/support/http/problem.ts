import { expect } from 'vitest';
import type { HttpReply } from './client';

/** Asserts an RFC 9457 problem+json response with the given status. */
export const expectProblem = (res: HttpReply, status: number) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  return res.body as { type: string; title: string; status: number; detail: string; errors?: Record<string, string[]> };
};

/** A 422 whose `errors` names exactly these fields (each with at least one message). */
export const expectInvalidFields = (res: HttpReply, fields: string[]) => {
  const problem = expectProblem(res, 422);
  expect(Object.keys(problem.errors ?? {}).sort()).toEqual([...fields].sort());
  for (const messages of Object.values(problem.errors ?? {})) {
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).toEqual(expect.any(String));
  }
  return problem;
};

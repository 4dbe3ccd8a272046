/**
 * Errors that carry an HTTP meaning. Thrown anywhere in shared code, turned into
 * RFC 9457 problem+json in exactly one place (shared/http/problem-json.ts).
 */
export type FieldErrors = Record<string, string[]>;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class BadRequest extends HttpProblem {
  constructor(detail: string) {
    super(400, 'Bad Request', detail);
  }
}

/** Carries the challenge RFC 6750 requires on a 401 of a bearer-token API. */
export class Unauthorized extends HttpProblem {
  constructor(detail = 'A valid bearer token is required.') {
    super(401, 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
}

export class Forbidden extends HttpProblem {
  constructor(detail = 'Your role may not call this route.') {
    super(403, 'Forbidden', detail);
  }
}

export class NotFound extends HttpProblem {
  constructor(detail = 'No such resource.') {
    super(404, 'Not Found', detail);
  }
}

export class Conflict extends HttpProblem {
  constructor(detail: string) {
    super(409, 'Conflict', detail);
  }
}

export class PayloadTooLarge extends HttpProblem {
  constructor(limitBytes: number) {
    super(413, 'Payload Too Large', `The body must not exceed ${limitBytes} bytes.`);
  }
}

export class ValidationFailed extends HttpProblem {
  constructor(errors: FieldErrors, detail = 'The request is not valid; see errors for each field.') {
    super(422, 'Unprocessable Content', detail, errors);
  }
}

export class TooManyRequests extends HttpProblem {
  constructor(retryAfterSeconds: number) {
    super(429, 'Too Many Requests', `Rate limit exceeded; retry after ${retryAfterSeconds} s.`, undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

export class ServiceUnavailable extends HttpProblem {
  constructor(detail: string, retryAfterSeconds: number) {
    super(503, 'Service Unavailable', detail, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/** 422 for one field: used where a rule needs the database (unknown product, unknown seller). */
export const invalidField = (field: string, message: string) => new ValidationFailed({ [field]: [message] });

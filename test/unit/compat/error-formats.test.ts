import { describe, expect, it } from 'vitest';
import { laravelErrors } from '#shared/compat/laravel/errors';
import { orderRoomErrors } from '#shared/compat/order-rooms/errors';
import { supportChatErrors } from '#shared/compat/support-chat-envelope/envelope';
import { NotFound, TooManyRequests, Unauthorized, ValidationFailed } from '#shared/errors';
import { problemResponse, serverError } from '#shared/input/problem-details';

const body = (r: { body?: string }) => JSON.parse(r.body!);

describe('dialect error formats', () => {
  it('Laravel: first sentence + "(and N more errors)", core fields renamed and phrased, literal 401/403/429', () => {
    const format = laravelErrors({ fields: { productId: 'product_id' } });
    const res = format(
      new ValidationFailed({
        title: ['The title field is required.'],
        productId: ['is not a known product'],
        page: ['The page field must be an integer.'],
      }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.headers).toEqual({ 'content-type': 'application/json' });
    expect(body(res)).toEqual({
      message: 'The title field is required. (and 2 more errors)',
      errors: {
        title: ['The title field is required.'],
        product_id: ['The product id is not a known product.'],
        page: ['The page field must be an integer.'],
      },
    });
    expect(body(format(new ValidationFailed({ a: ['One.'], b: ['Two.'] }))).message).toBe('One. (and 1 more error)');
    expect(body(format(new Unauthorized('The bearer token has expired.')))).toEqual({ message: 'Unauthenticated.' });
    expect(body(format(new NotFound()))).toEqual({ message: 'No such resource.' });
    const limited = format(new TooManyRequests(3));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers).toMatchObject({ 'Retry-After': '3' });
    expect(body(limited)).toEqual({ message: 'Too Many Attempts.' });
  });

  it('Laravel: a route’s documented 500 body, with no internals', () => {
    expect(body(laravelErrors({ serverErrorMessage: 'Failed to create conversation' })(serverError()))).toEqual({
      success: false,
      message: 'Failed to create conversation',
      error: 'The server failed to handle the request; it has been logged.',
    });
    expect(body(laravelErrors()(serverError()))).toEqual({
      message: 'The server failed to handle the request; it has been logged.',
    });
  });

  it('order rooms: { message, status, errors? } with core fields renamed', () => {
    const res = orderRoomErrors(new ValidationFailed({ participantId: ['is not a known user'] }));
    expect(body(res)).toEqual({
      message: 'The request is not valid; see errors for each field.',
      status: 422,
      errors: { vendor_id: ['is not a known user'] },
    });
  });

  it('support chat (000, 002): { success: false, message, status_code, errors? }, core fields renamed and phrased, no internals', () => {
    const invalid = supportChatErrors(
      new ValidationFailed({ message: ['The message field is required.'], productId: ['is not a known product'] }),
    );
    expect(invalid.statusCode).toBe(422);
    expect(invalid.headers).toEqual({ 'content-type': 'application/json' });
    expect(body(invalid)).toEqual({
      success: false,
      message: 'The message field is required.',
      status_code: 422,
      errors: { message: ['The message field is required.'], product_id: ['The product id is not a known product.'] },
    });
    expect(body(supportChatErrors(new NotFound()))).toEqual({
      success: false,
      message: 'No such resource.',
      status_code: 404,
    });
    const limited = supportChatErrors(new TooManyRequests(7));
    expect(limited.headers).toMatchObject({ 'Retry-After': '7' });
    expect(body(limited)).toMatchObject({ success: false, status_code: 429 });
    expect(body(supportChatErrors(serverError()))).toEqual({
      success: false,
      message: 'The server failed to handle the request; it has been logged.',
      status_code: 500,
    });
  });

  it('leaves problem+json as the default format', () => {
    const res = problemResponse(new NotFound(), 'req-1');
    expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    expect(body(res)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No such resource.',
      requestId: 'req-1',
    });
  });
});

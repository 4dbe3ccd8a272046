import { describe, expect, it } from 'vitest';
import { BadRequest, PayloadTooLarge, ValidationFailed } from '#shared/errors';
import { MAX_BODY_BYTES } from '#shared/input/json-body';
import { problemResponse } from '#shared/input/problem-details';
import { errorEvent } from '#shared/ws/error-event';
import { readFrame } from '#shared/ws/frame';

const frame = (body: string | undefined, isBase64Encoded = false) => ({ body, isBase64Encoded });

describe('readFrame (the HTTP body reader with a frame’s wording)', () => {
  it('reads a JSON object, base64 too, up to 64 KiB', () => {
    expect(readFrame(frame('{"action":"ping"}'))).toEqual({ action: 'ping' });
    expect(readFrame(frame(Buffer.from('{"action":"ping"}').toString('base64'), true))).toEqual({ action: 'ping' });
    expect(() => readFrame(frame(`{"p":"${'x'.repeat(MAX_BODY_BYTES)}"}`))).toThrow(PayloadTooLarge);
  });

  it('answers 400 in its own words, and an empty frame is not JSON (an HTTP body would be {})', () => {
    for (const text of [undefined, '', 'nope', '{'])
      expect(() => readFrame(frame(text)), text).toThrow(new BadRequest('The frame is not valid JSON.'));
    for (const text of ['[]', 'null', '"ping"']) {
      expect(() => readFrame(frame(text)), text).toThrow(
        new BadRequest('A frame must be a JSON object such as {"action":"ping"}.'),
      );
    }
  });
});

describe('errorEvent (problem+json members as a WebSocket event)', () => {
  it('carries what the HTTP problem body carries, typed error', () => {
    const problem = new ValidationFailed({ text: ['must not be empty'] });
    const { type, ...http } = JSON.parse(problemResponse(problem, 'req-1').body!);
    expect(type).toBe('about:blank');
    expect(errorEvent(problem, 'req-1')).toEqual({ type: 'error', ...http });
    expect(errorEvent(new BadRequest('bad'))).toEqual({
      type: 'error',
      status: 400,
      title: 'Bad Request',
      detail: 'bad',
    });
  });

  it('shows nothing of an unexpected error', () => {
    expect(errorEvent(new Error('arn:aws:dynamodb:secret'), 'req-2')).toEqual({
      type: 'error',
      status: 500,
      title: 'Internal Server Error',
      detail: 'The server failed to handle the action; it has been logged.',
      requestId: 'req-2',
    });
  });
});

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** docs/openapi.yaml, parsed once. */
export const openapi = parse(readFileSync(new URL('../../../docs/openapi.yaml', import.meta.url), 'utf8'));

type Schema = Record<string, any>;

const resolve = (schema: Schema): Schema => {
  if (!schema.$ref) return schema;
  const target = (schema.$ref as string)
    .slice(2)
    .split('/')
    .reduce((node: any, part) => node?.[part], openapi);
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(target);
};

const typeOf = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

/**
 * The ways `value` breaks `schema` (the subset of JSON Schema the document uses: $ref, type, const, enum,
 * pattern, min/max, minLength/maxLength, required, properties without extra fields, items, minItems, oneOf,
 * anyOf, allOf). Empty when it conforms.
 */
export const violations = (schema: Schema, value: unknown, path = '$'): string[] => {
  const s = resolve(schema);
  if (s.oneOf) {
    const matching = (s.oneOf as Schema[]).filter((option) => violations(option, value, path).length === 0).length;
    return matching === 1 ? [] : [`${path}: matches ${matching} oneOf options, expected exactly 1`];
  }
  if (s.anyOf) {
    return (s.anyOf as Schema[]).some((option) => violations(option, value, path).length === 0)
      ? []
      : [`${path}: matches no anyOf option`];
  }
  if (s.allOf) {
    const { allOf, ...rest } = s;
    return [...(allOf as Schema[]).flatMap((part) => violations(part, value, path)), ...violations(rest, value, path)];
  }
  const problems: string[] = [];
  const actual = typeOf(value);
  if (s.type !== undefined) {
    const types = [s.type].flat() as string[];
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number')))
      return [`${path}: ${actual}, expected ${types.join('|')}`];
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value))
    problems.push(`${path}: ${JSON.stringify(value)} ≠ const ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.some((e: unknown) => e === value))
    problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'string') {
    if (s.pattern && !new RegExp(s.pattern, 'u').test(value))
      problems.push(`${path}: "${value}" does not match ${s.pattern}`);
    if (s.maxLength !== undefined && [...value].length > s.maxLength)
      problems.push(`${path}: longer than ${s.maxLength}`);
    if (s.minLength !== undefined && [...value].length < s.minLength)
      problems.push(`${path}: shorter than ${s.minLength}`);
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) problems.push(`${path}: below ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) problems.push(`${path}: above ${s.maximum}`);
  }
  if (actual === 'object' && (s.properties || s.required)) {
    const object = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in object)) problems.push(`${path}.${key}: required but missing`);
    for (const [key, item] of Object.entries(object)) {
      const property = s.properties?.[key];
      if (!property) problems.push(`${path}.${key}: not documented`);
      else problems.push(...violations(property, item, `${path}.${key}`));
    }
  }
  if (actual === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (const [key, item] of Object.entries(value as object))
      problems.push(...violations(s.additionalProperties, item, `${path}.${key}`));
  }
  if (actual === 'array' && s.minItems !== undefined && (value as unknown[]).length < s.minItems)
    problems.push(`${path}: fewer than ${s.minItems} items`);
  if (actual === 'array' && s.items)
    for (const [i, item] of (value as unknown[]).entries())
      problems.push(...violations(s.items, item, `${path}[${i}]`));
  return problems;
};

/** The documented response of an operation with `status`: its media type, body schema and header definitions. */
export const documentedResponse = (method: string, path: string, status: number) => {
  const operation = openapi.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} is not documented`);
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`${method} ${path} documents no ${status}`);
  const { content, headers = {} } = resolve(response);
  const media = Object.keys(content);
  if (media.length !== 1) throw new Error(`${method} ${path} ${status} documents ${media.length} media types`);
  const headerDefs = Object.fromEntries(
    Object.entries(headers as Record<string, Schema>).map(([name, header]) => [name, resolve(header)]),
  );
  return { mediaType: media[0]!, schema: content[media[0]!].schema as Schema, headers: headerDefs };
};

/** The documented JSON schema of an operation's response with `status`. */
export const responseSchema = (method: string, path: string, status: number): Schema => {
  const { mediaType, schema } = documentedResponse(method, path, status);
  if (mediaType !== 'application/json') throw new Error(`${method} ${path} ${status} is ${mediaType}`);
  return schema;
};

/** The documented schema of a WebSocket server event (`x-websocket.serverEvents.<type>`). */
export const serverEventSchema = (type: string): Schema => {
  const event = openapi['x-websocket'].serverEvents[type];
  if (!event) throw new Error(`server event ${type} is not documented`);
  return event.schema;
};

// HAR 1.2 validation for tests (the unit HAR tests and the export e2e): the JSON Schema of the `har-schema`
// package (the one har-validator wraps), compiled with ajv 8.
import { createRequire } from 'node:module';
import { isIPv4, isIPv6 } from 'node:net';
import Ajv from 'ajv';

// The HAR 1.2 JSON Schema from the `har-schema` package (the one har-validator wraps), compiled with ajv 8.
// The schema is draft-06 and uses keywords of its own: `min` (meant as `minimum`: enforced here), `optional` and
// `unique` (no-ops).
type Schema = Record<string, unknown>;
const schemas = structuredClone(createRequire(import.meta.url)('har-schema')) as Record<string, Schema>;
// har-schema 2.0.0 leaves out `type: 'object'` on some object schemas (cache, timings, …), and puts postData.params'
// item schema (required name, …) on the array itself, where it checks nothing; ajv's strict mode refuses both.
// Both are mended as the HAR 1.2 spec means them (stricter, not looser).
const mendTypes = (schema: unknown): void => {
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as Schema;
  if (node.properties !== undefined && node.type === undefined && node.$ref === undefined) node.type = 'object';
  for (const value of Object.values(node)) mendTypes(value);
};
for (const schema of Object.values(schemas)) mendTypes(schema);
const postDataProperties = schemas.postData?.properties as Schema;
const { type: _arrayType, ...paramSchema } = postDataProperties.params as Schema;
postDataProperties.params = { type: 'array', items: { ...paramSchema, type: 'object' } };
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json'));
ajv.addKeyword({
  keyword: 'min',
  type: 'number',
  schemaType: 'number',
  validate: (minimum: number, data: number) => data >= minimum,
});
ajv.addKeyword({ keyword: 'optional', schemaType: 'boolean' });
ajv.addKeyword({ keyword: 'unique', schemaType: 'boolean' });
ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
ajv.addFormat('uri', (value: string) => URL.canParse(value));
ajv.addFormat('ipv4', (value: string) => isIPv4(value));
ajv.addFormat('ipv6', (value: string) => isIPv6(value));
for (const [name, schema] of Object.entries(schemas)) if (name !== 'har') ajv.addSchema(schema);
const validateHar = ajv.compile(schemas.har as object);

/** The schema's complaints about `har` (empty when valid). */
export function harSchemaErrors(har: unknown): unknown[] {
  return validateHar(har) ? [] : [...(validateHar.errors ?? [])];
}

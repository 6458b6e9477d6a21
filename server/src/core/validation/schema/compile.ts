/**
 * Compiles the generated JSON Schemas with ajv, one validator per definition actually used, on
 * first use. ajv does the type, enum, required, range and unknown-field checks in generated code;
 * the error mapping (check.ts) then only runs for documents that have errors.
 *
 * Compiling at run time rather than shipping ajv's standalone output: standalone code for every
 * kind of every minor is about 2.7 MB, eight times the schemas it comes from, while compiling
 * lazily costs a few hundred milliseconds for the first workload kind of a minor (it brings in
 * the PodSpec) and little for each further kind (bench/schema.ts prints both). After that,
 * validation runs the same generated code either way.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { base64Error, quantityError } from './formats';
import { SCHEMAS } from './table';

const SCHEMA_ID = 'k8s';

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (ajv) return ajv;
  const created = new Ajv({
    allErrors: true,
    // The error mapping needs the failing value and the schema node that failed, and words the
    // message itself, so ajv's own messages are not generated.
    verbose: true,
    messages: false,
    allowUnionTypes: true,
    // Shared definitions stay separate functions, so a second kind reuses the PodSpec code.
    inlineRefs: false,
    // The schemas are generated and checked when generated; re-checking them costs start-up time.
    validateSchema: false,
    logger: false,
    // ajv's code optimiser halves compile time when off and slows validation by about 15%;
    // validation is already about 1% of parsing, while compiling delays the first diagnostic.
    code: { optimize: false },
  });
  created.addVocabulary(['x-go', 'x-int-or-string']);
  created.addFormat('quantity', { type: 'string', validate: (s: string) => !quantityError(s) });
  created.addFormat('byte', { type: 'string', validate: (s: string) => !base64Error(s) });
  created.addSchema({ $id: SCHEMA_ID, definitions: SCHEMAS.definitions });
  ajv = created;
  return created;
}

/** The validator of one definition, compiled on first use. */
export function validatorFor(definition: string): ValidateFunction {
  const known = validators.get(definition);
  if (known) return known;
  const compiled = instance().compile({ $ref: `${SCHEMA_ID}#/definitions/${definition}` });
  validators.set(definition, compiled);
  return compiled;
}

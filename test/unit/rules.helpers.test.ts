/** Shared helpers for the API-server rule tests: inline YAML in, exact lines and offsets out. */
import { objectsOf, type ManifestObject } from '../../server/src/core/api/objects';
import { parseManifest } from '../../server/src/core/yaml/parse';

export const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
export const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
export const PERCENT =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
export const MISMATCH = '`selector` does not match template `labels`';

/** The decoded value of the first document. */
export function valueOf(yaml: string): unknown {
  return parseManifest(yaml).documents[0].value;
}

/** Text with `[[` and `]]` around the expected range, the markers removed, and that range. */
export function marked(text: string): { text: string; start: number; end: number } {
  const start = text.indexOf('[[');
  const end = text.indexOf(']]') - 2;
  if (start < 0 || end < start) throw new Error('no [[ ]] marker in the test text');
  return { text: text.replace('[[', '').replace(']]', ''), start, end };
}

export function objects(text: string, uri = 'test.yaml'): ManifestObject[] {
  return objectsOf(uri, parseManifest(text));
}

/** A minimal valid Deployment with room for changes in spec and template. */
export function deployment(spec = '', podSpec = '', name = 'web'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.25
${podSpec}${spec}`;
}

/** Applies text edits (in file offsets) to a text. */
export function applyEdits(
  text: string,
  edits: ReadonlyArray<{ start: number; end: number; newText: string }>,
): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('rules test helpers', () => {
  it('finds a marked range and removes the markers', () => {
    const m = marked('a: [[bc]]\n');
    if (m.text !== 'a: bc\n' || m.text.slice(m.start, m.end) !== 'bc')
      throw new Error(JSON.stringify(m));
  });

  it('applies edits from the end so offsets stay valid', () => {
    const out = applyEdits('abcdef', [
      { start: 1, end: 2, newText: 'X' },
      { start: 4, end: 4, newText: 'Y' },
    ]);
    if (out !== 'aXcdYef') throw new Error(out);
  });
});

/**
 * Image references as the API server reads them to default `imagePullPolicy`
 * (pkg/util/parsers.ParseImageName over the distribution reference grammar).
 */

const NAME_TOTAL_LENGTH_MAX = 255;

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;

/** Hex lengths of the digest algorithms the API server links in. */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

export interface ImageReference {
  /** The tag, or "" when there is none. */
  tag: string;
  /** The digest, or "" when there is none. */
  digest: string;
}

/**
 * Parses an image reference the way ParseNormalizedNamed does, or returns undefined where it
 * fails (then the API server defaults the pull policy as for a tagged image).
 *
 * FIXME: Kubernetes releases before the move to github.com/distribution/reference read a first
 * path component with upper-case letters as a repository name, not a registry, and had no IPv6
 * registry hosts; this follows the newer grammar for every minor.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  if (IDENTIFIER.test(image)) return undefined;
  const [domain, remainder] = splitDockerDomain(image);
  const tagSep = remainder.indexOf(':');
  const remoteName = tagSep >= 0 ? remainder.slice(0, tagSep) : remainder;
  if (remoteName.toLowerCase() !== remoteName) return undefined;

  const m = REFERENCE.exec(`${domain}/${remainder}`);
  if (!m || m[1].length > NAME_TOTAL_LENGTH_MAX) return undefined;
  const digest = m[3] ?? '';
  if (digest && !validDigest(digest)) return undefined;
  return { tag: m[2] ?? '', digest };
}

function splitDockerDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  const first = name.slice(0, i);
  const isDomain =
    i >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let domain = isDomain ? first : 'docker.io';
  let remainder = isDomain ? name.slice(i + 1) : name;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  return [domain, remainder];
}

/** go-digest's Validate: a known algorithm and its exact lower-case hex length. */
function validDigest(digest: string): boolean {
  const i = digest.indexOf(':');
  const length = DIGEST_HEX_LENGTH[digest.slice(0, i)];
  const encoded = digest.slice(i + 1);
  return length !== undefined && encoded.length === length && /^[a-f0-9]+$/.test(encoded);
}

/**
 * The pull policy the API server sets when none is given: `Always` for the tag `latest` or for
 * no tag and no digest, otherwise (including references it cannot parse) `IfNotPresent`.
 */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const ref = parseImageReference(image);
  if (!ref) return 'IfNotPresent';
  const tag = ref.tag === '' && ref.digest === '' ? 'latest' : ref.tag;
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

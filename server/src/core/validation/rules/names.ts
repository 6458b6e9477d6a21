/**
 * Names as apimachinery's util/validation checks them (DNS-1123 label and subdomain, DNS-1035
 * label) and port names and numbers.
 */
import { atLeast, type Minor } from '../../api/versions';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const LABEL_RE = new RegExp(`^${DNS1123_LABEL}$`);
const SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const DNS1035_RE = new RegExp(`^${DNS1035_LABEL}$`);

/** Go's `len`: strings are measured in UTF-8 bytes (at most three per UTF-16 unit). */
export function byteLength(s: string): number {
  return /^[\x00-\x7f]*$/.test(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

/**
 * apimachinery's RegexError. Every example after the first is preceded by `', ` and ` or `, which
 * is why the messages read `'my-name',  or '123-abc'` with two spaces.
 */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const eg = examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

export function maxLenError(length: number, unit: 'characters' | 'bytes' = 'characters'): string {
  return `must be no more than ${length} ${unit}`;
}

export function isDNS1123Label(value: string, minor: Minor): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (LABEL_RE.test(value)) return errs;
  // FIXME: the first release with the "must not contain dots" message is not confirmed from source;
  // it is assumed to be 1.27, with the change that made StatefulSet names DNS labels.
  // A valid subdomain that is not a valid label must contain dots (the length was checked);
  // the API server says so directly since the release that made StatefulSet names DNS labels.
  if (atLeast(minor, '1.27') && SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
  else {
    const msg =
      'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or ' +
      "'-', and must start and end with an alphanumeric character";
    errs.push(regexError(msg, DNS1123_LABEL, 'my-name', '123-abc'));
  }
  return errs;
}

export function isDNS1123Subdomain(
  value: string,
  unit: 'characters' | 'bytes' = 'characters',
): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253, unit));
  if (!SUBDOMAIN_RE.test(value)) {
    const msg =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or " +
      "'.', and must start and end with an alphanumeric character";
    errs.push(regexError(msg, DNS1123_SUBDOMAIN, 'example.com'));
  }
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!DNS1035_RE.test(value)) {
    const msg =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with " +
      'an alphabetic character, and end with an alphanumeric character';
    errs.push(regexError(msg, DNS1035_LABEL, 'my-name', 'abc-123'));
  }
  return errs;
}

/** IANA_SVC_NAME, as container and Service port names must be. */
export function isValidPortName(port: string, minor: Minor): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) {
    // Older servers described the same rule wrongly; the check itself never accepted digits only.
    // FIXME: the release that fixed the wording is not confirmed; 1.26 is assumed to have it.
    errs.push(
      atLeast(minor, '1.26')
        ? 'must contain at least one letter (a-z)'
        : 'must contain at least one letter or number (a-z, 0-9)',
    );
  }
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** A name rule: the messages for a name, where `prefix` means a generateName. */
export type NameRule = (name: string, prefix: boolean, minor: Minor) => string[];

/** generateName may end in '-'; apimachinery masks the end before checking (two bytes, as it does). */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? name.slice(0, -2) + 'a' : name;
}

export const nameIsDNSSubdomain: NameRule = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: NameRule = (name, prefix, minor) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name, minor);
export const nameIsDNS1035Label: NameRule = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

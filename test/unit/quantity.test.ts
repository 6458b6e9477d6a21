import { strict as assert } from 'node:assert';
import {
  canonical,
  compareQuantity,
  ERR_FORMAT_WRONG,
  ERR_SUFFIX,
  isQuantityError,
  parseQuantity,
  parseQuantityText,
  roundUpQuantity,
  storedQuantity,
  storedResourceQuantity,
  type Quantity,
} from '../../server/src/core/api/quantity';

function parsed(input: string | number): Quantity {
  const q = parseQuantity(input);
  if (isQuantityError(q)) assert.fail(`${JSON.stringify(input)} did not parse: ${q.error}`);
  return q;
}

/** The internal fields as the hash prints them: value, scale, cached string, format. */
function fields(input: string | number): [string, number, string, string] {
  const q = parsed(input);
  assert.equal(q.d, null, `${input} took the inf.Dec path`);
  return [q.i.value.toString(), q.i.scale, q.s, q.format];
}

describe('quantity: parsing as apimachinery ParseQuantity', () => {
  const cases: [string | number, [string, number, string, string]][] = [
    ['128Mi', ['134217728', 0, '', 'BinarySI']],
    ['64Mi', ['67108864', 0, '', 'BinarySI']],
    ['170Mi', ['178257920', 0, '170Mi', 'BinarySI']],
    ['1Gi', ['1073741824', 0, '1Gi', 'BinarySI']],
    ['100m', ['100', -3, '100m', 'DecimalSI']],
    ['500m', ['500', -3, '500m', 'DecimalSI']],
    ['2', ['2', 0, '2', 'DecimalSI']],
    ['0', ['0', 0, '0', 'DecimalSI']],
    ['0.5', ['5', -1, '', 'DecimalSI']],
    ['1000m', ['1000', -3, '', 'DecimalSI']],
    ['1e3', ['1', 3, '1e3', 'DecimalExponent']],
    ['+1', ['1', 0, '+1', 'DecimalSI']],
    ['-100m', ['-100', -3, '-100m', 'DecimalSI']],
    // Go checks the digits without leading zeros or the point, so it keeps these inputs as written.
    ['010', ['10', 0, '010', 'DecimalSI']],
    ['1.', ['1', 0, '1.', 'DecimalSI']],
    ['.5', ['5', -1, '', 'DecimalSI']],
    [1, ['1', 0, '1', 'DecimalSI']],
    [0.5, ['5', -1, '', 'DecimalSI']],
    [134217728, ['134217728', 0, '134217728', 'DecimalSI']],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)} as value, scale, s, format ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(fields(input), expected);
    });
  }

  it('trims white space as the JSON decoder does, but ParseQuantity itself does not', () => {
    assert.deepEqual(fields(' 64Mi\n'), ['67108864', 0, '', 'BinarySI']);
    assert.deepEqual(parseQuantityText(' 64Mi'), { error: ERR_FORMAT_WRONG });
  });

  it('takes the inf.Dec path for fractions of binary suffixes and for large values', () => {
    assert.deepEqual(parsed('1.5Gi').d, { unscaled: 1610612736000000000n, scale: 9 });
    assert.deepEqual(parsed('100Ti').d, { unscaled: 109951162777600n * 10n ** 9n, scale: 9 });
    assert.deepEqual(parsed('0.0000000001').d, { unscaled: 1n, scale: 9 }, 'rounded up to 1n');
  });

  it('caps binary quantities at 2^63-1', () => {
    assert.deepEqual(parsed('8Ei').d, { unscaled: 2n ** 63n - 1n, scale: 0 });
  });

  it('returns the decoder errors as values', () => {
    assert.deepEqual(parseQuantity('128MiB'), { error: ERR_FORMAT_WRONG });
    assert.deepEqual(parseQuantity(''), { error: ERR_FORMAT_WRONG });
    assert.deepEqual(parseQuantity('1e'), { error: ERR_SUFFIX });
    assert.deepEqual(parseQuantity('1Ki5'), { error: ERR_SUFFIX });
    assert.deepEqual(parseQuantity(Number.NaN), { error: ERR_FORMAT_WRONG });
    assert.equal(
      ERR_FORMAT_WRONG,
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });

  it('never throws on input of any type', () => {
    for (const v of [null, undefined, {}, [], true, Symbol('x'), 'e'.repeat(1000), '1e99999999']) {
      assert.ok(isQuantityError(parseQuantity(v as never)));
    }
  });
});

describe('quantity: canonical form', () => {
  const cases: [string | number, string][] = [
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1024Mi', '1Gi'],
    ['1.5', '1500m'],
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['1.1Ki', '1126400m'],
    ['1000000', '1M'],
    ['1e3', '1e3'],
    ['1E3', '1E3'],
    ['1e-7', '100e-9'],
    [1e3, '1k'],
    [0.1, '100m'],
    ['0.1m', '100u'],
    ['-0.5', '-500m'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['123Mi', '123Mi'],
    ['0Gi', '0'],
    ['8Ei', '9223372036854775807'],
    // Kubernetes before 1.37 drops a DecimalSI exponent beyond E instead of writing it.
    ['1000E', '1'],
  ];
  for (const [input, expected] of cases) {
    it(`writes ${JSON.stringify(input)} as ${expected}`, () => {
      assert.equal(canonical(parsed(input)), expected);
    });
  }
});

describe('quantity: stored form of resource lists (rounded up to milli-units)', () => {
  const cases: [string | number, string][] = [
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1024Mi', '1Gi'],
    ['0.1m', '1m'],
    ['1.0001m', '2m'],
    ['-0.1m', '-1m'],
    [1e3, '1k'],
    ['100m', '100m'],
    ['1e-7', '1e-3'],
    ['0.0000000001', '1m'],
  ];
  for (const [input, expected] of cases) {
    it(`stores ${JSON.stringify(input)} as ${expected}`, () => {
      assert.equal(storedResourceQuantity(input), expected);
    });
  }

  it('keeps milli precision outside resource lists only as far as nano', () => {
    assert.equal(storedQuantity('0.1m'), '100u');
    assert.deepEqual(storedResourceQuantity('1 Gi'), { error: ERR_FORMAT_WRONG });
  });

  it('keeps the cached string when rounding changes nothing, as Go does', () => {
    const q = roundUpQuantity(parsed('+1'), -3);
    assert.equal(q.s, '+1');
  });
});

describe('quantity: comparison by value', () => {
  const cases: [string | number, string | number, number][] = [
    ['500m', 0.5, 0],
    ['64Mi', '134217728', -1],
    ['1Gi', '1G', 1],
    ['1', '1000m', 0],
    ['1.5Gi', '1536Mi', 0],
    ['-1', '0', -1],
    ['1e3', '1k', 0],
    ['9223372036854775808', '9223372036854775807', 1],
  ];
  for (const [a, b, expected] of cases) {
    it(`compares ${a} with ${b} as ${expected}`, () => {
      assert.equal(compareQuantity(parsed(a), parsed(b)), expected);
      assert.equal(compareQuantity(parsed(b), parsed(a)), -expected || 0);
    });
  }
});

/**
 * infra/private-distribution.cjs on its own: how the distributionMode parameters are checked and
 * what each mode adds to the stack, without osls (test/infra/template.test.ts packages the real
 * thing). Each refusal must stop packaging with a sentence that names the parameter and the fix.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from './cfn.ts';

interface PrivateDistribution {
  mode: string;
  environment: JsonObject;
  resources: { Resources?: JsonObject; Outputs?: JsonObject };
}
type Params = Record<string, string | number | undefined>;
type Make = (context: { resolveVariable: (address: string) => Promise<unknown> }) => Promise<PrivateDistribution>;

const make = createRequire(import.meta.url)('../../infra/private-distribution.cjs') as Make;

const rsa = (modulusLength: number) =>
  generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const KEYS = rsa(2048);
const OTHER_KEYS = rsa(2048);
const SECRET = 'media-distribution/prod/cloudfront-private-key';

/** The parameters as osls resolves them: serverless.yml's defaults, overridden by `params`. */
function resolveVariable(params: Params) {
  const all: Params = {
    distributionMode: 'public',
    privateUrlTtlSeconds: 21600,
    cloudfrontPublicKey: '',
    cloudfrontPrivateKeySecret: SECRET,
    ...params,
  };
  return async (address: string) => {
    const [source, name = ''] = address.split(':');
    if (source !== 'param' || !(name in all)) throw new Error(`Unexpected variable ${address}`);
    return all[name];
  };
}

const privateMode = (params: Params = {}) =>
  make({ resolveVariable: resolveVariable({ distributionMode: 'private', cloudfrontPublicKey: KEYS.publicKey, ...params }) });

async function refusal(params: Params): Promise<Error> {
  const error = await make({ resolveVariable: resolveVariable(params) }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error(`Expected ${JSON.stringify(params)} to be refused.`);
  return error;
}

const fingerprintOf = (pem: string) =>
  createHash('sha256').update(createPublicKey(pem).export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);

describe('public mode (the default)', () => {
  it('adds nothing: no environment, no resources', async () => {
    expect(await make({ resolveVariable: resolveVariable({}) })).toEqual({ mode: 'public', environment: {}, resources: {} });
  });

  it('ignores the private-mode parameters, whatever they hold', async () => {
    const result = await make({
      resolveVariable: resolveVariable({ privateUrlTtlSeconds: 'soon', cloudfrontPublicKey: 'junk', cloudfrontPrivateKeySecret: '' }),
    });
    expect(result.mode).toBe('public');
  });
});

describe('private mode', () => {
  it('makes the public key, a key group trusting it, TrustedKeyGroups on the CDN and an output', async () => {
    const { resources } = await privateMode();
    const keyId = `DistributionSigningKey${fingerprintOf(KEYS.publicKey)}`;
    expect(Object.keys(resources.Resources ?? {}).sort()).toEqual(['DistributionCdn', 'DistributionKeyGroup', keyId].sort());
    expect(resources.Resources?.[keyId]).toMatchObject({
      Type: 'AWS::CloudFront::PublicKey',
      Properties: { PublicKeyConfig: { EncodedKey: KEYS.publicKey } },
    });
    expect(resources.Resources?.DistributionKeyGroup).toMatchObject({
      Type: 'AWS::CloudFront::KeyGroup',
      Properties: { KeyGroupConfig: { Items: [{ Ref: keyId }] } },
    });
    // Only a deep-merge fragment for infra/resources.yml's distribution: no Type, nothing else.
    expect(resources.Resources?.DistributionCdn).toEqual({
      Properties: { DistributionConfig: { DefaultCacheBehavior: { TrustedKeyGroups: [{ Ref: 'DistributionKeyGroup' }] } } },
    });
    expect(resources.Outputs?.CloudFrontKeyPairId).toMatchObject({ Value: { Ref: keyId } });
  });

  it('gives the functions the mode, the TTL, the key id and a Secrets Manager reference to the private key', async () => {
    const { environment } = await privateMode({ privateUrlTtlSeconds: '3600' });
    expect(environment).toEqual({
      DISTRIBUTION_MODE: 'private',
      PRIVATE_URL_TTL_SECONDS: '3600',
      CLOUDFRONT_KEY_PAIR_ID: { Ref: `DistributionSigningKey${fingerprintOf(KEYS.publicKey)}` },
      CLOUDFRONT_PRIVATE_KEY: `{{resolve:secretsmanager:${SECRET}}}`,
    });
  });

  it('takes the secret by ARN too', async () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:cloudfront-private-key-AbCdEf';
    const { environment } = await privateMode({ cloudfrontPrivateKeySecret: arn });
    expect(environment.CLOUDFRONT_PRIVATE_KEY).toBe(`{{resolve:secretsmanager:${arn}}}`);
  });

  it('gives a new key a new logical id and name (CloudFront cannot change a key in place), the same key the same', async () => {
    const ids = async (pem: string) => Object.keys((await privateMode({ cloudfrontPublicKey: pem })).resources.Resources ?? {});
    const first = await ids(KEYS.publicKey);
    expect(await ids(KEYS.publicKey)).toEqual(first);
    const second = await ids(OTHER_KEYS.publicKey);
    expect(second).not.toEqual(first);
    expect(second).toContain('DistributionKeyGroup');
  });

  it.each([
    ['a PEM on several lines (a stage block of serverless.yml)', KEYS.publicKey],
    ['a PEM on one line (tr -d "\\n", as --param needs it)', KEYS.publicKey.replace(/\n/g, '')],
    ['a PEM with literal \\n', KEYS.publicKey.replace(/\n/g, '\\n')],
    ['a PEM with CRLF line ends and spaces around', `  ${KEYS.publicKey.replace(/\n/g, '\r\n')}  `],
    ['the bare base64 of the key', KEYS.publicKey.split('\n').slice(1, -2).join('')],
    ['a PKCS#1 "RSA PUBLIC KEY"', createPublicKey(KEYS.publicKey).export({ type: 'pkcs1', format: 'pem' }).toString()],
  ])('takes the public key as %s, and stores the standard PEM', async (_form, value) => {
    const { resources } = await privateMode({ cloudfrontPublicKey: value });
    const keyId = `DistributionSigningKey${fingerprintOf(KEYS.publicKey)}`;
    expect(resources.Resources?.[keyId]).toMatchObject({ Properties: { PublicKeyConfig: { EncodedKey: KEYS.publicKey } } });
  });

  it.each([1, 21600, 604800, '86400'])('accepts privateUrlTtlSeconds=%s', async (ttl) => {
    const { environment } = await privateMode({ privateUrlTtlSeconds: ttl });
    expect(environment.PRIVATE_URL_TTL_SECONDS).toBe(String(ttl));
  });
});

describe('refusals (packaging stops with a sentence naming the parameter)', () => {
  it.each([['Private'], ['signed'], ['']])('distributionMode=%j', async (mode) => {
    expect((await refusal({ distributionMode: mode })).message).toMatch(/^distributionMode must be "public" or "private", not ".*"\.$/);
  });

  it('a private stack without a public key, telling how to pass one', async () => {
    const error = await refusal({ distributionMode: 'private' });
    expect(error.message).toBe(
      'distributionMode=private needs the CloudFront public key: --param "cloudfrontPublicKey=$(tr -d \'\\n\' < public_key.pem)" (README, "Private distribution").',
    );
    // osls prints the stack of a failed variable source: it is the sentence alone.
    expect(error.stack).toBe(`ParameterError: ${error.message}`);
  });

  it('a multi-line PEM cut to its first line by --param', async () => {
    const error = await refusal({ distributionMode: 'private', cloudfrontPublicKey: '-----BEGIN PUBLIC KEY-----' });
    expect(error.message).toContain('osls --param keeps only the first line of a value');
    expect(error.message).toContain('--param "cloudfrontPublicKey=$(tr -d');
  });

  it.each([
    ['PKCS#8', KEYS.privateKey],
    ['PKCS#1', createPrivateKey(KEYS.privateKey).export({ type: 'pkcs1', format: 'pem' }).toString()],
  ])('a %s private key passed as the public key', async (_format, pem) => {
    const error = await refusal({ distributionMode: 'private', cloudfrontPublicKey: pem });
    expect(error.message).toMatch(/^cloudfrontPublicKey holds a PRIVATE key\./);
    expect(error.message).not.toContain(pem.split('\n')[1]);
  });

  it.each([
    ['a 1024-bit RSA key', rsa(1024).publicKey, /1024-bit RSA key/],
    ['an EC P-256 key', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(), /an ec key/],
    ['text that is no key', 'my-public-key', /is not a PEM public key/],
    ['a corrupted key', KEYS.publicKey.replace(/[A-Za-z]{8}/, 'AAAAAAAA'), /cannot be read as a public key/],
  ])('%s', async (_what, pem, message) => {
    const error = await refusal({ distributionMode: 'private', cloudfrontPublicKey: pem });
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^cloudfrontPublicKey /);
  });

  it.each([[0], [604801], [1.5], ['6h'], ['']])('privateUrlTtlSeconds=%j', async (ttl) => {
    const error = await refusal({ distributionMode: 'private', cloudfrontPublicKey: KEYS.publicKey, privateUrlTtlSeconds: ttl });
    expect(error.message).toMatch(/^privateUrlTtlSeconds must be a whole number of seconds from 1 to 604800 \(7 days\), not ".*"\.$/);
  });

  it.each([[''], ['name with spaces'], ['name}}{{resolve:ssm:x']])('cloudfrontPrivateKeySecret=%j', async (secret) => {
    const error = await refusal({ distributionMode: 'private', cloudfrontPublicKey: KEYS.publicKey, cloudfrontPrivateKeySecret: secret });
    expect(error.message).toMatch(/^cloudfrontPrivateKeySecret must name a Secrets Manager secret/);
  });
});

'use strict';
/**
 * Private distribution in AWS: CloudFront signed URLs. What the `distributionMode`,
 * `privateUrlTtlSeconds`, `cloudfrontPublicKey` and `cloudfrontPrivateKeySecret` parameters of
 * serverless.yml turn into, checked at package time (offline, and before any deploy):
 *
 *   public (default)  nothing at all: the template is byte for byte the public one it always was
 *                     (no key, no key group, no TrustedKeyGroups, no private variables).
 *   private           an AWS::CloudFront::PublicKey holding `cloudfrontPublicKey`; a key group
 *                     trusting it, added to the distribution's default cache behavior as
 *                     TrustedKeyGroups (CloudFront then serves nothing without a valid signature);
 *                     and for every function DISTRIBUTION_MODE=private, PRIVATE_URL_TTL_SECONDS,
 *                     CLOUDFRONT_KEY_PAIR_ID (the PublicKey's id) and CLOUDFRONT_PRIVATE_KEY, a
 *                     Secrets Manager dynamic reference that CloudFormation resolves at deploy
 *                     time: the private key is never in the template, in git or on the machine
 *                     that packages.
 *
 * Returns `{ mode, environment, resources }`: `environment` is what infra/functions.cjs gives each
 * function (empty for public); `resources` is one more element of serverless.yml's `resources:`
 * list, which osls deep-merges with the others, so it can add TrustedKeyGroups to the
 * DistributionCdn of infra/resources.yml (empty for public).
 *
 * Why decided here rather than with CloudFormation Conditions: osls bakes parameters into the
 * template (a condition would compare two constants), and three things cannot be written as a
 * condition over one fixed template:
 *   - CloudFront cannot change a public key in place (UpdatePublicKey changes only the comment),
 *     so the PublicKey's logical id and name carry the key's fingerprint: a new key is a new
 *     resource, created before the key group moves to it and the old one is deleted.
 *   - A public stack has no key, so it must not contain a PublicKey resource at all.
 *   - A public stack must not name a secret that does not exist, not even in a branch that a
 *     condition leaves unused, and must not show a change to every function and to the CDN.
 *
 * serverless.yml: `custom.privateDistribution: ${file(./infra/private-distribution.cjs)}`.
 */
const { createHash, createPublicKey } = require('node:crypto');

/** The longest PRIVATE_URL_TTL_SECONDS lib/config.ts accepts (7 days). */
const MAX_TTL_SECONDS = 7 * 24 * 3600;
const MODES = ['public', 'private'];
const KEY_GROUP = 'DistributionKeyGroup';
/** Secrets Manager names and ARNs; `}` and spaces would break the dynamic reference. */
const SECRET_ID = /^[A-Za-z0-9/_+=.@:-]{1,2048}$/;
const ONE_LINE_HINT = 'pass it on one line: --param "cloudfrontPublicKey=$(tr -d \'\\n\' < public_key.pem)"';

/** A mistake in the parameters: its message is all the deployer needs, so no stack trace. */
class ParameterError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ParameterError';
    // osls prints `error.stack` when a variable source fails; make that the sentence alone.
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * The PEM CloudFront stores, from what a deployer can pass: a PEM (on several lines, on one line
 * as `tr -d '\n'` leaves it, or with literal `\n`), or the bare base64 of the key. Refuses a
 * private key, a truncated PEM, and anything but the RSA 2048 key lib/aws/url-signers.ts signs
 * with (CloudFront also takes ECDSA P-256, but the signer here is RSA-SHA1).
 */
function publicKeyPem(raw) {
  const text = String(raw ?? '').replace(/\\n/g, '\n').trim();
  if (!text) {
    throw new ParameterError(
      'distributionMode=private needs the CloudFront public key: --param "cloudfrontPublicKey=$(tr -d \'\\n\' < public_key.pem)" (README, "Private distribution").',
    );
  }
  const label = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
  if (label && /PRIVATE/.test(label)) {
    throw new ParameterError(
      'cloudfrontPublicKey holds a PRIVATE key. Pass the public key (openssl rsa -pubout) and keep the private key in Secrets Manager only.',
    );
  }
  let input;
  if (label) {
    const pem = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/.exec(text);
    const body = pem?.[2].replace(/\s+/g, '') ?? '';
    if (!pem || !body) {
      throw new ParameterError(
        `cloudfrontPublicKey is not a whole PEM (it starts "${text.split('\n')[0]}" but lacks its key or its END line): osls --param keeps only the first line of a value, so ${ONE_LINE_HINT}.`,
      );
    }
    input = `-----BEGIN ${pem[1]}-----\n${body.match(/.{1,64}/g).join('\n')}\n-----END ${pem[1]}-----\n`;
  } else if (/^[A-Za-z0-9+/=\s]+$/.test(text)) {
    input = { key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' };
  } else {
    throw new ParameterError(`cloudfrontPublicKey is not a PEM public key; ${ONE_LINE_HINT}.`);
  }
  let key;
  try {
    key = createPublicKey(input);
  } catch (error) {
    throw new ParameterError(`cloudfrontPublicKey cannot be read as a public key (${error.message}); ${ONE_LINE_HINT}.`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType !== 'rsa' || bits !== 2048) {
    throw new ParameterError(
      `cloudfrontPublicKey is a${key.asymmetricKeyType === 'rsa' ? ` ${bits}-bit RSA` : `n ${key.asymmetricKeyType}`} key; CloudFront signed URLs here need an RSA 2048-bit key (openssl genrsa -out private_key.pem 2048).`,
    );
  }
  return key.export({ type: 'spki', format: 'pem' });
}

function ttlSeconds(raw) {
  const value = Number(String(raw ?? '').trim());
  if (!Number.isInteger(value) || value < 1 || value > MAX_TTL_SECONDS) {
    throw new ParameterError(`privateUrlTtlSeconds must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS} (7 days), not "${raw}".`);
  }
  return value;
}

/** The CloudFormation pieces of private mode; see the header. */
function privateStack({ ttl, pem, secret }) {
  const fingerprint = createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
  const keyId = `DistributionSigningKey${fingerprint}`;
  const stackNamed = (suffix) => ({ 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, suffix]] });
  return {
    environment: {
      DISTRIBUTION_MODE: 'private',
      PRIVATE_URL_TTL_SECONDS: String(ttl),
      CLOUDFRONT_KEY_PAIR_ID: { Ref: keyId },
      CLOUDFRONT_PRIVATE_KEY: `{{resolve:secretsmanager:${secret}}}`,
    },
    resources: {
      Resources: {
        // Named after the fingerprint too: names are unique per account, and during a key
        // rotation the old and the new key exist side by side for a moment.
        [keyId]: {
          Type: 'AWS::CloudFront::PublicKey',
          Properties: {
            PublicKeyConfig: {
              Name: stackNamed(`signing-${fingerprint}`),
              CallerReference: stackNamed(`signing-${fingerprint}`),
              Comment: 'Verifies the signed URLs that the distribution functions answer',
              EncodedKey: pem,
            },
          },
        },
        [KEY_GROUP]: {
          Type: 'AWS::CloudFront::KeyGroup',
          Properties: {
            KeyGroupConfig: {
              Name: stackNamed('signers'),
              Comment: 'Keys whose signed URLs the distribution accepts',
              Items: [{ Ref: keyId }],
            },
          },
        },
        // Merged into infra/resources.yml's distribution: only requests signed with a key of the
        // group are served, whatever the method and with or without Range. CloudFront checks the
        // signature before it looks at its cache, and the signature parameters reach neither the
        // cache key (CachingOptimized keys no query string) nor S3.
        DistributionCdn: {
          Properties: { DistributionConfig: { DefaultCacheBehavior: { TrustedKeyGroups: [{ Ref: KEY_GROUP }] } } },
        },
      },
      Outputs: {
        CloudFrontKeyPairId: {
          Description: 'Key-Pair-Id of the signed URLs (CLOUDFRONT_KEY_PAIR_ID of the functions)',
          Value: { Ref: keyId },
        },
      },
    },
  };
}

async function privateDistribution({ resolveVariable }) {
  const param = async (name) => resolveVariable(`param:${name}`);
  const mode = String((await param('distributionMode')) ?? '').trim();
  if (!MODES.includes(mode)) {
    throw new ParameterError(`distributionMode must be "public" or "private", not "${mode}".`);
  }
  if (mode === 'public') return { mode, environment: {}, resources: {} };

  const ttl = ttlSeconds(await param('privateUrlTtlSeconds'));
  const secret = String((await param('cloudfrontPrivateKeySecret')) ?? '').trim();
  if (!SECRET_ID.test(secret)) {
    throw new ParameterError(`cloudfrontPrivateKeySecret must name a Secrets Manager secret (name or ARN), not "${secret}".`);
  }
  const pem = publicKeyPem(await param('cloudfrontPublicKey'));
  return { mode, ...privateStack({ ttl, pem, secret }) };
}

module.exports = privateDistribution;

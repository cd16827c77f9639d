import { S3Client } from '@aws-sdk/client-s3';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CloudFrontSignedUrls, S3PresignedUrls } from '../../../lib/aws/url-signers.ts';
import { loadConfig } from '../../../lib/config.ts';

const s3 = new S3Client({ region: 'eu-central-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
const baseEnv = {
  API_TOKEN: 't',
  DISTRIBUTION_BUCKET: 'd',
  STATE_BUCKET: 's',
  WORKSPACE_BUCKET: 'w',
  DISTRIBUTION_BASE_URL: 'https://cdn.example.org',
  JOBS_QUEUE_URL: 'https://sqs/q',
};

describe('private distribution URLs', () => {
  it('are presigned S3 GET URLs that expire after the configured lifetime', async () => {
    const url = new URL(await new S3PresignedUrls(s3, 'dist', 3600).sign('org/ch/mp/el/a b.mp4'));
    expect(url.pathname).toContain('/org/ch/mp/el/a%20b.mp4');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are CloudFront signed URLs expiring at now + lifetime when a key pair is configured', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Date.parse('2026-12-03T12:00:00Z');
    const signer = new CloudFrontSignedUrls('K2JCJMDEHXQW5F', privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), 6 * 3600, () => now);
    const url = new URL(await signer.sign('org/ch/mp/el/x.mp4', 'https://d111.cloudfront.net/org/ch/mp/el/x.mp4'));
    expect(url.origin + url.pathname).toBe('https://d111.cloudfront.net/org/ch/mp/el/x.mp4');
    expect(Number(url.searchParams.get('Expires'))).toBe(now / 1000 + 6 * 3600);
    expect(url.searchParams.get('Key-Pair-Id')).toBe('K2JCJMDEHXQW5F');
    expect(url.searchParams.get('Signature')).toBeTruthy();
  });
});

describe('private distribution configuration', () => {
  it('is off by default', () => {
    expect(loadConfig(baseEnv).privateUrlTtlSeconds).toBeUndefined();
  });

  it('defaults to 6 hours in private mode', () => {
    expect(loadConfig({ ...baseEnv, DISTRIBUTION_MODE: 'private' }).privateUrlTtlSeconds).toBe(21_600);
  });

  it('accepts up to 7 days and refuses more', () => {
    expect(loadConfig({ ...baseEnv, DISTRIBUTION_MODE: 'private', PRIVATE_URL_TTL_SECONDS: '604800' }).privateUrlTtlSeconds).toBe(604_800);
    expect(() => loadConfig({ ...baseEnv, DISTRIBUTION_MODE: 'private', PRIVATE_URL_TTL_SECONDS: '604801' })).toThrow(
      /PRIVATE_URL_TTL_SECONDS must be a whole number from 1 to 604800/,
    );
  });

  it('wants the CloudFront key pair id and key together', () => {
    expect(() => loadConfig({ ...baseEnv, DISTRIBUTION_MODE: 'private', CLOUDFRONT_KEY_PAIR_ID: 'K1' })).toThrow(/go together/);
  });
});

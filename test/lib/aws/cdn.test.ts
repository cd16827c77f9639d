/**
 * The CDN adapter the retracting and re-distributing functions share (sync routes, job worker,
 * event consumer): a CloudFront invalidator exactly when CLOUDFRONT_DISTRIBUTION_ID is configured.
 */
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetConfig } from '../../../lib/config.ts';

const env = {
  API_TOKEN: 't',
  DISTRIBUTION_BUCKET: 'd',
  STATE_BUCKET: 's',
  WORKSPACE_BUCKET: 'w',
  DISTRIBUTION_BASE_URL: 'https://cdn.example.org',
  JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/q',
  AWS_REGION: 'us-east-1',
};

async function loadDeps(extra: Record<string, string> = {}) {
  vi.resetModules();
  for (const [name, value] of Object.entries({ ...env, ...extra })) vi.stubEnv(name, value);
  resetConfig();
  return { cdn: (await import('../../../lib/aws/cdn.ts')).cdn };
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetConfig();
});

describe('cdn', () => {
  it('invalidates on the configured CloudFront distribution', async () => {
    const cloudFront = mockClient(CloudFrontClient);
    cloudFront.on(CreateInvalidationCommand).resolves({});
    const deps = await loadDeps({ CLOUDFRONT_DISTRIBUTION_ID: 'E2EXAMPLE' });
    await deps.cdn!.invalidate(['/org/ch/mp/el/a.mp4']);
    expect(cloudFront.commandCalls(CreateInvalidationCommand)[0]!.args[0].input).toMatchObject({
      DistributionId: 'E2EXAMPLE',
      InvalidationBatch: { Paths: { Items: ['/org/ch/mp/el/a.mp4'] } },
    });
    cloudFront.restore();
  });

  it('is absent without a distribution id', async () => {
    expect((await loadDeps()).cdn).toBeUndefined();
  });
});

import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudFrontInvalidator, MAX_PATHS_PER_INVALIDATION } from '../../../lib/aws/cloudfront-invalidator.ts';

const cloudFront = mockClient(CloudFrontClient);
const noSleep = async () => undefined;
const paths = (n: number) => Array.from({ length: n }, (_, i) => `/org/ch/mp/el/file-${i}.mp4`);
const invalidator = (attempts = 3) =>
  new CloudFrontInvalidator(new CloudFrontClient({ region: 'us-east-1' }), 'E123', { attempts, baseDelayMs: 1, sleep: noSleep });

describe('CloudFrontInvalidator', () => {
  beforeEach(() => cloudFront.reset());

  it('invalidates the paths in one call on the configured distribution', async () => {
    cloudFront.on(CreateInvalidationCommand).resolves({});
    await invalidator().invalidate(paths(3));
    const calls = cloudFront.commandCalls(CreateInvalidationCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject({ DistributionId: 'E123', InvalidationBatch: { Paths: { Quantity: 3, Items: paths(3) } } });
  });

  it('splits more paths than CloudFront takes into batches, dropping duplicates', async () => {
    cloudFront.on(CreateInvalidationCommand).resolves({});
    const many = paths(MAX_PATHS_PER_INVALIDATION + 10);
    await invalidator().invalidate([...many, ...many.slice(0, 5)]);
    const sizes = cloudFront.commandCalls(CreateInvalidationCommand).map((call) => call.args[0].input.InvalidationBatch!.Paths!.Quantity);
    expect(sizes).toEqual([MAX_PATHS_PER_INVALIDATION, 10]);
  });

  it('retries a throttled call with the same caller reference', async () => {
    cloudFront
      .on(CreateInvalidationCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))
      .resolves({});
    await invalidator().invalidate(paths(2));
    const refs = cloudFront.commandCalls(CreateInvalidationCommand).map((call) => call.args[0].input.InvalidationBatch!.CallerReference);
    expect(refs).toHaveLength(2);
    expect(refs[0]).toBe(refs[1]);
  });

  it('retries while too many invalidations are in progress', async () => {
    cloudFront
      .on(CreateInvalidationCommand)
      .rejectsOnce(Object.assign(new Error('Your request contains too many invalidations.'), { name: 'TooManyInvalidationsInProgress' }))
      .resolves({});
    await invalidator().invalidate(paths(1));
    expect(cloudFront.commandCalls(CreateInvalidationCommand)).toHaveLength(2);
  });

  it('does not retry a call that fails the same way every time', async () => {
    cloudFront.on(CreateInvalidationCommand).rejects(Object.assign(new Error('Your request contains one or more invalid invalidation paths.'), { name: 'InvalidArgument' }));
    await expect(invalidator(3).invalidate(paths(1))).rejects.toMatchObject({ name: 'InvalidArgument' });
    expect(cloudFront.commandCalls(CreateInvalidationCommand)).toHaveLength(1);
  });

  it('gives up after the configured attempts and says the CDN is unreachable', async () => {
    cloudFront.on(CreateInvalidationCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    await expect(invalidator(3).invalidate(paths(1))).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    expect(cloudFront.commandCalls(CreateInvalidationCommand)).toHaveLength(3);
  });
});

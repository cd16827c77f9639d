/** The CloudFront invalidator, for the functions that retract or replace files; absent without a distribution. */
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { config } from '../config.ts';
import { CloudFrontInvalidator } from './cloudfront-invalidator.ts';

const distributionId = config().cloudfrontDistributionId;

// CloudFront is a global service whose API lives in us-east-1.
export const cdn = distributionId ? new CloudFrontInvalidator(new CloudFrontClient({ region: 'us-east-1', maxAttempts: 3 }), distributionId) : undefined;

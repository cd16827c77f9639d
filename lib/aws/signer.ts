/** The URL signer of private distribution, for the functions that answer URLs; absent in public mode. */
import { config } from '../config.ts';
import { s3 } from './clients.ts';
import { CloudFrontSignedUrls, S3PresignedUrls } from './url-signers.ts';

const cfg = config();

export const signer =
  cfg.privateUrlTtlSeconds === undefined
    ? undefined
    : cfg.cloudfrontKeyPairId && cfg.cloudfrontPrivateKey
      ? new CloudFrontSignedUrls(cfg.cloudfrontKeyPairId, cfg.cloudfrontPrivateKey, cfg.privateUrlTtlSeconds)
      : new S3PresignedUrls(s3, cfg.distributionBucket, cfg.privateUrlTtlSeconds);

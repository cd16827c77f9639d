/**
 * Private distribution, as Opencast's S3 distribution offers it: the answered URLs are signed
 * and expire. Behind CloudFront they are CloudFront signed URLs (the bucket admits only
 * CloudFront); without a key pair, presigned S3 GET URLs.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl as signCloudFrontUrl } from '@aws-sdk/cloudfront-signer';
import { getSignedUrl as presignS3 } from '@aws-sdk/s3-request-presigner';
import type { UrlSigner } from '../ports.ts';

export class S3PresignedUrls implements UrlSigner {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly ttlSeconds: number,
  ) {}

  sign(key: string): Promise<string> {
    return presignS3(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: this.ttlSeconds });
  }
}

export class CloudFrontSignedUrls implements UrlSigner {
  constructor(
    private readonly keyPairId: string,
    private readonly privateKey: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async sign(_key: string, publicUrl: string): Promise<string> {
    return signCloudFrontUrl({
      url: publicUrl,
      keyPairId: this.keyPairId,
      privateKey: this.privateKey,
      dateLessThan: new Date(this.now() + this.ttlSeconds * 1000).toISOString(),
    });
  }
}

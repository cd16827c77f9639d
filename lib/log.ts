/**
 * One structured JSON logger for every function (Powertools for AWS Lambda: the field's standard,
 * with Lambda context fields and sampling built in). Log ids (job, mediapackage, element), never
 * payloads, mediapackage XML, tokens or source URLs with credentials.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'media-distribution' });

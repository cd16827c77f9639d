import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

// Placeholder until the consumer is implemented: fails every record so nothing is lost.
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => ({
  batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
});

/**
 * Form bodies of the write routes: application/x-www-form-urlencoded (what Opencast's clients
 * send) and multipart/form-data (what browsers and curl -F send). Fields only; a file part is
 * read as a field so `-F mediapackage=@mp.xml` works.
 */
import busboy from 'busboy';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors.ts';
import { header } from './responses.ts';

/** API Gateway refuses larger bodies itself; the local gateway and direct invocations get the same limit here. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type FormFields = Record<string, string>;

export async function parseForm(event: Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>): Promise<FormFields> {
  const contentType = header(event, 'content-type') ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded' && mediaType !== 'multipart/form-data') {
    throw new UnsupportedMediaTypeError(
      `Content-Type ${mediaType ? `"${mediaType}"` : 'is missing; it'} must be application/x-www-form-urlencoded or multipart/form-data.`,
    );
  }
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (body.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`The request body is ${body.length} bytes; the limit is ${MAX_BODY_BYTES} bytes (10 MiB).`);
  }
  return mediaType === 'multipart/form-data' ? parseMultipart(contentType, body) : parseUrlEncoded(body);
}

function parseUrlEncoded(body: Buffer): FormFields {
  const fields: FormFields = {};
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    // The first value wins, as with servlet getParameter().
    if (!(name in fields)) fields[name] = value;
  }
  return fields;
}

function parseMultipart(contentType: string, body: Buffer): Promise<FormFields> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, limits: { fieldSize: MAX_BODY_BYTES, fields: 100, files: 10 } });
    } catch (error) {
      reject(new BadRequestError(`The multipart body can't be read: ${(error as Error).message}.`));
      return;
    }
    const fields: FormFields = {};
    const pending: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      if (!(name in fields)) fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      pending.push(
        new Promise((done, fail) => {
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            if (!(name in fields)) fields[name] = Buffer.concat(chunks).toString('utf8');
            done();
          });
          stream.on('error', fail);
        }),
      );
    });
    parser.on('error', (error: Error) => reject(new BadRequestError(`The multipart body is malformed: ${error.message}.`)));
    parser.on('close', () => {
      Promise.all(pending).then(() => resolve(fields), reject);
    });
    parser.end(body);
  });
}

/** A required, non-empty field. */
export function requiredField(fields: FormFields, name: string): string {
  const value = fields[name];
  if (value === undefined || value.trim() === '') {
    throw new BadRequestError(`The form parameter "${name}" is required.`);
  }
  return value;
}

/** `true`/`false` (any case); absent means the default. */
export function booleanField(fields: FormFields, name: string, fallback: boolean): boolean {
  const value = fields[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new BadRequestError(`The form parameter "${name}" must be true or false, not "${fields[name]}".`);
}

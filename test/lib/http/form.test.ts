import { describe, expect, it } from 'vitest';
import { booleanField, MAX_BODY_BYTES, parseForm, requiredField } from '../../../lib/http/form.ts';

const event = (contentType: string | undefined, body: string | Buffer, base64 = false) => ({
  headers: contentType ? { 'content-type': contentType } : {},
  body: base64 ? Buffer.from(body).toString('base64') : body.toString(),
  isBase64Encoded: base64,
});

function multipart(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = '----test-boundary';
  let body = '';
  for (const [name, value] of Object.entries(fields)) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  if (file) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="mp.xml"\r\nContent-Type: text/xml\r\n\r\n${file.content}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

describe('parseForm', () => {
  it('reads urlencoded fields, + as space, the first of repeated fields', async () => {
    const fields = await parseForm(event('application/x-www-form-urlencoded; charset=UTF-8', 'channelId=a+b&elementId=%5B%22x%22%5D&channelId=c'));
    expect(fields).toEqual({ channelId: 'a b', elementId: '["x"]' });
  });

  it('reads base64-encoded bodies as API Gateway delivers them', async () => {
    expect(await parseForm(event('application/x-www-form-urlencoded', 'channelId=x', true))).toEqual({ channelId: 'x' });
  });

  it('reads multipart fields and a file part as a field', async () => {
    const { contentType, body } = multipart({ channelId: 'engage' }, { name: 'mediapackage', content: '<mediapackage id="ü"/>' });
    expect(await parseForm(event(contentType, body, true))).toEqual({ channelId: 'engage', mediapackage: '<mediapackage id="ü"/>' });
  });

  it('answers 415 for other content types, naming the ones accepted', async () => {
    await expect(parseForm(event('application/json', '{}'))).rejects.toMatchObject({
      name: 'UnsupportedMediaTypeError',
      message: 'Content-Type "application/json" must be application/x-www-form-urlencoded or multipart/form-data.',
    });
    await expect(parseForm(event(undefined, ''))).rejects.toMatchObject({ name: 'UnsupportedMediaTypeError' });
  });

  it('answers 413 over 10 MiB', async () => {
    const body = Buffer.alloc(MAX_BODY_BYTES + 1, 'a');
    await expect(parseForm(event('application/x-www-form-urlencoded', body, true))).rejects.toMatchObject({ name: 'PayloadTooLargeError' });
  });

  it('answers 400 for a multipart body without its boundary', async () => {
    await expect(parseForm(event('multipart/form-data', 'x'))).rejects.toMatchObject({ name: 'BadRequestError' });
  });
});

describe('fields', () => {
  it('requiredField names the missing parameter', () => {
    expect(() => requiredField({ channelId: ' ' }, 'channelId')).toThrow('The form parameter "channelId" is required.');
  });

  it('booleanField takes true/false in any case, defaults when absent, refuses anything else', () => {
    expect(booleanField({ a: 'TRUE' }, 'a', false)).toBe(true);
    expect(booleanField({}, 'a', true)).toBe(true);
    expect(() => booleanField({ a: 'yes' }, 'a', true)).toThrow('The form parameter "a" must be true or false, not "yes".');
  });
});

// Minimal multipart/form-data parser: Discord bodies are `payload_json` plus `files[n]` parts.
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string | undefined;
  content: Buffer;
}

export interface MultipartBody {
  json: unknown;
  files: UploadedFile[];
}

export function parseMultipart(raw: Buffer, contentType: string): MultipartBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) throw new Error('multipart body without boundary');
  const delimiter = Buffer.from(`--${b}`);
  const files: UploadedFile[] = [];
  let json: unknown;
  let pos = raw.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    const next = raw.indexOf(delimiter, start);
    if (next < 0) break;
    // Part = CRLF headers CRLF CRLF content CRLF
    const part = raw.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
    if (name === 'payload_json') json = JSON.parse(content.toString('utf8'));
    else if (filename !== undefined)
      files.push({ field: name, filename, contentType: type, content: Buffer.from(content) });
    pos = next;
  }
  return { json, files };
}

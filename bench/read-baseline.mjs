// The floor for `score --format summary`: read the same JSONL the same way the contact reader
// does (1 MiB chunks, readline, JSON.parse per line) and do nothing else.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const lines = createInterface({
  input: createReadStream(process.argv[2], { highWaterMark: 1 << 20 }),
  crlfDelay: Infinity,
});
let contacts = 0;
for await (const line of lines) {
  if (line.trim() === '') continue;
  if (JSON.parse(line).id !== undefined) contacts++;
}
console.log(`${contacts} contacts read`);

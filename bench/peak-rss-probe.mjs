// Preloaded with `node --import` into a benchmarked child: reports its peak resident memory
// on exit, so the benchmark needs no platform tool such as /usr/bin/time.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
